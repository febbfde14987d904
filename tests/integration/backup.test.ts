import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asLogDb, asLogHandle, openDatabase, type DbHandle } from '@/db/client';
import {
  BackupError,
  backupEmbedded,
  backupServer,
  installEmbeddedBackupListener,
  restoreEmbedded,
  restoreServer,
} from '@/db/backup';
import { DEMO_LOGINS } from '@/db/demo';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { verifyLedger } from '@/db/queries/inventory-ops';
import { applyMovement } from '@/db/queries/inventory-stock';
import { rebaseRollupCursor, runRollup, verifyRollups } from '@/db/queries/observability-rollup';
import { writeOperationLogs } from '@/db/queries/oplog-write';
import { findUserByEmail } from '@/db/queries/staff';
import { seedDemo } from '@/db/seed';
import { simulateTraffic } from '@/db/simulate-traffic';
import { verifyPassword } from '@/lib/server/password';
import { failed, opEntry } from '../support/oplog-factories';
import { createServerDatabase } from '../support/server-db';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';

const t = useTestDatabase();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-backup-'));

/** Row count and an order-independent checksum of every table (partitions and their parent alike). */
async function fingerprint(handle: DbHandle): Promise<Record<string, string>> {
  const tables = await handle.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await handle.query<{ n: string; sum: string }>(
      `select count(*)::text as n, md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as sum from ${name} t`,
    );
    out[name] = `${row!.n}:${row!.sum}`;
  }
  return out;
}

/** Writes stock movements and op-log rows until stopped, like a server in use during the backup. */
function keepWriting(handle: DbHandle) {
  let stop = false;
  let writes = 0;
  const done = (async () => {
    const [level] = await handle.query<{ variant_id: string; location_id: string }>(
      'select variant_id, location_id from stock_levels order by id limit 1',
    );
    while (!stop) {
      await applyMovement(handle.db, SYSTEM_ACTOR, {
        variantId: level!.variant_id,
        locationId: level!.location_id,
        kind: 'receipt',
        quantity: 1,
        reference: 'backup drill',
      });
      await writeOperationLogs(handle, [opEntry(), failed('TIMEOUT')]);
      writes++;
      // Yield to the event loop as a server between requests does (PGlite's queries alone never leave the microtask queue).
      await new Promise((r) => setImmediate(r));
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return writes;
    },
  };
}

/** What must hold in any restored copy: the ledger, the rollups against the raw log, and the demo logins. */
async function expectSound(handle: DbHandle) {
  expect((await verifyLedger(handle.db)).drift).toEqual([]);
  await runRollup(asLogDb(handle.db));
  // Per hour: raw rows against the hour rollup summed over proxy and auth type (the '*' rows).
  const drift = await handle.query<{ hour: string; raw: string; rolled: string }>(
    `select coalesce(r.hour, c.bucket)::text as hour, coalesce(r.n, 0)::text as raw, coalesce(c.n, 0)::text as rolled
       from (select date_trunc('hour', created_at) as hour, count(*) as n from operation_logs group by 1) r
       full join (select bucket, sum(n) as n from oplog_rollup_counts where grain = 'hour' and proxy = '*' and auth_type = '*' group by 1) c
         on c.bucket = r.hour
      where coalesce(r.n, 0) <> coalesce(c.n, 0)`,
  );
  expect(drift).toEqual([]);
  const [raw] = await handle.query<{ n: string }>('select count(*)::text as n from operation_logs');
  expect(Number(raw!.n)).toBeGreaterThan(3_000);
  const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;
  const user = await findUserByEmail(handle.db, admin.email);
  expect(user && (await verifyPassword(user.passwordHash, admin.password))).toBe(true);
}

async function seed(handle: DbHandle) {
  expect(await seedDemo(handle.db)).toBe(true);
  await simulateTraffic(asLogHandle(handle), { rows: 3_000, days: 2, users: 20, seed: 11, now: new Date() });
  await runRollup(asLogDb(handle.db));
}

describe('after a logical restore from another cluster', () => {
  it('op-log rows and the rollup cursor numbered ahead of this cluster are rebased, so old and new rows are all counted once', async () => {
    await writeOperationLogs(t.handle, [opEntry(), opEntry(), failed('TIMEOUT')]);
    await runRollup(asLogDb(t.handle.db)); // counted
    await writeOperationLogs(t.handle, [opEntry(), failed('AUTH_REQUIRED')]); // restored before it was counted
    // What a pg_restore into a younger cluster looks like: every id a billion ahead of this cluster's.
    const ahead = (col: string) => `(${col}::text::numeric + 1000000000)::text::xid8`;
    await t.handle.query(`update operation_logs set xid = ${ahead('xid')}`);
    await t.handle.query(
      `update oplog_rollup_state set cursor_xid = ${ahead('cursor_xid')}, target_xid = ${ahead('target_xid')}`,
    );
    expect(await rebaseRollupCursor(asLogDb(t.handle.db))).toBe(5);
    expect(await rebaseRollupCursor(asLogDb(t.handle.db))).toBe(0); // once

    await writeOperationLogs(t.handle, [opEntry(), opEntry()]); // written after the restore
    await runRollup(asLogDb(t.handle.db));
    const range = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 3_600_000) };
    const verified = await verifyRollups(asLogDb(t.handle.db), range);
    expect(verified.drift).toEqual([]);
    expect(verified.rawRows).toBe(7); // every row counted, none twice
  });
});

// PGlite is one connection in one process; the server drill needs pg_dump against a real server.
if (TEST_DRIVER === 'pglite') {
  describe('backup and restore drill: embedded (PGlite)', () => {
    it('a backup taken by the holding process while writes continue restores a sound copy; a quiet one restores an identical copy', {
      timeout: 600_000,
    }, async () => {
      const dir = t.handle.target;
      const stopListening = installEmbeddedBackupListener(t.handle.pglite!, dir);
      try {
        await seed(t.handle);
        const work = tmp();
        const writer = keepWriting(t.handle);
        const during = await backupEmbedded(dir, path.join(work, 'during.tar.gz'));
        expect(during.via).toBe('server'); // this process holds the data dir, as the server would
        expect(await writer.stop()).toBeGreaterThan(0);
        const quiet = await backupEmbedded(dir, path.join(work, 'quiet.tar.gz'));
        const source = await fingerprint(t.handle);

        const target = path.join(work, 'restored');
        await restoreEmbedded(quiet.file, target);
        const restored = await openDatabase({ driver: 'pglite', dir: target, holder: 'drill' });
        try {
          expect(await fingerprint(restored)).toEqual(source);
        } finally {
          await restored.close();
        }
        await expect(restoreEmbedded(quiet.file, target)).rejects.toThrow(/not empty.*--force/);
        await restoreEmbedded(during.file, target, { force: true });
        const mid = await openDatabase({ driver: 'pglite', dir: target, holder: 'drill' });
        try {
          await expectSound(mid);
        } finally {
          await mid.close();
        }
        fs.rmSync(work, { recursive: true, force: true });
      } finally {
        stopListening();
      }
    });
  });
} else {
  describe('backup and restore drill: PostgreSQL server (pg_dump / pg_restore)', () => {
    const freshDatabase = () => createServerDatabase(t.url!, 'bobbin_restore');

    it('pg_dump while writes continue restores a sound copy; a quiet dump restores an identical copy; a non-empty target is refused', async () => {
      await seed(t.handle);
      const work = tmp();
      const writer = keepWriting(t.handle);
      const during = await backupServer(t.url!, path.join(work, 'during.dump'));
      expect(await writer.stop()).toBeGreaterThan(0);
      const quiet = await backupServer(t.url!, path.join(work, 'quiet.dump'));
      const source = await fingerprint(t.handle);

      const a = await freshDatabase();
      const b = await freshDatabase();
      try {
        await restoreServer(quiet.file, a.url);
        const restored = await openDatabase({ driver: 'pg', url: a.url, max: 2 });
        try {
          expect(await fingerprint(restored)).toEqual(source);
        } finally {
          await restored.close();
        }
        const refused = restoreServer(quiet.file, a.url);
        await expect(refused).rejects.toBeInstanceOf(BackupError);
        await expect(refused).rejects.toThrow(/not empty.*--force/);

        await restoreServer(during.file, b.url);
        const mid = await openDatabase({ driver: 'pg', url: b.url, max: 2 });
        try {
          await expectSound(mid);
        } finally {
          await mid.close();
        }
      } finally {
        await a.drop();
        await b.drop();
        fs.rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
