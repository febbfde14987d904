import crypto from 'node:crypto';
import os from 'node:os';
import { asLogDb, getDbHandle, getLogDbHandle, type DbHandle } from '../../db/client';
import { expireReservations } from '../../db/queries/inventory-reservations';
import { acquireLease, currentLease, releaseLease, renewLease } from '../../db/queries/job-leases';
import { takeGradeSnapshot } from '../../db/queries/observability';
import { runRollup } from '../../db/queries/observability-rollup';
import { applyRetention, ensurePartitions, planRetention } from '../../db/queries/oplog-maintenance';
import { expireIdempotencyKeys } from '../../db/queries/idempotency';
import { webhookSettings } from '../webhooks/settings';
import { OUTBOX_RETENTION, pruneOutbox } from '../../db/queries/outbox';
import { dispatchWebhooks } from './webhook-dispatch';
import { expireStreamApplied } from '../../db/queries/oplog-write';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency';
import { getEnv } from '../env';
import { evaluateAlertRules } from './alerts';
import { log } from './log';
import { setSpanAttributes, withSpan } from './tracing';

/**
 * The background jobs, in one registry used by the in-process timers (start-server.ts), `npm run job:<name>`
 * (scripts/job.ts) and `POST /api/jobs/<name>` (cron callers). Every run takes the job's lease in the database
 * the job works on, so with several processes (or a timer and a cron at once) one runs it at a time.
 */
import { JOB_NAMES, type JobName } from '../job-names';

export { JOB_NAMES, type JobName };

type Job = {
  description: string;
  /** How often the in-process timer runs it. */
  everyMs: number;
  /** The database the job works on (and holds its lease in). */
  database: 'main' | 'log';
  /** Does the work; returns a one-line summary, and whether it changed anything (the timers log only then). */
  run(handle: DbHandle): Promise<{ summary: string; changed: boolean }>;
};

/**
 * On PGlite the database runs inside this process, one statement at a time, and a statement blocks the event
 * loop while it runs: a rollup step of 250k rows froze the whole server for seconds. So the embedded server
 * rolls up in ~60 ms steps (at least 200 rows) and, after each, pauses as long as the step took, so requests
 * that arrived meanwhile get the database and the event loop first.
 */
export const EMBEDDED_ROLLUP = {
  stepMs: 60,
  stepRows: 1000,
  // As long as the step took (15-100 ms): requests that arrived during a step need several turns of the event
  // loop and several statements; a fixed 25 ms pause left 7% of probes waiting over 250 ms (worst 1.2 s).
  pause: (took: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(15, Math.min(took, 100)))),
};

/** How often the webhook-dispatch job also prunes the outbox (README "Outbound webhooks"). */
export const OUTBOX_PRUNE_EVERY_MS = 10 * 60_000;
/** When this process last pruned (performance.now()); null: not yet, so the first run prunes. */
export const outboxPruneClock: { last: number | null } = { last: null };

export const JOBS: Record<JobName, Job> = {
  rollup: {
    description: 'Rolls up op-log rows added since the last run (the dashboards read the rollups).',
    everyMs: 60_000,
    database: 'log',
    async run({ db, driver }) {
      const r = await runRollup(asLogDb(db), driver === 'pglite' ? EMBEDDED_ROLLUP : {});
      return {
        summary: `${r.rows} op-log row(s) rolled up in ${r.steps} step(s), up to transaction horizon ${r.horizon}, in ${Math.round(r.ms)} ms`,
        changed: r.rows > 1000,
      };
    },
  },
  'grade-snapshot': {
    description: "Records this hour's session grade snapshot (the Sessions trend); idempotent.",
    everyMs: 60_000,
    database: 'log',
    async run({ db }) {
      await takeGradeSnapshot(asLogDb(db));
      return { summary: 'grade snapshot taken', changed: false };
    },
  },
  'oplog-maintenance': {
    description:
      "Creates next months' op-log partitions, applies retention (archive, then drop) and deletes expired ingest idempotency keys and stream sequences; idempotent.",
    everyMs: 60 * 60_000,
    database: 'log',
    async run(handle) {
      const db = asLogDb(handle.db); // database: 'log' above
      const created = await ensurePartitions(db, { back: 1, ahead: 3 });
      const steps = await planRetention(db);
      await applyRetention(db, steps);
      const keys = await expireIdempotencyKeys(db, IDEMPOTENCY_TTL_HOURS);
      const applied = await expireStreamApplied(db);
      return {
        summary: `${created} partition(s) created, ${steps.length} retention step(s), ${keys} expired idempotency key(s) and ${applied} stream sequence(s) deleted`,
        changed: created > 0 || steps.length > 0 || keys > 0 || applied > 0,
      };
    },
  },
  'reservation-expiry': {
    description: 'Releases storefront reservations past their expiry.',
    everyMs: 60_000,
    database: 'main',
    async run({ db }) {
      const n = await expireReservations(db);
      return { summary: `${n} expired reservation(s) released`, changed: n > 0 };
    },
  },
  alerts: {
    description:
      'Evaluates the enabled alert rules against the rollups and notifies their channels of firing and resolved alerts.',
    everyMs: 60_000,
    // The rules, their state and history live in the main database; the measurements read the log database.
    database: 'main',
    async run({ db }) {
      // Without LOG_DATABASE_URL the op-log tables are in this same database (and tests pass their own handle).
      const logDb = getEnv().logDatabaseUrl ? (await getLogDbHandle()).db : asLogDb(db);
      const r = await evaluateAlertRules({ db, logDb });
      return {
        summary: `${r.rules} rule(s) evaluated, ${r.transitions} transition(s), ${r.notified} notification(s) sent, ${r.failedNotifications} failed, ${r.errors} rule error(s)`,
        changed: r.transitions > 0 || r.errors > 0,
      };
    },
  },
  'webhook-dispatch': {
    description: 'Delivers outbox events (stock, reservations, products, …) to the subscribed webhook endpoints.',
    // Read when the timers start (WEBHOOK_DISPATCH_EVERY_MS), not at import: a bad value fails the start, not a build.
    get everyMs() {
      return webhookSettings().everyMs;
    },
    database: 'main',
    async run({ db, driver }) {
      const r = await dispatchWebhooks(db);
      // Retention (OUTBOX_RETENTION), one bounded batch per kind, at most every OUTBOX_PRUNE_EVERY_MS per process
      // while it keeps up; a full batch makes the next run (2 s later) prune again, so a backlog drains at a batch
      // per kind per run. Small batches on PGlite, whose statements block this process's requests.
      const now = performance.now();
      const last = outboxPruneClock.last;
      const pruneDue = last === null || now - last >= OUTBOX_PRUNE_EVERY_MS;
      let p = { delivered: 0, dead: 0, events: 0 };
      if (pruneDue) {
        outboxPruneClock.last = now; // set first: a failing prune waits its turn instead of retrying every 2 s
        const batch = driver === 'pglite' ? OUTBOX_RETENTION.embeddedBatch : OUTBOX_RETENTION.batch;
        try {
          p = await pruneOutbox(db, { batch });
          if (Math.max(p.delivered, p.dead, p.events) >= batch) outboxPruneClock.last = null;
        } catch (err) {
          // The deliveries above are committed; a prune failure must not report them as failed.
          log.warn({ err }, 'webhook outbox prune failed; it runs again at the next prune interval');
        }
      }
      const pruned = p.delivered + p.dead + p.events;
      return {
        summary:
          `${r.fannedOut} event(s) fanned out, ${r.delivered} delivered, ${r.failed} failed (will retry), ${r.dead} dead-lettered` +
          (pruned ? `; pruned ${p.delivered} delivered and ${p.dead} dead deliveries, ${p.events} event(s)` : ''),
        changed: r.delivered + r.failed + r.dead + pruned > 0,
      };
    },
  },
};

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** A lease outlives a crashed holder by at most this; a live holder renews it every third of it. */
export const LEASE_TTL_MS = 60_000;

/** This process, as named in the lease table (host, pid, and a random part so a reused pid is not us). */
export const PROCESS_HOLDER = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

export type JobRun =
  | { job: JobName; ran: true; summary: string; changed: boolean; ms: number }
  | { job: JobName; ran: false; heldBy: string | null };

/**
 * Runs a job once if no other process is running it: takes the lease (or answers who holds it), renews it while
 * the job runs, gives it back when done (also on failure, which is rethrown).
 */
export function runJob(
  name: JobName,
  opts: { handle?: DbHandle; holder?: string; ttlMs?: number } = {},
): Promise<JobRun> {
  return withSpan(`job ${name}`, { 'bobbin.job': name }, async () => {
    const r = await runJobUnderLease(name, opts);
    setSpanAttributes(
      r.ran ? { 'bobbin.job.ran': true, 'bobbin.job.changed': r.changed } : { 'bobbin.job.ran': false },
    );
    return r;
  });
}

async function runJobUnderLease(
  name: JobName,
  opts: { handle?: DbHandle; holder?: string; ttlMs?: number },
): Promise<JobRun> {
  const job = JOBS[name];
  const handle = opts.handle ?? (job.database === 'log' ? await getLogDbHandle() : await getDbHandle());
  const holder = opts.holder ?? PROCESS_HOLDER;
  const ttl = opts.ttlMs ?? LEASE_TTL_MS;
  if (!(await acquireLease(handle.db, name, holder, ttl))) {
    return { job: name, ran: false, heldBy: (await currentLease(handle.db, name))?.holder ?? null };
  }
  const renew = setInterval(() => {
    renewLease(handle.db, name, holder, ttl)
      .then((held) => {
        if (!held)
          log.error(
            { job: name, ttlMs: ttl },
            'job lost its lease (it ran longer than the lease without renewing); another process may run it too',
          );
      })
      .catch((err) => log.error({ job: name, reason: (err as Error).message }, 'renewing the job lease failed'));
  }, ttl / 3);
  renew.unref();
  const started = performance.now();
  try {
    const { summary, changed } = await job.run(handle);
    return { job: name, ran: true, summary, changed, ms: Math.round(performance.now() - started) };
  } finally {
    clearInterval(renew);
    await releaseLease(handle.db, name, holder).catch(() => {}); // else it expires
  }
}

/**
 * The in-process timers (a long-running server with BOBBIN_JOBS unset or `on`): every job at start and then
 * every `everyMs`, one run at a time in this process and, through the lease, across processes. Returns a stop
 * function (shutdown stops them before closing the pools).
 */
export function startJobTimers(opts: { ranAlready?: JobName[] } = {}): (waitMs?: number) => Promise<void> {
  const running = new Map<JobName, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const tick = (name: JobName) => {
    if (stopped || running.has(name)) return;
    const p = runJob(name)
      .then((r) => {
        if (r.ran && r.changed) log.info({ job: name, summary: r.summary, ms: r.ms }, 'job ran');
      })
      .catch((err) => log.error({ job: name, err }, 'job failed'))
      .finally(() => running.delete(name));
    running.set(name, p);
  };
  const consumer = startStreamConsumer();
  for (const name of JOB_NAMES) {
    if (!opts.ranAlready?.includes(name)) tick(name); // the first run also catches up on what happened while no server ran
    const timer = setInterval(() => tick(name), JOBS[name].everyMs);
    timer.unref();
    timers.push(timer);
  }
  // Stopping waits a little for running jobs (they are idempotent, and their lease expires if cut short).
  return async (waitMs = 2_000) => {
    stopped = true;
    for (const timer of timers) clearInterval(timer);
    let timeout: NodeJS.Timeout | undefined;
    consumer.abort();
    await Promise.race([
      Promise.allSettled([...running.values(), consumer.done]),
      new Promise((r) => (timeout = setTimeout(r, waitMs))),
    ]);
    clearTimeout(timeout);
  };
}

/**
 * With OPLOG_STREAM_URL, this process also drains the op-log stream into the log database (one consumer; any
 * number of processes and `npm run oplog:consume` share the work). Restarts after a failure (NATS unreachable)
 * with backoff until stopped. A stopped consumer leaves unacknowledged batches for the others (at-least-once,
 * deduped on write).
 */
function startStreamConsumer(): { abort(): void; done: Promise<unknown> } {
  const stop = new AbortController();
  const done = (async () => {
    const { streamConfigFromEnv, runStreamConsumer } = await import('./oplog-stream');
    const cfg = streamConfigFromEnv();
    if (!cfg) return;
    let backoffMs = 1000;
    while (!stop.signal.aborted) {
      try {
        await runStreamConsumer(cfg, await getLogDbHandle(), stop.signal);
      } catch (err) {
        log.error(
          { component: 'oplog-stream', reason: (err as Error).message },
          'op-log stream consumer failed; restarting',
        );
        await new Promise((r) => setTimeout(r, backoffMs).unref());
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  })();
  return { abort: () => stop.abort(), done };
}
