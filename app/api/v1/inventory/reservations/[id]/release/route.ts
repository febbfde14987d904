import { endReservationRoute } from '@/lib/server/inventory-api';

/** Gives a reservation's stock back. */
export const POST = endReservationRoute('release');
