import type { OperationLogInput } from './entry';
import type { StoredEntry } from '../../db/queries/oplog-write';
import { redactSecrets } from './redact';

export type LoggerOptions = {
  /** Writes one batch atomically (the bulk unnest insert). */
  write: (entries: StoredEntry[]) => Promise<unknown>;
  /** Flush when this many entries are buffered (DOMAIN.md: 100). */
  batchSize?: number;
  /** …or this often (DOMAIN.md: 5 s). */
  flushIntervalMs?: number;
  /** Most entries written by one statement when a backlog drains. */
  maxWriteBatch?: number;
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

const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/** Connection-level failures are worth retrying; a data error would fail again, so its batch is split instead. */
export function isRetryable(err: unknown): boolean {
  let e = err as { code?: string; message?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (e.code && (RETRYABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    if (e.message && /connection (terminated|refused|ended)|socket hang up|Connection closed|not queryable/i.test(e.message)) return true;
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
      maxWriteBatch: 1000,
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
      if (this.closed || this.buffer.length >= this.o.maxBuffered) {
        this.c.dropped++;
        return;
      }
      this.buffer.push({
        ...(entry as StoredEntry),
        createdAt: entry.createdAt ? new Date(entry.createdAt as string | number | Date) : new Date(),
        requestPayload: entry.requestPayload ? (redactSecrets(entry.requestPayload) as Record<string, unknown>) : null,
        responseSummary: entry.responseSummary ? (redactSecrets(entry.responseSummary) as Record<string, unknown>) : null,
      });
      this.c.logged++;
      if (this.buffer.length >= this.o.batchSize && !this.flushing) setImmediate(() => void this.flush());
    } catch {
      this.c.dropped++; // e.g. an unparsable date: count it, never throw at the caller
    }
  }

  counters(): LoggerCounters {
    return { ...this.c, buffered: this.buffer.length };
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
    if (this.buffer.length > 0) this.o.onError(`shutdown left ${this.buffer.length} entries unwritten (database unreachable)`);
    return this.counters();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      if (Date.now() < this.retryAt) return; // backing off: the timer or the next batch tries again
      const batch = this.buffer.slice(0, this.o.maxWriteBatch);
      let done = 0;
      try {
        done = await this.writeSplitting(batch);
        this.retryDelay = this.o.retryBaseMs;
      } catch (err) {
        if (!(err instanceof Retry)) throw err;
        done = (err as Retry & { done: number }).done;
        this.c.retried++;
        this.retryAt = Date.now() + this.retryDelay;
        this.o.onError(`database unreachable, keeping ${this.buffer.length - done} entries; retrying in ${this.retryDelay} ms`);
        this.retryDelay = Math.min(this.retryDelay * 2, this.o.retryMaxMs);
        this.buffer.splice(0, done);
        return;
      }
      this.buffer.splice(0, done); // only the processed prefix leaves: nothing is written twice
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
        if (inner instanceof Retry) throw Object.assign(inner, { done: first + (inner as Retry & { done: number }).done });
        throw inner;
      }
    }
  }
}
