import 'server-only';
import { endReservation } from '../../db/queries/inventory-reservations';
import { getDb } from '../../db/client';
import { isUuid } from '../validation';
import { apiKeyRoute, errorResponse } from './route';

/**
 * POST /api/v1/inventory/reservations/{id}/release|fulfil. Repeating the same ending answers 200 again; an
 * OutOfStock (409 with `available`) is translated by the route helper like every domain error.
 */
export function endReservationRoute(how: 'release' | 'fulfil') {
  return apiKeyRoute('inventory:reserve', async (_req, key, ctx) => {
    const { id } = await ctx.params;
    if (!isUuid(id)) return errorResponse('not_found', 'That reservation was not found.');
    return Response.json({
      reservation: await endReservation(await getDb(), id, how, { id: null, label: `api key ${key.name}` }),
    });
  });
}
