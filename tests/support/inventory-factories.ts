import crypto from 'node:crypto';
import type { Db } from '@/db/client';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { createLocation } from '@/db/queries/inventory-ops';
import { applyMovement } from '@/db/queries/inventory-stock';
import { makeCategory, makeProduct, makeVariants } from './factories';

/** An active location with a unique code. */
export async function makeLocation(db: Db, name = `Loc ${crypto.randomBytes(3).toString('hex')}`, code?: string) {
  return createLocation(db, SYSTEM_ACTOR, {
    code: code ?? name.replace(/\W+/g, '-').toUpperCase(),
    name,
    address: '',
    active: true,
  });
}

/** `n` SKUs (variants of one product), returned with their ids. */
export async function makeSkus(db: Db, n: number, prefix = `SKU-${crypto.randomBytes(2).toString('hex')}`) {
  const cat = await makeCategory(db);
  const product = await makeProduct(db, cat.id);
  return makeVariants(
    db,
    product.id,
    Array.from({ length: n }, (_, i) => `${prefix}-${i}`),
  );
}

/** Books a receipt of `quantity` (a movement, like every stock change). */
export async function receive(db: Db, variantId: string, locationId: string, quantity: number) {
  return applyMovement(db, SYSTEM_ACTOR, { variantId, locationId, kind: 'receipt', quantity, reference: 'test' });
}
