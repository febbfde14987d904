import crypto from 'node:crypto';
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { DbHandle } from '../../db/client';
import { applyStreamBatches, type StoredEntry } from '../../db/queries/oplog-write';
import { log } from './log';

/**
 * The optional JetStream stage of op-log ingest (OPLOG_STREAM_URL=nats://…): the ingest route publishes each
 * validated, redacted batch to a durable stream and answers once JetStream has stored it; consumers (the app's
 * job runner, `npm run oplog:consume`, any number, sharing one durable consumer) drain it into the log database
 * in large COPY batches and acknowledge only after the commit. Message ids dedupe retries at publish; the
 * `oplog_stream_applied` table dedupes redeliveries at write. While the database is down the stream buffers.
 */
export type StreamConfig = {
  url: string;
  stream: string;
  durable: string /** redelivery after a silent consumer */;
  ackWaitMs?: number;
};

export function streamConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StreamConfig | null {
  const url = env.OPLOG_STREAM_URL?.trim();
  if (!url) return null;
  return { url, stream: env.OPLOG_STREAM_NAME?.trim() || 'BOBBIN_OPLOG', durable: 'oplog-writer' };
}

const subjectOf = (stream: string) => `${stream.toLowerCase()}.batches`;

/** Creates the stream (file storage, work-queue retention, a 24 h dedupe window like the idempotency keys). */
export async function ensureStream(nc: NatsConnection, cfg: StreamConfig): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(cfg.stream);
  } catch {
    await jsm.streams.add({
      name: cfg.stream,
      subjects: [subjectOf(cfg.stream)],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      duplicate_window: nanos(24 * 3_600_000),
    });
  }
  try {
    await jsm.consumers.info(cfg.stream, cfg.durable);
  } catch {
    await jsm.consumers.add(cfg.stream, {
      durable_name: cfg.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // A consumer that dies mid-batch: its messages go to another after this long.
      ack_wait: nanos(cfg.ackWaitMs ?? 30_000),
      max_ack_pending: 10_000,
    });
  }
}

const g = globalThis as unknown as {
  __bobbinOplogStream?: { url: string; conn: Promise<NatsConnection>; ensured: Map<string, Promise<void>> };
};

/** The process's publishing connection (one per URL), with the stream ensured once per name. */
async function sharedConnection(cfg: StreamConfig): Promise<NatsConnection> {
  if (g.__bobbinOplogStream?.url !== cfg.url) {
    const conn = connect({ servers: cfg.url, name: 'bobbin-ingest', maxReconnectAttempts: -1 });
    g.__bobbinOplogStream = { url: cfg.url, conn, ensured: new Map() };
    conn.catch(() => (g.__bobbinOplogStream = undefined));
  }
  const shared = g.__bobbinOplogStream!;
  const nc = await shared.conn;
  let ensured = shared.ensured.get(cfg.stream);
  if (!ensured) {
    ensured = ensureStream(nc, cfg);
    shared.ensured.set(cfg.stream, ensured);
    ensured.catch(() => shared.ensured.delete(cfg.stream));
  }
  await ensured;
  return nc;
}

/** Closes the publishing connection (shutdown, tests). */
export async function closeOplogStream(): Promise<void> {
  const shared = g.__bobbinOplogStream;
  g.__bobbinOplogStream = undefined;
  if (shared) await (await shared.conn.catch(() => null))?.drain().catch(() => {});
}

/**
 * The message id of a batch: from the caller's Idempotency-Key (scoped to its API key) when it sent one, else
 * a hash of the content, so a retried request is stored once within the dedupe window.
 */
export function batchMessageId(apiKeyId: string, idempotencyKey: string | null, contentHash: string): string {
  return idempotencyKey !== null
    ? `key:${crypto.createHash('sha256').update(`${apiKeyId}\n${idempotencyKey}`).digest('hex')}`
    : `sha256:${contentHash}`;
}

/** The JetStream key-value bucket holding each Idempotency-Key's body hash for the stream's dedupe window. */
const keyBucketOf = (stream: string) => `${stream}_IDEMPOTENCY_KEYS`;

/**
 * Claims an Idempotency-Key for a body in stream mode (the database may be down, so the key table cannot be
 * used): `create` in a KV bucket is atomic, so of two concurrent first uses one wins. Answers 'new' for the first
 * use, 'retry' for the same key with the same body (publish again: the message id dedupes it, and a first
 * attempt that died between claim and publish is stored now), 'conflict' for another body. Keys expire with the
 * 24 h dedupe window.
 */
export async function claimStreamKey(
  cfg: StreamConfig,
  apiKeyId: string,
  idempotencyKey: string,
  contentHash: string,
  nc?: NatsConnection,
): Promise<'new' | 'retry' | 'conflict'> {
  const conn = nc ?? (await sharedConnection(cfg));
  const kv = await conn.jetstream().views.kv(keyBucketOf(cfg.stream), { ttl: 24 * 3_600_000, history: 1 });
  const name = batchMessageId(apiKeyId, idempotencyKey, contentHash).slice('key:'.length);
  try {
    await kv.create(name, new TextEncoder().encode(contentHash));
    return 'new';
  } catch {
    // Taken (or a transient error: then get() fails too and the request answers 5xx, nothing acknowledged).
    const held = await kv.get(name);
    if (!held) throw new Error('idempotency key bucket: create failed but the key is absent');
    return held.string() === contentHash ? 'retry' : 'conflict';
  }
}

/** Deletes the stream's key bucket (tests, or when a stream is removed). */
export async function deleteStreamKeys(nc: NatsConnection, stream: string): Promise<void> {
  await (await nc.jetstreamManager()).streams.delete(`KV_${keyBucketOf(stream)}`).catch(() => {});
}

/** Encodes entries for the stream (createdAt as epoch ms: the COPY encoder takes either). */
export function encodeBatch(entries: readonly StoredEntry[]): Buffer {
  return Buffer.from(
    JSON.stringify(
      entries.map((e) => ({ ...e, createdAt: typeof e.createdAt === 'number' ? e.createdAt : e.createdAt.getTime() })),
    ),
  );
}

/** Publishes a batch; resolves once JetStream has stored it. `duplicate`: an earlier publish had this id. */
export async function publishBatch(
  cfg: StreamConfig,
  entries: readonly StoredEntry[],
  msgId: string,
  nc?: NatsConnection,
): Promise<{ duplicate: boolean; seq: number }> {
  const conn = nc ?? (await sharedConnection(cfg));
  const ack = await conn.jetstream().publish(subjectOf(cfg.stream), encodeBatch(entries), { msgID: msgId });
  return { duplicate: ack.duplicate, seq: ack.seq };
}

/** The stream's backlog: messages not yet acknowledged, and the age of the oldest of them. */
export type StreamLag = { messages: number; seconds: number };

/** For /api/metrics and alert rules (`bobbin_oplog_stream_lag_messages`, `…_seconds`); null without the stage. */
export async function oplogStreamLag(cfg = streamConfigFromEnv(), nc?: NatsConnection): Promise<StreamLag | null> {
  if (!cfg) return null;
  const conn = nc ?? (await sharedConnection(cfg));
  const jsm = await conn.jetstreamManager();
  const info = await jsm.consumers.info(cfg.stream, cfg.durable);
  const messages = info.num_pending + info.num_ack_pending;
  if (messages === 0) return { messages: 0, seconds: 0 };
  try {
    const oldest = await jsm.streams.getMessage(cfg.stream, { seq: info.ack_floor.stream_seq + 1 });
    return { messages, seconds: Math.max(0, (Date.now() - oldest.time.getTime()) / 1000) };
  } catch {
    return { messages, seconds: 0 }; // the oldest was acknowledged meanwhile
  }
}

/** Thrown by a test hook: the consumer stops dead, as a killed process would (no ack, no nak). */
export class ConsumerCrash extends Error {}

/** The lag for /api/metrics and the dashboards: null without the stage, or while NATS does not answer (logged). */
export async function currentStreamLag(): Promise<StreamLag | null> {
  try {
    return await oplogStreamLag();
  } catch (err) {
    log.error({ component: 'oplog-stream', reason: (err as Error).message }, 'op-log stream lag unavailable');
    return null;
  }
}

export type ConsumerOptions = {
  /** Messages (batches of up to 1,000 rows) per database transaction. */
  maxMessages?: number;
  /** Test hook: runs after the commit and before the acks (a crash there must not double anything). */
  beforeAck?: (msgs: JsMsg[]) => void | Promise<void>;
  onBatch?: (written: number, messages: number) => void;
};

/**
 * Drains the stream into the log database until `signal` aborts: fetches up to `maxMessages` messages, writes
 * them in one transaction (COPY on node-postgres, deduped by stream sequence), then acknowledges them. On a
 * database error nothing is acknowledged; the messages come back after a pause (nak with delay) and the loop
 * retries with backoff, so a database outage only grows the lag.
 */
export async function runStreamConsumer(
  cfg: StreamConfig,
  handle: Pick<DbHandle, 'db' | 'driver'>,
  signal: AbortSignal,
  opts: ConsumerOptions = {},
): Promise<void> {
  const nc = await connect({ servers: cfg.url, name: 'bobbin-oplog-consumer', maxReconnectAttempts: -1 });
  try {
    await ensureStream(nc, cfg);
    const consumer = await nc.jetstream().consumers.get(cfg.stream, cfg.durable);
    let backoffMs = 250;
    while (!signal.aborted) {
      const msgs: JsMsg[] = [];
      const iter = await consumer.fetch({ max_messages: opts.maxMessages ?? 50, expires: 1000 });
      for await (const m of iter) msgs.push(m);
      if (msgs.length === 0) continue;
      try {
        const batches = msgs.map((m) => ({ seq: m.info.streamSequence, entries: m.json<StoredEntry[]>() }));
        const written = await applyStreamBatches(handle, cfg.stream, batches);
        await opts.beforeAck?.(msgs);
        // ackAck: wait until JetStream has the acks, so a consumer stopped right after loses none.
        await Promise.all(msgs.map((m) => m.ackAck()));
        opts.onBatch?.(written, msgs.length);
        backoffMs = 250;
      } catch (err) {
        if (err instanceof ConsumerCrash) {
          nc.close().catch(() => {});
          return;
        }
        if (signal.aborted) break;
        log.error(
          {
            component: 'oplog-stream',
            reason: err instanceof Error ? err.message : String(err),
            messages: msgs.length,
          },
          'op-log stream batch not written; will retry',
        );
        for (const m of msgs) m.nak(backoffMs);
        await new Promise((r) => setTimeout(r, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  } finally {
    await nc.drain().catch(() => nc.close());
  }
}
