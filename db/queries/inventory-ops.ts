import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { locations, stockLevels, stockMovements, transferLines, transfers, type Location } from '../schema';
import { Conflict, InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import { withinUndoWindow } from '../../lib/inventory/rules';
import type { Sort } from '../../lib/url-state';
import { lastEditor, writeAudit, type Actor } from './audit';
import { applyMovement, ensureLevels, lockLevels } from './inventory-stock';

// ---- locations ----

export type LocationInput = { code: string; name: string; address: string; active: boolean };

/** Active locations first, by name. */
export type LocationQuery = {
  activeOnly?: boolean;
  status?: 'active' | 'inactive';
  /** `status` ascending is active first (the default order everywhere locations are listed). */
  sort?: Sort<'status' | 'code' | 'name'>;
};

export async function listLocations(db: Db, opts: LocationQuery = {}): Promise<Location[]> {
  const { key = 'status', dir = 'asc' } = opts.sort ?? {};
  const by = dir === 'desc' ? desc : asc;
  const order =
    key === 'code'
      ? [by(sql`lower(${locations.code})`)]
      : key === 'name'
        ? [by(locations.name), asc(locations.id)]
        : [dir === 'asc' ? desc(locations.active) : asc(locations.active), asc(locations.name), asc(locations.id)];
  const status = opts.activeOnly ? 'active' : opts.status;
  return db
    .select()
    .from(locations)
    .where(status ? eq(locations.active, status === 'active') : undefined)
    .orderBy(...order);
}

export async function createLocation(db: Db, actor: Actor, input: LocationInput): Promise<Location> {
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(eq(sql`lower(${locations.code})`, input.code.toLowerCase()));
    if (clash) throw new Conflict('A location with this code already exists.', 'code');
    const [created] = await tx.insert(locations).values(input).returning();
    await writeAudit(tx, actor, {
      entityType: 'location',
      entityId: created!.id,
      action: 'create',
      before: null,
      after: { ...input },
    });
    return created!;
  });
}

/** Edits a location's code, name and address (codes stay unique ignoring case). */
export async function updateLocation(
  db: Db,
  actor: Actor,
  input: { id: string; code: string; name: string; address: string },
): Promise<Location> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(locations).where(eq(locations.id, input.id)).for('update');
    if (!before) throw new NotFound('That location');
    const [clash] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(
        and(eq(sql`lower(${locations.code})`, input.code.toLowerCase()), sql`${locations.id} <> ${input.id}::uuid`),
      );
    if (clash) throw new Conflict('Another location already uses this code.', 'code');
    const [after] = await tx
      .update(locations)
      .set({ code: input.code, name: input.name, address: input.address })
      .where(eq(locations.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'location',
      entityId: input.id,
      action: 'update',
      before: { code: before.code, name: before.name, address: before.address },
      after: { code: after!.code, name: after!.name, address: after!.address },
    });
    return after!;
  });
}

/**
 * Deactivates or reactivates a location. An inactive location keeps its stock (still listed, marked) but takes
 * no new receipts, transfers or reservations; the flag is re-checked inside each of those writes.
 */
export async function setLocationActive(
  db: Db,
  actor: Actor,
  input: { id: string; active: boolean },
): Promise<Location> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(locations).where(eq(locations.id, input.id)).for('update');
    if (!before) throw new NotFound('That location');
    if (before.active === input.active) return before;
    const [after] = await tx
      .update(locations)
      .set({ active: input.active })
      .where(eq(locations.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'location',
      entityId: input.id,
      action: input.active ? 'reactivate' : 'deactivate',
      before: { active: before.active },
      after: { active: input.active },
    });
    return after!;
  });
}

/**
 * Refuses a write into an inactive location with a message naming it. Takes a share lock on the location row,
 * so a deactivation committing meanwhile waits for this transaction (or this one sees it).
 */
export async function requireActiveLocation(
  tx: Db,
  locationId: string,
  what: string,
  field?: string,
): Promise<Location> {
  const [loc] = await tx.select().from(locations).where(eq(locations.id, locationId)).for('share');
  if (!loc) throw new NotFound('That location');
  if (!loc.active) {
    const message = `${loc.name} is inactive and takes no new ${what}; reactivate it first.`;
    throw new InvalidInput(message, field ? { [field]: [message] } : undefined);
  }
  return loc;
}

// ---- adjustments and undo ----

/** A manual adjustment (signed) with a reason; refused if it would take available below zero. */
export async function adjustStock(
  db: Db,
  actor: Actor,
  input: { variantId: string; locationId: string; quantity: number; reason: string; note?: string },
) {
  if (input.quantity === 0)
    throw new InvalidInput('Enter a quantity other than 0.', { quantity: ['Enter a quantity other than 0.'] });
  return db.transaction(async (tx) => {
    const applied = await applyMovement(tx, actor, {
      variantId: input.variantId,
      locationId: input.locationId,
      kind: 'adjustment',
      quantity: input.quantity,
      reason: input.reason,
      reference: input.note ?? '',
    });
    await writeAudit(tx, actor, {
      entityType: 'stock_level',
      entityId: String(applied.levelId),
      action: 'adjust',
      before: { onHand: applied.onHand - input.quantity },
      after: { onHand: applied.onHand, reason: input.reason },
    });
    return applied;
  });
}

/**
 * Undoes a manual adjustment within the undo window by booking the opposite movement (the ledger stays
 * immutable). At most once: the compensating row's `undoes_id` is unique.
 */
export async function undoAdjustment(db: Db, actor: Actor, movementId: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(stockMovements).where(eq(stockMovements.id, movementId));
    if (!m) throw new NotFound('That adjustment');
    if (m.kind !== 'adjustment' || m.undoesId !== null)
      throw new InvalidInput('Only manual adjustments can be undone.');
    if (!withinUndoWindow(m.createdAt, now))
      throw new InvalidInput('The undo window for this adjustment has passed; book a new adjustment instead.');
    try {
      const applied = await applyMovement(tx, actor, {
        variantId: m.variantId,
        locationId: m.locationId,
        kind: 'adjustment',
        quantity: -m.onHandDelta,
        reason: m.reason,
        reference: `undo of #${m.id}`,
        undoesId: m.id,
      });
      await writeAudit(tx, actor, {
        entityType: 'stock_level',
        entityId: String(m.levelId),
        action: 'undo',
        before: { movement: m.id },
        after: { movement: applied.movementId },
      });
      return applied;
    } catch (err) {
      const e = err as { code?: string; cause?: { code?: string } };
      if (e?.code === '23505' || e?.cause?.code === '23505') throw new Conflict('This adjustment was already undone.');
      throw err;
    }
  });
}

// ---- reorder settings (optimistic version) ----

const ruleOf = (l: typeof stockLevels.$inferSelect) => ({
  reorderPoint: l.reorderPoint,
  reorderQuantity: l.reorderQuantity,
  reorderMax: l.reorderMax,
  reorderMultiple: l.reorderMultiple,
  safetyDays: l.safetyDays,
  preferredSupplierId: l.preferredSupplierId,
});

export async function updateReorderSettings(
  db: Db,
  actor: Actor,
  input: {
    levelId: number;
    version: number;
    reorderPoint: number;
    reorderQuantity: number;
    /** The rest of the reordering rule; left as it is when omitted. */
    reorderMax?: number;
    reorderMultiple?: number;
    safetyDays?: number;
    /** A supplier id, or null for the product's own supplier. */
    preferredSupplierId?: string | null;
  },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(stockLevels).where(eq(stockLevels.id, input.levelId)).for('update');
    if (!before) throw new NotFound('That stock level');
    if (before.version !== input.version) {
      const changed = [];
      if (before.reorderPoint !== input.reorderPoint) changed.push(`reorder point is now ${before.reorderPoint}`);
      if (before.reorderQuantity !== input.reorderQuantity)
        changed.push(`reorder quantity is now ${before.reorderQuantity}`);
      throw new StaleVersion(
        'This stock level',
        changed,
        undefined,
        await lastEditor(tx, actor, 'stock_level', String(input.levelId)),
      );
    }
    const [after] = await tx
      .update(stockLevels)
      .set({
        reorderPoint: input.reorderPoint,
        reorderQuantity: input.reorderQuantity,
        reorderMax: input.reorderMax ?? before.reorderMax,
        reorderMultiple: input.reorderMultiple ?? before.reorderMultiple,
        safetyDays: input.safetyDays ?? before.safetyDays,
        preferredSupplierId:
          input.preferredSupplierId === undefined ? before.preferredSupplierId : input.preferredSupplierId,
        version: sql`${stockLevels.version} + 1`,
      })
      .where(eq(stockLevels.id, input.levelId))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'stock_level',
      entityId: String(input.levelId),
      action: 'reorder_settings',
      before: ruleOf(before),
      after: ruleOf(after!),
    });
    return after!;
  });
}

// ---- transfers ----

export type TransferLineInput = { variantId: string; quantity: number };

function checkLines(lines: readonly TransferLineInput[]) {
  if (lines.length === 0) throw new InvalidInput('Add at least one line.');
  const seen = new Set<string>();
  for (const l of lines) {
    if (!Number.isInteger(l.quantity) || l.quantity <= 0)
      throw new InvalidInput('Quantities must be whole numbers above 0.');
    if (seen.has(l.variantId)) throw new InvalidInput('Each SKU may appear once per transfer.');
    seen.add(l.variantId);
  }
}

/**
 * Ships stock from one location to another: every line leaves the source (transfer-out) in one transaction,
 * or none does. The quantity is in transit (incoming at the destination) until received; `receiveNow` books
 * both sides at once.
 */
export async function createTransfer(
  db: Db,
  actor: Actor,
  input: {
    fromLocationId: string;
    toLocationId: string;
    lines: TransferLineInput[];
    note?: string;
    receiveNow?: boolean;
  },
) {
  if (input.fromLocationId === input.toLocationId)
    throw new InvalidInput('Choose two different locations.', { toLocationId: ['Choose a different location.'] });
  checkLines(input.lines);
  return db.transaction(async (tx) => {
    await requireActiveLocation(tx, input.fromLocationId, 'transfers', 'fromLocationId');
    const to = await requireActiveLocation(tx, input.toLocationId, 'transfers', 'toLocationId');
    const [transfer] = await tx
      .insert(transfers)
      .values({
        fromLocationId: input.fromLocationId,
        toLocationId: input.toLocationId,
        note: input.note ?? '',
        createdBy: actor.label,
      })
      .returning();
    await tx
      .insert(transferLines)
      .values(input.lines.map((l) => ({ transferId: transfer!.id, variantId: l.variantId, quantity: l.quantity })));
    // Every row this transfer touches is locked up front in one fixed order (both sides when received at once).
    const source = input.lines.map((l) => ({ variantId: l.variantId, locationId: input.fromLocationId }));
    const destination = input.lines.map((l) => ({ variantId: l.variantId, locationId: input.toLocationId }));
    await ensureLevels(tx, destination); // in transit shows as incoming there
    await lockLevels(tx, input.receiveNow ? [...source, ...destination] : source);
    const reference = `transfer T-${transfer!.number}`;
    for (const l of input.lines) {
      await applyMovement(tx, actor, {
        variantId: l.variantId,
        locationId: input.fromLocationId,
        kind: 'transfer_out',
        quantity: l.quantity,
        reference,
      });
    }
    if (input.receiveNow) await bookTransferIn(tx, actor, transfer!.id);
    await writeAudit(tx, actor, {
      entityType: 'transfer',
      entityId: transfer!.id,
      action: 'create',
      before: null,
      after: { lines: input.lines.length, to: to.name },
    });
    return transfer!;
  });
}

async function bookTransferIn(tx: Db, actor: Actor, transferId: string) {
  const [t] = await tx
    .update(transfers)
    .set({ status: 'received', receivedAt: sql`now()` })
    .where(and(eq(transfers.id, transferId), eq(transfers.status, 'in_transit')))
    .returning();
  if (!t) throw new Conflict('This transfer is no longer in transit (already received or cancelled).');
  const lines = await tx.select().from(transferLines).where(eq(transferLines.transferId, transferId));
  const pairs = lines.map((l) => ({ variantId: l.variantId, locationId: t.toLocationId }));
  await ensureLevels(tx, pairs);
  await lockLevels(tx, pairs);
  for (const l of lines) {
    await applyMovement(tx, actor, {
      variantId: l.variantId,
      locationId: t.toLocationId,
      kind: 'transfer_in',
      quantity: l.quantity,
      reference: `transfer T-${t.number}`,
    });
  }
  return t;
}

/** Receives an in-transit transfer at its destination (all lines, once). */
export async function receiveTransfer(db: Db, actor: Actor, transferId: string) {
  return db.transaction(async (tx) => {
    const [pending] = await tx
      .select({ to: transfers.toLocationId })
      .from(transfers)
      .where(eq(transfers.id, transferId));
    if (!pending) throw new NotFound('That transfer');
    await requireActiveLocation(tx, pending.to, 'receipts (cancel the transfer to return the stock to its source)');
    const t = await bookTransferIn(tx, actor, transferId);
    await writeAudit(tx, actor, {
      entityType: 'transfer',
      entityId: transferId,
      action: 'receive',
      before: { status: 'in_transit' },
      after: { status: 'received' },
    });
    return t;
  });
}

/**
 * Cancels an in-transit transfer: the status moves first, conditionally (so it is cancelled once and never
 * both received and cancelled), then every line goes back to the source as a compensating transfer-in
 * movement, all in one transaction: the source gets all of it back and the destination's incoming drops, or
 * nothing changes. Returning stock to its source is allowed even if the source was deactivated since.
 */
export async function cancelTransfer(db: Db, actor: Actor, transferId: string) {
  return db.transaction(async (tx) => {
    const [t] = await tx
      .update(transfers)
      .set({ status: 'cancelled' })
      .where(and(eq(transfers.id, transferId), eq(transfers.status, 'in_transit')))
      .returning();
    if (!t) {
      const [current] = await tx
        .select({ status: transfers.status })
        .from(transfers)
        .where(eq(transfers.id, transferId));
      if (!current) throw new NotFound('That transfer');
      throw new Conflict(
        `This transfer is already ${current.status.replace('_', ' ')}; only a transfer in transit can be cancelled.`,
      );
    }
    const lines = await tx.select().from(transferLines).where(eq(transferLines.transferId, transferId));
    const pairs = lines.map((l) => ({ variantId: l.variantId, locationId: t.fromLocationId }));
    await lockLevels(tx, pairs);
    for (const l of lines) {
      await applyMovement(tx, actor, {
        variantId: l.variantId,
        locationId: t.fromLocationId,
        kind: 'transfer_in',
        quantity: l.quantity,
        reason: 'transfer cancelled',
        reference: `cancel of transfer T-${t.number}`,
      });
    }
    await writeAudit(tx, actor, {
      entityType: 'transfer',
      entityId: transferId,
      action: 'cancel',
      before: { status: 'in_transit' },
      after: { status: 'cancelled', lines: lines.length },
    });
    return t;
  });
}

// ---- cycle count ----

/**
 * Books counted quantities for a location: each difference to on hand becomes a correction movement. Rows are
 * locked (fixed order) before reading on hand, so the difference is computed against the locked value.
 * Counting fewer than are reserved is refused (release reservations first).
 */
export async function recordCycleCount(
  db: Db,
  actor: Actor,
  input: { locationId: string; counts: { variantId: string; counted: number }[] },
) {
  if (input.counts.length === 0) throw new InvalidInput('Enter at least one counted quantity.');
  return db.transaction(async (tx) => {
    const pairs = input.counts.map((c) => ({ variantId: c.variantId, locationId: input.locationId }));
    await ensureLevels(tx, pairs);
    const locked = await lockLevels(tx, pairs);
    const byVariant = new Map(locked.map((r) => [r.variant_id, r]));
    let corrections = 0;
    for (const c of input.counts) {
      const level = byVariant.get(c.variantId)!;
      const diff = c.counted - level.on_hand;
      if (diff === 0) continue;
      await applyMovement(tx, actor, {
        variantId: c.variantId,
        locationId: input.locationId,
        kind: 'correction',
        quantity: diff,
        reason: 'cycle count',
        reference: `counted ${c.counted}`,
      });
      corrections++;
    }
    await writeAudit(tx, actor, {
      entityType: 'location',
      entityId: input.locationId,
      action: 'cycle_count',
      before: null,
      after: { counted: input.counts.length, corrections },
    });
    return { counted: input.counts.length, corrections };
  });
}

/** Checks every level against the sum of its movements. Returns the drifting rows (empty = consistent). */
export async function verifyLedger(db: Db) {
  const drift = rowsOf<{
    level_id: number;
    sku: string;
    location: string;
    on_hand: number;
    reserved: number;
    sum_on_hand: number;
    sum_reserved: number;
  }>(
    await db.execute(sql`
      select l.id::int as level_id, v.sku, loc.code as location, l.on_hand, l.reserved,
             coalesce(m.on_hand, 0)::int as sum_on_hand, coalesce(m.reserved, 0)::int as sum_reserved
        from stock_levels l
        join variants v on v.id = l.variant_id
        join locations loc on loc.id = l.location_id
        left join (select level_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movements group by level_id) m
          on m.level_id = l.id
       where l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0)
       order by l.id
       limit 1000`),
  );
  const [counts] = rowsOf<{ levels: number; movements: number }>(
    await db.execute(
      sql`select (select count(*) from stock_levels)::int as levels, (select count(*) from stock_movements)::int as movements`,
    ),
  );
  return { drift, levels: counts!.levels, movements: counts!.movements };
}
