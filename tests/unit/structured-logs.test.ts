import { describe, expect, it } from 'vitest';
import { acceptRequestId } from '@/lib/request-id';
import { createLogger, prettyDestination } from '@/lib/server/log';
import { runWithRequest } from '@/lib/server/request-context';
import { summarizeSql } from '@/lib/server/tracing';

function capture() {
  const lines: string[] = [];
  return { lines, dest: { write: (s: string) => void lines.push(s) } };
}

describe('structured logs', () => {
  it('writes one JSON line with level, time, message, the request id and the fields passed', () => {
    const { lines, dest } = capture();
    const log = createLogger(dest, 'info');
    runWithRequest({ requestId: 'req-12345678' }, () =>
      log.info({ method: 'POST', route: '/api/jobs/rollup', status: 401, ms: 3, keyId: 'k1' }, 'request'),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'req-12345678',
      method: 'POST',
      route: '/api/jobs/rollup',
      status: 401,
      ms: 3,
      keyId: 'k1',
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('redacts secrets at any depth, as the op-log does, and keeps errors readable', () => {
    const { lines, dest } = capture();
    const log = createLogger(dest, 'info');
    log.error(
      {
        userId: 'u1',
        password: 'hunter2',
        headers: { authorization: 'Bearer bob_secret', cookie: 'next-auth.session-token=abc' },
        body: [{ apiKey: 'bob_x', name: 'ok' }],
        err: new Error('boom'),
      },
      'route failed',
    );
    const text = lines.join('');
    for (const secret of ['hunter2', 'bob_secret', 'session-token=abc', 'bob_x']) expect(text).not.toContain(secret);
    const line = JSON.parse(lines[0]!) as Record<string, any>;
    expect(line).toMatchObject({
      level: 'error',
      userId: 'u1',
      password: '[REDACTED]',
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' },
      body: [{ apiKey: '[REDACTED]', name: 'ok' }],
    });
    expect(line.err).toMatchObject({ type: 'Error', message: 'boom' });
    expect(line.err.stack).toContain('boom');
  });

  it("leaves a failed statement's parameter values out of the error", () => {
    const { lines, dest } = capture();
    const log = createLogger(dest, 'info');
    const err = Object.assign(
      new Error(
        'Failed query: insert into "staff_users" ("email", "password_hash") values ($1, $2)\nparams: mona@example.test,$argon2id$v=19$abc',
      ),
      {
        query: 'insert into "staff_users" ("email", "password_hash") values ($1, $2)',
        params: ['mona@example.test', '$argon2id$v=19$abc'],
      },
    );
    log.error({ err }, 'action threw');
    expect(lines.join('')).not.toMatch(/argon2id|mona@example/);
    expect(JSON.parse(lines[0]!).err).toMatchObject({
      query: 'insert into "staff_users" ("email", "password_hash") values ($1, $2)',
      message: expect.stringContaining('params: [REDACTED]'),
    });
  });

  it('drops lines below the level and has no request id outside a request', () => {
    const { lines, dest } = capture();
    const log = createLogger(dest, 'warn');
    log.info('quiet');
    log.warn({ job: 'rollup' }, 'loud');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'loud', job: 'rollup' });
    expect(line).not.toHaveProperty('requestId');
  });

  it('prints a short human line in development', () => {
    const out: string[] = [];
    const log = createLogger(prettyDestination({ write: (s: string) => out.push(s) }), 'info');
    runWithRequest({ requestId: 'req-abcdefgh' }, () => log.info({ route: '/x', status: 200 }, 'request'));
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d INFO  request requestId=req-abcdefgh route=\/x status=200\n$/);
  });
});

describe('request ids', () => {
  it('keeps a sane incoming id and replaces anything else', () => {
    expect(acceptRequestId('01HZX3K9V7Q2M4N6P8R0S2T4V6')).toBe('01HZX3K9V7Q2M4N6P8R0S2T4V6');
    expect(acceptRequestId('support-case-4711-abc')).toBe('support-case-4711-abc');
    for (const bad of [
      null,
      '',
      'short',
      'has space in it',
      'x'.repeat(129),
      '<script>alert(1)</script>',
      'line\nbreak-12345',
    ]) {
      expect(acceptRequestId(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('statement names for database spans', () => {
  it('names the operation and the first table, never literals or parameters', () => {
    expect(summarizeSql('select "id", "sku" from "product_variants" where "sku" = $1')).toEqual({
      operation: 'SELECT',
      table: 'product_variants',
      summary: 'SELECT product_variants',
    });
    expect(summarizeSql('insert into "stock_movements" ("a") values ($1), ($2)').summary).toBe(
      'INSERT stock_movements',
    );
    expect(summarizeSql('update "stock_levels" set "on_hand" = 3 where id = \'secret\'').summary).toBe(
      'UPDATE stock_levels',
    );
    expect(summarizeSql('delete from public.job_leases where name = $1').summary).toBe('DELETE public.job_leases');
    expect(summarizeSql('  begin').summary).toBe('BEGIN');
    expect(summarizeSql('select 1').summary).toBe('SELECT');
    expect(
      summarizeSql(
        '-- from the partitions of the month\n/* one */ CREATE TABLE IF NOT EXISTS "operation_logs_2026_11" (id int)',
      ).summary,
    ).toBe('CREATE operation_logs_2026_11');
    expect(summarizeSql('create index if not exists "x_idx" on "stock_levels" (sku)').summary).toBe(
      'CREATE stock_levels',
    );
  });
});
