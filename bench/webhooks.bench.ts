import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type DbHandle } from '../db/client';
import { SYSTEM_ACTOR } from '../db/queries/audit';
import { enqueueEvent } from '../db/queries/outbox';
import { createEndpoint } from '../db/queries/webhook-endpoints';
import { dispatchWebhooks } from '../lib/server/webhook-dispatch';
import { parseWebhookSettings } from '../lib/webhooks/settings';
import { startReceiver } from '../tests/support/webhook-receiver';
import { benchDatabase } from './harness';

/**
 * The outbox end to end, beside the raw insert rate of the same events in the same run:
 * 1. raw: WRITERS clients each commit one `stock.level_changed` event per transaction (enqueueEvent), no dispatcher;
 * 2. outbox: the same writers and events while the dispatcher drains (every DISPATCH_EVERY_MS, like the job's
 *    timer, until idle) to a local HTTP receiver: delivered events/s (first commit → last delivery) and the
 *    commit → delivery delay of each event (median, p95, max).
 * Events are spread over ENTITIES entities (delivery is ordered per entity, so this bounds the parallelism).
 */
const WRITERS = 8;

export async function run() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  const total = Number(process.env.BENCH_WEBHOOK_EVENTS ?? (server ? 10_000 : 2_000));
  const entities = Number(process.env.BENCH_WEBHOOK_ENTITIES ?? 200);
  const everyMs = Number(process.env.BENCH_WEBHOOK_EVERY_MS ?? 250);
  const batch = Number(process.env.BENCH_WEBHOOK_BATCH ?? 100);
  const pool: DbHandle = server
    ? await openDatabase({ driver: 'pg', url: (handle as unknown as { url: string }).url, max: WRITERS + 2 })
    : handle;
  const rx = await startReceiver();
  const arrived = new Map<number, number>();
  const settings = parseWebhookSettings({ WEBHOOK_ALLOW_NETWORKS: '127.0.0.1/32' });
  try {
    const db = pool.db;
    const write = async (tag: string, committed: Map<number, number> | null) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          for (let seq = next++; seq < total; seq = next++) {
            await db.transaction((tx) =>
              enqueueEvent(tx, {
                type: 'stock.level_changed',
                entityKey: `bench:${tag}:${seq % entities}`,
                payload: {
                  seq,
                  sku: `SKU-${seq % entities}`,
                  location: 'BER',
                  onHand: seq,
                  reserved: 0,
                  available: seq,
                },
              }),
            );
            committed?.set(seq, performance.now());
          }
        }),
      );
      return (performance.now() - started) / 1000;
    };

    // 1. Raw insert rate (no endpoint yet, no dispatcher).
    const rawSeconds = await write('raw', null);
    await db.execute(sql`update outbox_events set fanned_out_at = now() where fanned_out_at is null`); // not for delivery

    // 2. The same events with a subscribed endpoint and the dispatcher running.
    await createEndpoint(db, SYSTEM_ACTOR, {
      url: rx.url,
      description: 'bench',
      eventTypes: ['stock.level_changed'],
      enabled: true,
    });
    const origin = performance.now();
    rx.received.length = 0;
    const receiverPush = rx.received.push.bind(rx.received);
    rx.received.push = (...items) => {
      for (const r of items) arrived.set(Number(r.json.data.seq), performance.now());
      return receiverPush(...items);
    };
    const committed = new Map<number, number>();
    let writing = true;
    let delivered = 0;
    const dispatcher = (async () => {
      while (writing || delivered < total) {
        const r = await dispatchWebhooks(db, { settings, batch });
        delivered += r.delivered;
        if (r.delivered === 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    })();
    const writeSeconds = await write('outbox', committed);
    writing = false;
    await dispatcher;
    const lastArrival = Math.max(...arrived.values());
    const delays = [...committed].map(([seq, at]) => arrived.get(seq)! - at).sort((a, b) => a - b);
    const pick = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)]!;
    const [check] = rowsOf<{ delivered: number; pending: number }>(
      await db.execute(
        sql`select count(*) filter (where status = 'delivered')::int as delivered, count(*) filter (where status <> 'delivered')::int as pending from webhook_deliveries`,
      ),
    );
    console.log(
      JSON.stringify({
        bench: 'webhooks.outbox_throughput',
        database: label,
        events: total,
        entities,
        writers: WRITERS,
        dispatcher_batch: batch,
        dispatcher_idle_poll_ms: everyMs,
        raw_insert_events_per_s: Math.round(total / rawSeconds),
        outbox_insert_events_per_s: Math.round(total / writeSeconds),
        delivered_events_per_s: Math.round(total / ((lastArrival - origin) / 1000)),
        commit_to_delivery_median_ms: Math.round(pick(0.5)),
        commit_to_delivery_p95_ms: Math.round(pick(0.95)),
        commit_to_delivery_max_ms: Math.round(delays.at(-1)!),
        received: rx.received.length,
        duplicates: rx.received.length - new Set(rx.received.map((r) => r.json.id)).size,
        delivery_rows_delivered: check!.delivered,
        delivery_rows_not_delivered: check!.pending,
      }),
    );
  } finally {
    await rx.close();
    if (pool !== handle) await pool.close();
    await drop();
  }
}
