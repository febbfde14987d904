import 'server-only';
import { endReservation } from '../../db/queries/inventory-reservations';
import { getDb } from '../../db/client';
import { OutOfStock } from '../errors';
import { isUuid } from '../validation';
import { apiKeyRoute, errorResponse } from './route';


/** 409 with the quantity that is available, so a storefront can offer it. */
export function outOfStockResponse(err: OutOfStock): Response {
  return Response.json({ error: { code: 'out_of_stock', message: err.message, available: err.available } }, { status: 409 });
}

/** POST /api/v1/inventory/reservations/{id}/release|fulfil. Repeating the same ending answers 200 again. */
export function endReservationRoute(how: 'release' | 'fulfil') {
  return apiKeyRoute('inventory:reserve', async (_req, key, ctx) => {
    const { id } = await ctx.params;
    if (!isUuid(id)) return errorResponse('not_found', 'That reservation was not found.');
    try {
      return Response.json({ reservation: await endReservation(await getDb(), id, how, { id: null, label: `api key ${key.name}` }) });
    } catch (err) {
      if (err instanceof OutOfStock) return outOfStockResponse(err);
      throw err;
    }
  });
}
