/**
 * The webhook dispatcher: fans new outbox events out to subscribed endpoints, then sends due deliveries
 * (signed, one per entity and endpoint at a time, in event order) until nothing is due. Runs as the
 * `webhook-dispatch` job (lib/server/jobs.ts), so under the job lease one process at a time; the claims in
 * db/queries/outbox.ts keep it correct even if two ran at once.
 */
import type { Db } from '../../db/client';
import { claimDue, fanOut, recordAttempts, type ClaimedDelivery } from '../../db/queries/outbox';
import { backoffMs } from '../webhooks/backoff';
import type { WebhookBody, WebhookEventType } from '../webhooks/events';
import { webhookSettings, type WebhookSettings } from '../webhooks/settings';
import { SIGNATURE_HEADER, signatureHeader } from '../webhooks/signature';
import { sendWebhook } from './webhook-send';

export const USER_AGENT = 'Bobbin-Webhooks/1';

/** The exact body and headers of one attempt (the body is what is signed, byte for byte). */
export function requestFor(d: ClaimedDelivery, nowSeconds = Math.floor(Date.now() / 1000)) {
  const body: WebhookBody = {
    id: d.event.id,
    type: d.event.type as WebhookEventType,
    createdAt: d.event.createdAt,
    entity: d.event.entityKey,
    data: d.event.payload,
  };
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'bobbin-event-id': d.event.id,
    'bobbin-event-type': d.event.type,
    'bobbin-delivery-attempt': String(d.attempt),
    [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(d.secrets, text, nowSeconds),
  };
  return { body: text, headers };
}

export type DispatchOptions = {
  settings?: WebhookSettings;
  /** Deliveries claimed per round (default 100; sent concurrently: all different entities or endpoints). */
  batch?: number;
  /** How long a claim hides a delivery from other dispatchers (and how soon a crashed attempt is retried). */
  claimMs?: number;
  /** Stop starting rounds after this long (the job's run stays short; the next run continues). */
  budgetMs?: number;
};

export type DispatchSummary = { fannedOut: number; delivered: number; failed: number; dead: number; rounds: number };

/** One claim → send → record round. */
export async function dispatchRound(
  db: Db,
  opts: DispatchOptions = {},
): Promise<{ delivered: number; failed: number; dead: number; claimed: number }> {
  const s = opts.settings ?? webhookSettings();
  const claimed = await claimDue(db, { limit: opts.batch ?? 100, claimMs: opts.claimMs ?? s.timeoutMs + 5_000 });
  const results = await Promise.all(
    claimed.map(async (d) => {
      const { body, headers } = requestFor(d);
      return {
        id: d.id,
        attempt: d.attempt,
        result: await sendWebhook(d.url, headers, body, s),
        retryInMs: backoffMs(d.attempt, s.backoff),
      };
    }),
  );
  // One statement for the round's outcomes (a crash before it = the claims lapse and these are sent again).
  const outcomes = await recordAttempts(db, results, s.maxAttempts);
  return {
    claimed: claimed.length,
    delivered: outcomes.filter((o) => o === 'delivered').length,
    failed: outcomes.filter((o) => o === 'pending').length,
    dead: outcomes.filter((o) => o === 'dead').length,
  };
}

/** Fans out and sends until nothing is due (or the budget is spent). */
export async function dispatchWebhooks(db: Db, opts: DispatchOptions = {}): Promise<DispatchSummary> {
  const started = performance.now();
  const budget = opts.budgetMs ?? 20_000;
  const sum: DispatchSummary = { fannedOut: 0, delivered: 0, failed: 0, dead: 0, rounds: 0 };
  for (;;) {
    const f = await fanOut(db);
    sum.fannedOut += f.events;
    const r = await dispatchRound(db, opts);
    sum.rounds++;
    sum.delivered += r.delivered;
    sum.failed += r.failed;
    sum.dead += r.dead;
    if ((r.claimed === 0 && f.events === 0) || performance.now() - started > budget) return sum;
  }
}
