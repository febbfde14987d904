import { asc, count, desc, eq, ilike, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { products, suppliers, type Supplier } from '../schema';
import { Conflict, NotFound, StaleVersion } from '../../lib/errors';
import type { Sort } from '../../lib/url-state';
import { lastEditor, writeAudit, type Actor } from './audit';

const auditView = (s: Pick<Supplier, 'name' | 'contact' | 'leadTimeDays' | 'notes'>) => ({
  name: s.name,
  contact: s.contact,
  leadTimeDays: s.leadTimeDays,
  notes: s.notes,
});

/** Suppliers by name, with how many products each makes. */
export type SupplierQuery = { q?: string; sort?: Sort<'name' | 'leadTime'> };

/** Suppliers with their product counts; sorted in SQL (the list's header sorts), name breaking ties. */
export async function listSuppliers(db: Db, query: SupplierQuery = {}) {
  const dir = query.sort?.dir === 'desc' ? desc : asc;
  const byName = sql`lower(${suppliers.name})`;
  const order =
    query.sort?.key === 'leadTime' ? [dir(suppliers.leadTimeDays), asc(byName), asc(suppliers.id)] : [dir(byName)];
  const counts = db
    .select({ supplierId: products.supplierId, n: count().as('n') })
    .from(products)
    .groupBy(products.supplierId)
    .as('counts');
  return db
    .select({
      id: suppliers.id,
      name: suppliers.name,
      contact: suppliers.contact,
      leadTimeDays: suppliers.leadTimeDays,
      notes: suppliers.notes,
      version: suppliers.version,
      productCount: sql<number>`coalesce(${counts.n}, 0)::int`,
    })
    .from(suppliers)
    .leftJoin(counts, eq(counts.supplierId, suppliers.id))
    .where(query.q ? ilike(suppliers.name, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined)
    .orderBy(...order);
}

/** Id and name only, for selects and filters. */
export async function supplierOptions(db: Db) {
  return db
    .select({ id: suppliers.id, name: suppliers.name })
    .from(suppliers)
    .orderBy(asc(sql`lower(${suppliers.name})`));
}

export type SupplierInput = { name: string; contact: string; leadTimeDays: number; notes: string };

async function assertNameFree(tx: Db, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: suppliers.id })
    .from(suppliers)
    .where(eq(sql`lower(${suppliers.name})`, name.toLowerCase()));
  if (clash && clash.id !== exceptId) throw new Conflict('A supplier with this name already exists.', 'name');
}

export async function createSupplier(db: Db, actor: Actor, input: SupplierInput): Promise<Supplier> {
  return db.transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const [created] = await tx.insert(suppliers).values(input).returning();
    await writeAudit(tx, actor, {
      entityType: 'supplier',
      entityId: created!.id,
      action: 'create',
      before: null,
      after: auditView(created!),
    });
    return created!;
  });
}

export async function updateSupplier(
  db: Db,
  actor: Actor,
  input: SupplierInput & { id: string; version: number },
): Promise<Supplier> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(suppliers).where(eq(suppliers.id, input.id)).for('update');
    if (!before) throw new NotFound('That supplier');
    if (before.version !== input.version) {
      const current = {
        name: before.name,
        contact: before.contact,
        leadTimeDays: before.leadTimeDays,
        notes: before.notes,
      };
      throw new StaleVersion(`The supplier ${before.name}`, [], {
        version: before.version,
        current,
        by: await lastEditor(tx, actor, 'supplier', input.id),
      });
    }
    await assertNameFree(tx, input.name, input.id);
    const { id: _id, version: _v, ...values } = input;
    const [after] = await tx
      .update(suppliers)
      .set({ ...values, version: sql`${suppliers.version} + 1`, updatedAt: sql`now()` })
      .where(eq(suppliers.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'supplier',
      entityId: input.id,
      action: 'update',
      before: auditView(before),
      after: auditView(after!),
    });
    return after!;
  });
}
