import { getDb } from '@/db/client';
import { reserveStock } from '@/db/queries/inventory-reservations';
import { MAX_RESERVATION_BODY, reservationRequest } from '@/lib/inventory/api';
import { apiKeyRoute, errorResponse, readJsonLimited } from '@/lib/server/route';
import { fieldErrorsOf } from '@/lib/validation';

/**
 * Reserves stock for a storefront: 201 with the reservation, 200 with the same reservation when the
 * idempotency key was used before, 409 with `available` when there is not enough stock.
 */
export const POST = apiKeyRoute('inventory:reserve', async (req, key) => {
  const body = await readJsonLimited(req, MAX_RESERVATION_BODY);
  if (body instanceof Response) return body;
  const parsed = reservationRequest.safeParse(body.json);
  if (!parsed.success)
    return errorResponse(
      'invalid',
      'The reservation request is invalid; nothing was reserved.',
      fieldErrorsOf(parsed.error),
    );
  // OutOfStock becomes 409 { code: 'out_of_stock', available } in the route helper.
  const { reservation, created } = await reserveStock(await getDb(), { ...parsed.data, apiKeyId: key.id });
  return Response.json({ reservation, created }, { status: created ? 201 : 200 });
});
