import crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { surveyResponses } from '@/db/schema';
import { SUBMIT_LIMIT } from '@/db/queries/survey-responses';
import { useTestDatabase } from '../support/test-db';
import { makePublishedSurvey } from '../support/survey-factories';

// The action reads the client address from the request headers: the socket stamp scripts/server.mjs adds
// (see lib/client-address.ts), and whatever X-Forwarded-For the client wrote. Each test picks its own.
const client = vi.hoisted(() => {
  process.env.BOBBIN_PEER_TOKEN = 'test-peer-token';
  return { ip: '203.0.113.7', forwardedFor: '' };
});
vi.mock('next/headers', () => ({
  headers: async () =>
    new Headers({
      'x-bobbin-peer': `test-peer-token ${client.ip}`,
      ...(client.forwardedFor ? { 'x-forwarded-for': client.forwardedFor } : {}),
    }),
}));
vi.mock('@/lib/server/secret', () => ({ resolveAuthSecret: () => 'x'.repeat(32) }));

const { submitSurvey } = await import('@/app/s/[slug]/actions');

const t = useTestDatabase();
beforeEach(async () => {
  client.ip = `203.0.113.${crypto.randomInt(1, 250)}`;
  client.forwardedFor = '';
});

function form(
  s: { slug: string; versionId: string },
  fields: Record<string, string | string[]>,
  token = crypto.randomBytes(18).toString('base64url'),
) {
  const fd = new FormData();
  fd.set('slug', s.slug);
  fd.set('versionId', s.versionId);
  fd.set('idempotencyToken', token);
  fd.set('$ACTION_ID_abc', ''); // Next's own fields are ignored
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

describe('the public submit action', () => {
  it('answers field errors with what was typed (for the no-JS page), and stores nothing', async () => {
    const s = await makePublishedSurvey(t.handle.db);
    const result = await submitSurvey(null, form(s, { q_fit: 'loose', q_why: '', email: 'not-an-email' }));
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { email: ['Enter a valid email address, or leave it empty.'] },
    });
    const second = await submitSurvey(null, form(s, { q_fit: 'loose', email: 'a@example.test' }));
    expect(second).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { top: ['Please choose an answer.'], why: ['Please answer this question.'] },
      submitted: { q_fit: 'loose', email: 'a@example.test' },
    });
    expect(await t.handle.db.select().from(surveyResponses)).toEqual([]);
  });

  it('stores a valid response once per idempotency token', async () => {
    const s = await makePublishedSurvey(t.handle.db);
    const fd = () => form(s, { q_top: 'M', q_fit: 'slim', email: 'b@example.test' }, 'same-token-1234567890');
    const [a, b] = await Promise.all([submitSurvey(null, fd()), submitSurvey(null, fd())]);
    expect(a).toMatchObject({ ok: true, data: { thankYou: 'Thanks!' } });
    expect(b).toMatchObject({ ok: true });
    const rows = await t.handle.db.select().from(surveyResponses);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]!.ipHash).not.toContain(client.ip);
  });

  it('looks successful to a bot that fills the honeypot, but stores nothing', async () => {
    const s = await makePublishedSurvey(t.handle.db);
    expect(
      await submitSurvey(null, form(s, { q_top: 'M', q_fit: 'slim', website: 'http://spam.example' })),
    ).toMatchObject({ ok: true });
    expect(await t.handle.db.select().from(surveyResponses)).toEqual([]);
  });

  it('refuses past the per-address limit, while another address still gets through', async () => {
    const s = await makePublishedSurvey(t.handle.db);
    const results = [];
    for (let i = 0; i < SUBMIT_LIMIT.max + 1; i++)
      results.push(await submitSurvey(null, form(s, { q_top: 'S', q_fit: 'slim' })));
    expect(results.slice(0, SUBMIT_LIMIT.max).every((r) => r.ok)).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false, code: 'rate_limited' });
    client.ip = '198.51.100.1';
    expect(await submitSurvey(null, form(s, { q_top: 'S', q_fit: 'slim' }))).toMatchObject({ ok: true });
  });

  it('counts the socket address: a spoofed X-Forwarded-For neither escapes the limit nor spends another address', async () => {
    const s = await makePublishedSurvey(t.handle.db);
    client.ip = '192.0.2.150';
    for (let i = 0; i < SUBMIT_LIMIT.max; i++) {
      client.forwardedFor = `198.51.100.${i + 1}`;
      expect(await submitSurvey(null, form(s, { q_top: 'S', q_fit: 'slim' }))).toMatchObject({ ok: true });
    }
    client.forwardedFor = '198.51.100.200';
    expect(await submitSurvey(null, form(s, { q_top: 'S', q_fit: 'slim' }))).toMatchObject({
      ok: false,
      code: 'rate_limited',
    });
    // The addresses written in the header were never counted: their owner submits normally.
    client.ip = '198.51.100.1';
    client.forwardedFor = '';
    expect(await submitSurvey(null, form(s, { q_top: 'S', q_fit: 'slim' }))).toMatchObject({ ok: true });
  });

  it('refuses oversized answers', async () => {
    const s = await makePublishedSurvey(t.handle.db);
    const result = await submitSurvey(null, form(s, { q_top: 'S', q_fit: 'slim', q_x: 'y'.repeat(70 * 1024) }));
    expect(result).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('too long') });
    expect(await t.handle.db.select().from(surveyResponses)).toEqual([]);
  });
});
