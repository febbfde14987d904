import { endReservationRoute } from '@/lib/server/inventory-api';

/** Ships a reservation: on hand and reserved both drop by its quantity. */
export const POST = endReservationRoute('fulfil');
