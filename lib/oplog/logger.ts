import type { OperationLogInput, StoredEntry } from './entry';
import { redactNullableText, redactSecrets } from './redact';

export type LoggerOptions = {
  /** Writes one batch atomically (the bulk unnest insert). */
  write: (entries: StoredEntry[]) => Promise<unknown>;
  /** Flush when this many entries are buffered (docs/domain.md §4: 100). */
  batchSize?: number;
  /** …or this often (docs/domain.md §4: 5 s). */
  flushIntervalMs?: number;
  /** Most entries written by one statement when a backlog drains (large statements are what make COPY fast). */
  maxWriteBatch?: number;
  /** Statements in flight at once while draining a backlog (each on its own pooled connection). */
  concurrency?: number;
  /** Memory bound: entries past it are dropped and counted, never silently. */
  maxBuffered?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Reports write problems; never throws into the code that logs. */
  onError?: (message: string, err?: unknown) => void;
};

export type LoggerCounters = {
  /** Entries accepted by log(). */
  logged: number;
  /** Entries waiting in memory now. */
  buffered: number;
  /** Entries stored in the database. */
  written: number;
  /** Batches retried because the database was unreachable. */
  retried: number;
  /** Entries refused because the buffer was full. */
  dropped: number;
  /** Entries the database refused on their own (bad data), isolated by splitting the batch. */
  rejected: number;
};

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** Connection-level failures are worth retrying; a data error would fail again, so its batch is split instead. */
export function isRetryable(err: unknown): boolean {
  let e = err as { code?: string; message?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (e.code && (RETRYABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    if (
      e.message &&
      /connection (terminated|refused|ended)|socket hang up|Connection closed|not queryable/i.test(e.message)
    )
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

class Retry extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Buffered, batched operation logging that never blocks or breaks the caller: `log()` redacts, buffers and
 * returns; batches are written at `batchSize` entries or every `flushIntervalMs`; a failing batch is split
 * to isolate bad rows; while the database is down the buffer is kept (up to `maxBuffered`) and retried with
 * exponential backoff; `shutdown()` drains what is held.
 */
export class OperationLogger {
  private buffer: StoredEntry[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private retryAt = 0;
  private retryDelay: number;
  private timer: NodeJS.Timeout | null;
  private closed = false;
  private readonly o: Required<LoggerOptions>;
  private readonly c = { logged: 0, written: 0, retried: 0, dropped: 0, rejected: 0 };

  constructor(options: LoggerOptions) {
    this.o = {
      batchSize: 100,
      flushIntervalMs: 5000,
      maxWriteBatch: 20_000,
      concurrency: 1,
      maxBuffered: 50_000,
      retryBaseMs: 250,
      retryMaxMs: 30_000,
      onError: (message) => console.error(`oplog: ${message}`),
      ...options,
    };
    this.retryDelay = this.o.retryBaseMs;
    this.timer = setInterval(() => void this.flush(), this.o.flushIntervalMs);
    this.timer.unref(); // the logger alone never keeps a process alive
  }

  /** Accepts one entry. Synchronous, constant-time, never throws. */
  log(entry: OperationLogInput): void {
    try {
      if (this.closed || this.buffer.length + this.inFlight >= this.o.maxBuffered) {
        this.c.dropped++;
        return;
      }
      // Fixed shape, epoch-ms time: every buffered entry survives until written, so each object it holds
      // costs garbage-collector work; this keeps it to the entry and its redacted payload copies.
      const e = entry as OperationLogInput & { createdAt?: Date | string | number };
      this.buffer.push({
        createdAt:
          e.createdAt === undefined
            ? Date.now()
            : typeof e.createdAt === 'number'
              ? e.createdAt
              : new Date(e.createdAt).getTime(),
        userId: e.userId,
        platformAccountId: e.platformAccountId,
        operationType: e.operationType as StoredEntry['operationType'],
        resourceId: redactNullableText(e.resourceId), // may be a URL
        status: e.status as StoredEntry['status'],
        errorCode: e.errorCode ?? null,
        errorType: e.errorType ?? null,
        errorMessage: redactNullableText(e.errorMessage),
        executionTimeMs: e.executionTimeMs,
        retryCount: e.retryCount ?? 0,
        authTypeDetected: (e.authTypeDetected ?? null) as StoredEntry['authTypeDetected'],
        sessionRefreshed: e.sessionRefreshed ?? false,
        proxyUsed: redactNullableText(e.proxyUsed),
        userAgent: redactNullableText(e.userAgent),
        requestPayload: e.requestPayload ? (redactSecrets(e.requestPayload) as Record<string, unknown>) : null,
        responseSummary: e.responseSummary ? (redactSecrets(e.responseSummary) as Record<string, unknown>) : null,
      });
      if (Number.isNaN(this.buffer[this.buffer.length - 1]!.createdAt)) {
        this.buffer.pop();
        this.c.dropped++;
        return;
      }
      this.c.logged++;
      if (this.buffer.length >= this.o.batchSize && !this.flushing && !this.flushScheduled) {
        this.flushScheduled = true; // one scheduled flush, not one per call past the threshold
        setImmediate(() => {
          this.flushScheduled = false;
          void this.flush();
        });
      }
    } catch {
      this.c.dropped++; // e.g. an unparsable date: count it, never throw at the caller
    }
  }

  counters(): LoggerCounters {
    return { ...this.c, buffered: this.buffer.length + this.inFlight };
  }

  /** Writes what is buffered now. Concurrent calls share one flush. Resolves even when the database is down. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Stops the timer and drains the buffer, retrying until `timeoutMs` passes. Entries still held are reported. */
  async shutdown(timeoutMs = 10_000): Promise<LoggerCounters> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      const wait = this.retryAt - Date.now();
      if (wait > 0) await sleep(Math.min(wait, deadline - Date.now()));
      await this.flush();
    }
    if (this.buffer.length > 0)
      this.o.onError(`shutdown left ${this.buffer.length} entries unwritten (database unreachable)`);
    return this.counters();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      if (Date.now() < this.retryAt) return; // backing off: the timer or the next batch tries again
      const batches: StoredEntry[][] = [];
      for (let i = 0; i < this.o.concurrency && this.buffer.length > 0; i++)
        batches.push(this.buffer.splice(0, this.o.maxWriteBatch));
      const taken = batches.reduce((n, b) => n + b.length, 0);
      this.inFlight += taken;
      const results = await Promise.all(
        batches.map((b) =>
          this.writeSplitting(b).then(
            (done) => ({ done, retry: false }),
            (err: unknown) => {
              if (err instanceof Retry) return { done: (err as Retry & { done: number }).done, retry: true };
              throw err;
            },
          ),
        ),
      ).finally(() => {
        this.inFlight -= taken;
      });
      // Entries not processed go back to the front; processed ones never return, so nothing is written twice.
      const back = results.flatMap((r, i) => (r.retry ? batches[i]!.slice(r.done) : []));
      if (back.length > 0) {
        this.buffer = back.concat(this.buffer);
        this.c.retried++;
        this.retryAt = Date.now() + this.retryDelay;
        this.o.onError(
          `database unreachable, keeping ${this.buffer.length} entries; retrying in ${this.retryDelay} ms`,
        );
        this.retryDelay = Math.min(this.retryDelay * 2, this.o.retryMaxMs);
        return;
      }
      this.retryDelay = this.o.retryBaseMs;
    }
  }

  /** Writes `batch`; on a data error splits it in halves down to single rows. Returns how many were processed. */
  private async writeSplitting(batch: StoredEntry[]): Promise<number> {
    try {
      await this.o.write(batch);
      this.c.written += batch.length;
      return batch.length;
    } catch (err) {
      if (isRetryable(err)) throw Object.assign(new Retry('retry'), { done: 0 });
      if (batch.length === 1) {
        this.c.rejected++;
        this.o.onError(`rejected an entry the database refused: ${(err as Error).message}`);
        return 1;
      }
      const mid = Math.ceil(batch.length / 2);
      const first = await this.writeSplitting(batch.slice(0, mid));
      try {
        return first + (await this.writeSplitting(batch.slice(mid)));
      } catch (inner) {
        if (inner instanceof Retry)
          throw Object.assign(inner, { done: first + (inner as Retry & { done: number }).done });
        throw inner;
      }
    }
  }
}
