import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { acquirePgliteLock, DataDirInUse, lockPath } from '@/db/pglite-lock';

// Each test spawns tsx (a cold TypeScript start): seconds on a loaded machine, so not the 5 s unit default.
vi.setConfig({ testTimeout: 90_000 });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-lock-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs an npm script's entry file the way `npm run` does, with a controlled environment. */
function runScript(file: string, env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

/** A script's failure is one JSON log line on stderr (the logger's, not a terminal here); its message is the line. */
function failureLine(stderr: string): string {
  const lines = stderr.split('\n');
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]!) as { level: string; msg: string; script: string };
  expect(line.level).toBe('error');
  return line.msg;
}

describe('PGlite data dir lock', () => {
  it('refuses a dir held by a live process and takes over a stale lock', async () => {
    const dir = path.join(tmp, 'held');
    const holder = spawn('sleep', ['30']);
    fs.writeFileSync(lockPath(dir), JSON.stringify({ pid: holder.pid, holder: 'the Bobbin server' }));
    expect(() => acquirePgliteLock(dir, 'test')).toThrow(DataDirInUse);
    expect(() => acquirePgliteLock(dir, 'test')).toThrow(/in use by the Bobbin server \(pid \d+\)/);
    holder.kill();
    await new Promise((r) => holder.once('exit', r));
    const release = acquirePgliteLock(dir, 'test');
    expect(JSON.parse(fs.readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
  });

  it('makes a script refuse, with one line, while a server holds the dir', () => {
    const dir = path.join(tmp, 'served');
    fs.writeFileSync(lockPath(dir), JSON.stringify({ pid: process.pid, holder: 'the Bobbin server' })); // this test process is alive
    const { code, stderr } = runScript('scripts/db-migrate.ts', { PGLITE_DIR: dir });
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(
      /^db:migrate: the embedded database .* is in use by the Bobbin server \(pid \d+\); stop it first/,
    );
  });
});

describe('start-up errors are one clear line', () => {
  it('names a malformed DATABASE_URL', () => {
    const { code, stderr } = runScript('scripts/db-migrate.ts', { DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(1);
    expect(failureLine(stderr)).toBe(
      'db:migrate: DATABASE_URL must look like postgres://user:password@host:5432/database',
    );
  });

  it('says an unreachable server cannot be reached', () => {
    const { code, stderr } = runScript('scripts/db-migrate.ts', {
      DATABASE_URL: 'postgres://bobbin@127.0.0.1:1/bobbin',
    });
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(
      /^db:migrate: cannot reach the database at 127\.0\.0\.1:1\/bobbin \(ECONNREFUSED\)/,
    );
  });

  it('user:create validates its arguments', () => {
    const { code, stderr } = runScript('scripts/user-create.ts', { PGLITE_DIR: path.join(tmp, 'cli') }, [
      '--email',
      'x@example.test',
      '--role',
      'owner',
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^user:create: --role must be one of admin, merchandiser, support/);
  });
});

describe('GET /api/health', () => {
  it('answers 503 with the reason when the database is unreachable', async () => {
    const { openDatabase, setDbHandle } = await import('@/db/client');
    const { GET } = await import('@/app/api/health/route');
    const handle = await openDatabase({ driver: 'pg', url: 'postgres://bobbin@127.0.0.1:1/bobbin' });
    setDbHandle(handle);
    try {
      const res = await GET(new Request('http://test.local/api/health'), { params: Promise.resolve({}) });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        status: 'unavailable',
        database: 'unreachable',
        failed: ['database'],
        reason: expect.stringMatching(/^cannot reach the database at 127\.0\.0\.1:1\/bobbin \(ECONNREFUSED\)/),
      });
    } finally {
      setDbHandle(null);
      await handle.close();
    }
  });
});
