/** The events Bobbin posts to webhook endpoints (the outbox's `type`). Pure: the admin form lists them. */
export const WEBHOOK_EVENT_TYPES = [
  'stock.level_changed',
  'reservation.created',
  'reservation.released',
  'reservation.fulfilled',
  'reservation.expired',
  'product.updated',
  'purchase_order.received',
  'survey.response_created',
  'alert.firing',
  'alert.resolved',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The JSON body of every delivery; `id` is the same on every attempt and redelivery (receivers dedupe on it). */
export type WebhookBody = {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  /** Events of one entity are delivered in order: the key names the entity (e.g. `stock_level:42`). */
  entity: string;
  data: Record<string, unknown>;
};
