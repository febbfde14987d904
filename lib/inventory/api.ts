import { z } from '../zod';
import { DEFAULT_RESERVATION_SECONDS, MAX_QUANTITY, MAX_RESERVATION_SECONDS } from './constants';

/** Body of POST /api/v1/inventory/reservations. */
export const reservationRequest = z.strictObject({
  sku: z
    .string({ error: 'sku is required.' })
    .trim()
    .min(1, 'sku is required.')
    .max(100)
    .describe('SKU code, case-insensitive.'),
  location: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .nullish()
    .describe('Location code. Without it, the active locations with the most available stock are tried in turn.'),
  quantity: z
    .number({ error: 'quantity must be a whole number.' })
    .int('quantity must be a whole number.')
    .min(1, 'quantity must be at least 1.')
    .max(MAX_QUANTITY, `quantity must be at most ${MAX_QUANTITY}.`),
  idempotencyKey: z
    .string({ error: 'idempotencyKey is required.' })
    .trim()
    .min(8, 'idempotencyKey needs at least 8 characters.')
    .max(200)
    .describe(
      'Unique per reservation: a retry with the same key (even concurrent) returns the first reservation and never reserves twice.',
    ),
  expiresInSeconds: z
    .number()
    .int()
    .min(10)
    .max(MAX_RESERVATION_SECONDS)
    .default(DEFAULT_RESERVATION_SECONDS)
    .describe('Unreleased reservations are released after this.'),
});

/** Reservation request bodies are tiny; anything bigger is refused before parsing. */
export const MAX_RESERVATION_BODY = 16 * 1024;
