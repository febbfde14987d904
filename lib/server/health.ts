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

/** How long readiness waits for the log database: a probe must answer before the orchestrator's own timeout. */
const LOG_PROBE_MS = 2_000;
/** The log database's outage is logged once a minute, not on every probe. */
let lastLogWarning = 0;

/**
 * Whether this process should receive traffic: not draining (a stop signal arrived), the database answers, every
 * migration of the main journal is applied, and the log journal (drizzle-log/) is applied where it lives, the log
 * database or, without one, the main database (docs/adr/0011-log-database.md). A log database set apart
 * (LOG_DATABASE_URL) that does not answer within LOG_PROBE_MS leaves the process ready, with `warnings`: catalog,
 * inventory and reservations need only the main database, and taking every instance out of the load balancer for
 * the op-log's sake would stop them too (ingest fails meanwhile, or keeps accepting into the stream). A 503 names
 * the checks that failed in `failed`.
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
  const logHandle: DbHandle = await getLogDbHandle();
  const apart = logHandle !== handle;
  body.logDatabase = apart ? 'reachable' : 'main';
  try {
    const logJournal = await withTimeout(journalBehind(logHandle, 'log'), LOG_PROBE_MS);
    body.logMigration = logJournal.applied;
    if (logJournal.reason) {
      failed.push('log-migrations');
      reasons.push(logJournal.reason);
    }
  } catch (err) {
    // The driver's message may name hosts or users: it goes to the server log, the probe gets the check's name.
    if (!apart) {
      // The main database answered a moment ago: its log journal could not be read.
      log.warn({ reason: (err as Error).message }, 'readiness: the log journal could not be read');
      failed.push('log-migrations');
      reasons.push('the log journal could not be read');
    } else {
      if (Date.now() - lastLogWarning > 60_000) {
        lastLogWarning = Date.now();
        log.warn({ reason: (err as Error).message }, 'readiness: the log database does not answer');
      }
      body.logDatabase = 'unreachable';
      body.warnings = ['log-database'];
      body.reason = 'the log database (LOG_DATABASE_URL) does not answer: op-log ingest and dashboards wait for it';
    }
  }
  if (failed.length === 0) return { ok: true, body };
  return { ok: false, body: { ...body, status: 'degraded', failed, reason: reasons.join('; ') } };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export const NO_STORE = { 'cache-control': 'no-store' };
