import { asc, count, desc, eq, ilike, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { categories, products, type Category } from '../schema';
import { normaliseDefinition, validateDefinitions, type AttributeDefinition } from '../../lib/catalog/attributes';
import { describeRules, rulesOf, validateRules, type CompletenessRules } from '../../lib/catalog/completeness';
import { Conflict, InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import type { Sort } from '../../lib/url-state';
import { lastEditor, writeAudit, type Actor } from './audit';
import { refreshCategoryCompleteness } from './catalog-completeness';

const auditView = (c: Pick<Category, 'name' | 'attributeDefs' | 'completenessRules'>) => ({
  name: c.name,
  ...Object.fromEntries(c.attributeDefs.map((d) => [`attribute ${d.key}`, describeDefinition(d)])),
  ...Object.fromEntries(
    Object.entries(describeRules(rulesOf(c.completenessRules))).map(([k, v]) => [`completeness: ${k}`, v]),
  ),
});

/** "Fabric (one of: Linen, Cotton), required" for the audit trail. */
function describeDefinition(d: AttributeDefinition): string {
  const kind =
    d.type === 'number'
      ? `number${d.unit ? ` in ${d.unit}` : ''}`
      : d.options?.length
        ? `${d.type.replace('_', '-')}: ${d.options.join(', ')}`
        : d.type;
  return `${d.label} (${kind})${d.required ? ', required' : ''}`;
}

/** All categories with their product counts, by name. Categories are few. */
export type CategoryQuery = { q?: string; sort?: Sort<'name' | 'changed'> };

/** Categories with their product counts; searched by name and sorted in SQL (the list's header sorts). */
export async function listCategories(db: Db, query: CategoryQuery = {}) {
  const by = query.sort?.dir === 'desc' ? desc : asc;
  const order =
    query.sort?.key === 'changed'
      ? [by(categories.updatedAt), by(categories.id)]
      : [by(sql`lower(${categories.name})`)];
  const counts = db
    .select({ categoryId: products.categoryId, n: count().as('n') })
    .from(products)
    .groupBy(products.categoryId)
    .as('counts');
  return db
    .select({
      id: categories.id,
      name: categories.name,
      attributeDefs: categories.attributeDefs,
      completenessRules: categories.completenessRules,
      version: categories.version,
      updatedAt: categories.updatedAt,
      productCount: sql<number>`coalesce(${counts.n}, 0)::int`,
    })
    .from(categories)
    .leftJoin(counts, eq(counts.categoryId, categories.id))
    .where(query.q ? ilike(categories.name, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined)
    .orderBy(...order);
}

/** Id, name and definitions only (no product counts): for selects, filters and forms on every page load. */
export async function categoryOptions(db: Db) {
  return db
    .select({ id: categories.id, name: categories.name, attributeDefs: categories.attributeDefs })
    .from(categories)
    .orderBy(asc(sql`lower(${categories.name})`));
}

/** `completenessRules`: as posted (validated here); absent keeps the stored rules (or the defaults on create). */
export type CategoryInput = {
  name: string;
  attributeDefs: AttributeDefinition[];
  completenessRules?: Record<string, unknown>;
};

function checkRules(raw: Record<string, unknown> | undefined): CompletenessRules | undefined {
  if (raw === undefined) return undefined;
  const { rules, errors } = validateRules(raw);
  if (Object.keys(errors).length) throw new InvalidInput('Some completeness rules need attention.', errors);
  return rules;
}

function checkDefinitions(defs: AttributeDefinition[]): AttributeDefinition[] {
  const normalised = defs.map(normaliseDefinition);
  const errors = validateDefinitions(normalised);
  if (Object.keys(errors).length) throw new InvalidInput('Some attribute definitions need attention.', errors);
  return normalised;
}

async function assertNameFree(tx: Db, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(eq(sql`lower(${categories.name})`, name.toLowerCase()));
  if (clash && clash.id !== exceptId) throw new Conflict('A category with this name already exists.', 'name');
}

export async function createCategory(db: Db, actor: Actor, input: CategoryInput): Promise<Category> {
  const attributeDefs = checkDefinitions(input.attributeDefs);
  const completenessRules = checkRules(input.completenessRules);
  return db.transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const [created] = await tx
      .insert(categories)
      .values({ name: input.name, attributeDefs, ...(completenessRules ? { completenessRules } : {}) })
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'category',
      entityId: created!.id,
      action: 'create',
      before: null,
      after: auditView(created!),
    });
    return created!;
  });
}

/**
 * Renames a category or changes its attribute definitions. Existing products keep their values; each is
 * checked against the new definitions the next time it is saved (edit form, bulk move or import).
 */
export async function updateCategory(
  db: Db,
  actor: Actor,
  input: CategoryInput & { id: string; version: number },
): Promise<Category> {
  const attributeDefs = checkDefinitions(input.attributeDefs);
  const completenessRules = checkRules(input.completenessRules);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(categories).where(eq(categories.id, input.id)).for('update');
    if (!before) throw new NotFound('That category');
    if (before.version !== input.version) {
      const conflict = {
        version: before.version,
        current: {
          name: before.name,
          attributeDefs: before.attributeDefs,
          completenessRules: rulesOf(before.completenessRules),
        },
        by: await lastEditor(tx, actor, 'category', input.id),
      };
      throw new StaleVersion(`The category ${before.name}`, [], conflict);
    }
    await assertNameFree(tx, input.name, input.id);
    const [after] = await tx
      .update(categories)
      .set({
        name: input.name,
        attributeDefs,
        ...(completenessRules ? { completenessRules } : {}),
        version: sql`${categories.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(categories.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'category',
      entityId: input.id,
      action: 'update',
      before: auditView(before),
      after: auditView(after!),
    });
    await refreshCategoryCompleteness(tx, input.id);
    return after!;
  });
}
