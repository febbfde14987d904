'use server';

import { z } from '@/lib/zod';
import { getDb } from '@/db/client';
import {
  adjustStock,
  cancelTransfer,
  createLocation,
  createTransfer,
  receiveTransfer,
  setLocationActive,
  updateLocation,
  recordCycleCount,
  undoAdjustment,
  updateReorderSettings,
} from '@/db/queries/inventory-ops';
import { draftPurchaseOrders } from '@/db/queries/inventory-replenishment';
import {
  closePurchaseOrderShort,
  createPurchaseOrder,
  receivePurchaseOrder,
  setPurchaseOrderStatus,
  variantIdsBySku,
} from '@/db/queries/inventory-purchase-orders';
import { InvalidInput } from '@/lib/errors';
import { ADJUSTMENT_REASONS, MAX_QUANTITY } from '@/lib/inventory/constants';
import { parseSkuLines } from '@/lib/inventory/lines';
import { VELOCITY_WINDOWS } from '@/lib/inventory/replenishment';
import type { DraftResult } from '@/db/queries/inventory-replenishment';
import { defineAction } from '@/lib/server/action';
import { checkbox, optionalText } from '@/lib/validation';

const uuid = (what: string) => z.uuid({ error: `Choose ${what}.` });
const count = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(MAX_QUANTITY);
const INVENTORY_PATHS = ['/inventory', '/inventory/movements', '/inventory/low-stock', '/'];

/**
 * SKU lines typed in a form → variant ids. Every problem of every line is reported at once (format, quantity,
 * repeats and unknown SKUs, each naming its line), as field errors on `lines`.
 */
async function resolveLines(text: string, field: string, opts: { allowZero?: boolean; allowCost?: boolean } = {}) {
  const { lines, errors } = parseSkuLines(text, opts);
  const ids = await variantIdsBySku(
    await getDb(),
    lines.map((l) => l.sku),
  );
  for (const l of lines) if (!ids.has(l.sku.toLowerCase())) errors.push(`Line ${l.line}: unknown SKU ${l.sku}.`);
  if (errors.length) {
    errors.sort((a, b) => Number(/\d+/.exec(a)?.[0] ?? 0) - Number(/\d+/.exec(b)?.[0] ?? 0));
    throw new InvalidInput(
      `${errors.length} line problem${errors.length === 1 ? '' : 's'}: fix them and submit again.`,
      { [field]: errors },
    );
  }
  return lines.map((l) => ({
    variantId: ids.get(l.sku.toLowerCase())!,
    quantity: l.quantity,
    ...(l.unitCost === undefined ? {} : { unitCost: l.unitCost }),
  }));
}

export const adjustStockAction = defineAction(
  {
    name: 'inventory.adjust',
    permission: 'inventory.manage',
    input: z.object({
      variantId: uuid('a SKU'),
      locationId: uuid('a location'),
      quantity: z.coerce
        .number({ error: 'Enter a quantity.' })
        .int('Enter a whole number.')
        .min(-MAX_QUANTITY)
        .max(MAX_QUANTITY)
        .refine((q) => q !== 0, 'Enter a quantity other than 0 (negative to remove).'),
      reason: z.enum(ADJUSTMENT_REASONS, { error: 'Choose a reason.' }),
      note: optionalText(200),
    }),
    revalidate: INVENTORY_PATHS,
    successMessage: (a: { onHand: number }) =>
      `Adjusted. On hand is now ${a.onHand}. You can undo this for 10 minutes in the history below.`,
  },
  (input, { db, actor }) => adjustStock(db, actor, input),
);

export const undoAdjustmentAction = defineAction(
  {
    name: 'inventory.undo',
    permission: 'inventory.manage',
    input: z.object({ movementId: z.coerce.number().int().positive() }),
    revalidate: INVENTORY_PATHS,
    successMessage: 'Undone with a compensating movement.',
  },
  (input, { db, actor }) => undoAdjustment(db, actor, input.movementId),
);

export const updateReorderAction = defineAction(
  {
    name: 'inventory.reorderSettings',
    permission: 'inventory.manage',
    input: z.object({
      levelId: z.coerce.number().int().positive(),
      version: z.coerce.number().int(),
      reorderPoint: count('Reorder point'),
      reorderQuantity: count('Reorder quantity'),
      // The rest of the rule: optional, so a form that shows only point and quantity leaves it as it is.
      reorderMax: count('Order up to').optional(),
      reorderMultiple: count('Pack size').min(1, 'Pack size must be at least 1.').optional(),
      safetyDays: count('Safety days').max(365, 'Use at most 365 safety days.').optional(),
      preferredSupplierId: z
        .preprocess((v) => (v === '' ? null : v), z.uuid({ error: 'Choose a supplier.' }).nullable())
        .optional(),
    }),
    revalidate: INVENTORY_PATHS,
    successMessage: 'Reorder settings saved.',
  },
  (input, { db, actor }) => updateReorderSettings(db, actor, input),
);

const locationFields = {
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(2, 'Use 2–12 letters or digits.')
    .max(12, 'Use 2–12 letters or digits.')
    .regex(/^[A-Z0-9-]+$/, 'Use letters, digits and dashes.'),
  name: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  address: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
};
const LOCATION_PATHS = ['/inventory', '/inventory/locations', '/inventory/transfers', '/inventory/low-stock'];

export const createLocationAction = defineAction(
  {
    name: 'inventory.createLocation',
    permission: 'inventory.manage',
    input: z.object(locationFields),
    revalidate: ['/inventory'],
    successMessage: (l: { name: string }) => `${l.name} was added.`,
  },
  (input, { db, actor }) => createLocation(db, actor, { ...input, active: true }),
);

export const updateLocationAction = defineAction(
  {
    name: 'inventory.updateLocation',
    permission: 'inventory.manage',
    input: z.object({ id: z.uuid(), ...locationFields }),
    revalidate: LOCATION_PATHS,
    successMessage: (l: { name: string }) => `${l.name} was saved.`,
  },
  (input, { db, actor }) => updateLocation(db, actor, input),
);

export const setLocationActiveAction = defineAction(
  {
    name: 'inventory.setLocationActive',
    permission: 'inventory.manage',
    input: z.object({ id: z.uuid(), active: z.enum(['true', 'false']).transform((v) => v === 'true') }),
    revalidate: LOCATION_PATHS,
    successMessage: (l: { name: string; active: boolean }) =>
      l.active
        ? `${l.name} is active again.`
        : `${l.name} is inactive: its stock stays listed, but it takes no new receipts, transfers or reservations.`,
  },
  (input, { db, actor }) => setLocationActive(db, actor, input),
);

export const cancelTransferAction = defineAction(
  {
    name: 'inventory.cancelTransfer',
    permission: 'inventory.manage',
    input: z.object({ id: z.uuid() }),
    revalidate: [...INVENTORY_PATHS, '/inventory/transfers'],
    successMessage: (t: { number: number }) => `Transfer T-${t.number} was cancelled; its stock is back at the source.`,
  },
  (input, { db, actor }) => cancelTransfer(db, actor, input.id),
);

export const createTransferAction = defineAction(
  {
    name: 'inventory.createTransfer',
    permission: 'inventory.manage',
    input: z.object({
      fromLocationId: uuid('where it leaves'),
      toLocationId: uuid('where it goes'),
      lines: z.string().max(20_000),
      receiveNow: checkbox,
      note: optionalText(200),
    }),
    revalidate: [...INVENTORY_PATHS, '/inventory/transfers'],
    successMessage: (t: { number: number; status: string }) =>
      `Transfer T-${t.number} ${t.status === 'received' ? 'booked at both locations' : 'is in transit'}.`,
  },
  async (input, { db, actor }) =>
    createTransfer(db, actor, { ...input, lines: await resolveLines(input.lines, 'lines') }),
);

export const receiveTransferAction = defineAction(
  {
    name: 'inventory.receiveTransfer',
    permission: 'inventory.manage',
    input: z.object({ id: z.uuid() }),
    revalidate: [...INVENTORY_PATHS, '/inventory/transfers'],
    successMessage: 'Received.',
  },
  (input, { db, actor }) => receiveTransfer(db, actor, input.id),
);

export const createPurchaseOrderAction = defineAction(
  {
    name: 'inventory.createPurchaseOrder',
    permission: 'inventory.manage',
    input: z.object({
      supplierId: uuid('a supplier'),
      locationId: uuid('a location'),
      expectedAt: z.preprocess((v) => (v === '' ? null : v), z.iso.date({ error: 'Enter a date.' }).nullable()),
      note: z.string().trim().max(500).default(''),
      lines: z.string().max(50_000),
      order: checkbox,
    }),
    revalidate: ['/inventory/purchase-orders', '/inventory'],
    successMessage: (po: { number: number }) => `Purchase order PO-${po.number} was created.`,
  },
  async (input, { db, actor }) =>
    createPurchaseOrder(db, actor, { ...input, lines: await resolveLines(input.lines, 'lines', { allowCost: true }) }),
);

export const setPurchaseOrderStatusAction = defineAction(
  {
    name: 'inventory.purchaseOrderStatus',
    permission: 'inventory.manage',
    input: z.object({ id: z.uuid(), version: z.coerce.number().int(), status: z.enum(['ordered', 'cancelled']) }),
    revalidate: (po: { id: string; status: string }) => [
      '/inventory/purchase-orders',
      `/inventory/purchase-orders/${po.id}`,
      '/inventory',
    ],
    successMessage: (po: { status: string }) => `The order is now ${po.status}.`,
  },
  (input, { db, actor }) => setPurchaseOrderStatus(db, actor, input),
);

export const closePurchaseOrderShortAction = defineAction(
  {
    name: 'inventory.closePurchaseOrderShort',
    permission: 'inventory.manage',
    input: z.object({ id: z.uuid(), version: z.coerce.number().int() }),
    revalidate: (po: { id: string; cancelled: number }) => [
      '/inventory/purchase-orders',
      `/inventory/purchase-orders/${po.id}`,
      ...INVENTORY_PATHS,
    ],
    successMessage: (po: { id: string; cancelled: number }) =>
      `Closed short: ${po.cancelled} unit${po.cancelled === 1 ? '' : 's'} no longer expected.`,
  },
  (input, { db, actor }) => closePurchaseOrderShort(db, actor, input),
);

export const draftPurchaseOrdersAction = defineAction(
  {
    name: 'inventory.draftPurchaseOrders',
    permission: 'inventory.manage',
    // `level`: the selected rows (none selected → every low row of the location filter, or everywhere).
    input: z.object({
      location: z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'Choose a location.' }).optional()),
      level: z
        .preprocess(
          (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
          z.array(z.coerce.number({ error: 'Not a valid row.' }).int().positive()).max(10_000),
        )
        .default([]),
      // Required (the form always sends it): an empty post is refused before anything is drafted.
      window: z.enum(VELOCITY_WINDOWS, { error: 'Choose a sales window (7, 30 or 90 days).' }),
    }),
    revalidate: ['/inventory/purchase-orders', ...INVENTORY_PATHS],
    successMessage: (r: DraftResult) =>
      r.orders.length === 0
        ? `Nothing to order: ${r.covered} already covered by what is on order${r.noSupplier ? `, ${r.noSupplier} without a supplier` : ''}.`
        : `${r.orders.length} draft purchase order${r.orders.length === 1 ? '' : 's'} (${r.orders.map((o) => `PO-${o.number}`).join(', ')})${r.noSupplier ? `; ${r.noSupplier} SKU${r.noSupplier === 1 ? '' : 's'} without a supplier skipped` : ''}.`,
  },
  (input, { db, actor }) =>
    draftPurchaseOrders(db, actor, {
      locationId: input.location,
      levelIds: input.level.length ? input.level : undefined,
      windowDays: Number(input.window),
    }),
);

export const receivePurchaseOrderAction = defineAction(
  {
    name: 'inventory.receivePurchaseOrder',
    permission: 'inventory.manage',
    input: z.looseObject({ id: z.uuid() }),
    revalidate: (po: { id: string; status: string }) => [
      '/inventory/purchase-orders',
      `/inventory/purchase-orders/${po.id}`,
      ...INVENTORY_PATHS,
    ],
    successMessage: (po: { status: string }) =>
      po.status === 'received' ? 'Received in full.' : 'Received; the rest is still expected.',
  },
  (input, { db, actor }) => {
    const lines: { lineId: number; quantity: number }[] = [];
    for (const [key, value] of Object.entries(input)) {
      const m = /^receive\.(\d+)$/.exec(key);
      if (!m || value === '' || value === undefined) continue;
      const quantity = Number(value);
      if (!Number.isInteger(quantity) || quantity < 0)
        throw new InvalidInput('Received quantities must be whole numbers.', { [key]: ['Enter a whole number.'] });
      lines.push({ lineId: Number(m[1]), quantity });
    }
    return receivePurchaseOrder(db, actor, { id: input.id, lines });
  },
);

export const cycleCountAction = defineAction(
  {
    name: 'inventory.cycleCount',
    permission: 'inventory.manage',
    input: z.object({ locationId: uuid('a location'), counts: z.string().max(200_000) }),
    revalidate: INVENTORY_PATHS,
    successMessage: (r: { counted: number; corrections: number }) =>
      `${r.counted} counted, ${r.corrections} correction${r.corrections === 1 ? '' : 's'} booked.`,
  },
  async (input, { db, actor }) =>
    recordCycleCount(db, actor, {
      locationId: input.locationId,
      counts: (await resolveLines(input.counts, 'counts', { allowZero: true })).map((l) => ({
        variantId: l.variantId,
        counted: l.quantity,
      })),
    }),
);
