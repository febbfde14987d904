import { sql } from 'drizzle-orm';
import { getDbHandle, getLogDbHandle, type DbHandle } from '../../db/client';
import { migrationState, type JournalName } from '../../db/migrate';
import { describeStartupError } from './boot';
import { log } from './log';
import { isDraining } from './shutdown';

export type Readiness = { ok: boolean; body: Record<string, unknown> };

/** A journal's reason to be behind, naming the journal but no internals. */
async function journalBehind(
  handle: DbHandle,
  name: JournalName,
): Promise<{ applied: string | null; reason?: string }> {
  const state = await migrationState(handle, name);
  if (state.pending === 0) return { applied: state.applied };
  return {
    applied: state.applied,
    reason: `${state.pending} ${name} journal migration(s) not applied; latest is ${state.latest}`,
  };
}

/**
 * Whether this process should receive traffic: not draining (a stop signal arrived), the database answers, every
 * migration of the main journal is applied, and the op-log side is current too: the log database answers (when
 * LOG_DATABASE_URL sets it apart) and the log journal (drizzle-log/) is applied where it lives, the log database
 * or, without one, the main database (docs/adr/0011-log-database.md). The body names the check that failed.
 */
export async function readiness(): Promise<Readiness> {
  if (isDraining()) return { ok: false, body: { status: 'draining', reason: 'the process is shutting down' } };
  let target: string | undefined;
  let handle: DbHandle;
  let main: Awaited<ReturnType<typeof journalBehind>>;
  try {
    handle = await getDbHandle();
    target = handle.target;
    await handle.db.execute(sql`select 1`);
    main = await journalBehind(handle, 'main');
  } catch (err) {
    return {
      ok: false,
      body: {
        status: 'unavailable',
        database: 'unreachable',
        failed: ['database'],
        reason: describeStartupError(err, target),
      },
    };
  }
  const body: Record<string, unknown> = {
    status: 'ok',
    database: 'reachable',
    driver: handle.driver,
    migration: main.applied,
  };
  const failed: string[] = [];
  const reasons: string[] = [];
  if (main.reason) {
    failed.push('migrations');
    reasons.push(main.reason);
  }
  try {
    const logHandle: DbHandle = await getLogDbHandle();
    const apart = logHandle !== handle;
    if (apart) await logHandle.db.execute(sql`select 1`);
    body.logDatabase = apart ? 'reachable' : 'main';
    const logJournal = await journalBehind(logHandle, 'log');
    body.logMigration = logJournal.applied;
    if (logJournal.reason) {
      failed.push('log-migrations');
      reasons.push(logJournal.reason);
    }
  } catch (err) {
    // The driver's message may name hosts or users: it goes to the server log, the probe gets the check's name.
    log.warn({ reason: (err as Error).message }, 'readiness: the log database does not answer');
    body.logDatabase = 'unreachable';
    failed.push('log-database');
    reasons.push('the log database (LOG_DATABASE_URL) does not answer');
  }
  if (failed.length === 0) return { ok: true, body };
  return { ok: false, body: { ...body, status: 'degraded', failed, reason: reasons.join('; ') } };
}

export const NO_STORE = { 'cache-control': 'no-store' };
