import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { categories, sizeChartCategories, sizeChartSizes } from '../schema';
import { writeAudit, type Actor } from './audit';
import { InvalidInput } from '../../lib/errors';
import {
  checkSizeList,
  DEFAULT_GARMENT_CATEGORIES,
  DEFAULT_SIZE_CHART,
  GARMENT_TYPES,
  type GarmentType,
  type SizeChart,
  type SizeOption,
} from '../../lib/surveys/size-chart';

/** The live size chart, every garment type in display order (an empty list if a type has none). */
export async function getSizeChart(db: Db): Promise<SizeChart> {
  const rows = await db
    .select()
    .from(sizeChartSizes)
    .orderBy(asc(sizeChartSizes.garment), asc(sizeChartSizes.position));
  const chart = Object.fromEntries(GARMENT_TYPES.map((g) => [g, [] as SizeOption[]])) as SizeChart;
  for (const r of rows) if (r.garment in chart) chart[r.garment as GarmentType].push({ code: r.code, label: r.label });
  return chart;
}

/** Category names counted as each garment type's stock, sorted. */
export async function getGarmentCategories(db: Db): Promise<Record<GarmentType, string[]>> {
  const rows = await db.select().from(sizeChartCategories).orderBy(asc(sizeChartCategories.categoryName));
  const out = Object.fromEntries(GARMENT_TYPES.map((g) => [g, [] as string[]])) as Record<GarmentType, string[]>;
  for (const r of rows) if (r.garment in out) out[r.garment as GarmentType].push(r.categoryName);
  return out;
}

/**
 * Replaces a garment type's size list (adds, renames, reorders and removals in one save). Only drafts and the
 * demand view follow; published versions keep the list frozen into them at publish.
 */
export async function saveGarmentSizes(
  db: Db,
  actor: Actor,
  input: { garment: GarmentType; sizes: unknown },
): Promise<SizeOption[]> {
  const checked = checkSizeList(input.sizes);
  if (!checked.ok) throw new InvalidInput('Some sizes need attention; nothing was saved.', checked.errors);
  return db.transaction(async (tx) => {
    // Serialises concurrent saves of one garment's list (the rows are replaced wholesale).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'size_chart:' + input.garment}))`);
    const before = await tx
      .select()
      .from(sizeChartSizes)
      .where(eq(sizeChartSizes.garment, input.garment))
      .orderBy(asc(sizeChartSizes.position));
    await tx.delete(sizeChartSizes).where(eq(sizeChartSizes.garment, input.garment));
    await tx
      .insert(sizeChartSizes)
      .values(checked.sizes.map((s, i) => ({ garment: input.garment, code: s.code, label: s.label, position: i })));
    const text = (l: SizeOption[]) => l.map((s) => (s.label === s.code ? s.code : `${s.code} (${s.label})`)).join(', ');
    await writeAudit(tx, actor, {
      entityType: 'size_chart',
      entityId: input.garment,
      action: 'update_sizes',
      before: { sizes: text(before) },
      after: { sizes: text(checked.sizes) },
    });
    return checked.sizes;
  });
}

/** Sets which categories count for a garment type; only names of existing categories are accepted. */
export async function saveGarmentCategories(
  db: Db,
  actor: Actor,
  input: { garment: GarmentType; categories: string[] },
): Promise<string[]> {
  const known = await db.select({ name: categories.name }).from(categories);
  const byLower = new Map(known.map((c) => [c.name.toLowerCase(), c.name]));
  const names = [...new Set(input.categories.map((n) => n.trim()).filter(Boolean))];
  const unknown = names.filter((n) => !byLower.has(n.toLowerCase()));
  if (unknown.length)
    throw new InvalidInput('Choose from the listed categories.', {
      categories: [`Unknown categor${unknown.length === 1 ? 'y' : 'ies'}: ${unknown.join(', ')}.`],
    });
  const chosen = names.map((n) => byLower.get(n.toLowerCase())!).sort();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'size_chart_categories:' + input.garment}))`);
    const before = await tx.select().from(sizeChartCategories).where(eq(sizeChartCategories.garment, input.garment));
    await tx.delete(sizeChartCategories).where(eq(sizeChartCategories.garment, input.garment));
    if (chosen.length)
      await tx
        .insert(sizeChartCategories)
        .values(chosen.map((categoryName) => ({ garment: input.garment, categoryName })));
    await writeAudit(tx, actor, {
      entityType: 'size_chart',
      entityId: input.garment,
      action: 'update_categories',
      before: {
        categories: before
          .map((r) => r.categoryName)
          .sort()
          .join(', '),
      },
      after: { categories: chosen.join(', ') },
    });
    return chosen;
  });
}

/** Today's chart and mapping (what drizzle/0012_size_chart_defaults.sql inserts): for tests that truncate the tables. */
export async function insertDefaultSizeChart(db: Db): Promise<void> {
  await db
    .insert(sizeChartSizes)
    .values(
      GARMENT_TYPES.flatMap((g) =>
        DEFAULT_SIZE_CHART[g].map((s, i) => ({ garment: g, code: s.code, label: s.label, position: i })),
      ),
    );
  await db
    .insert(sizeChartCategories)
    .values(
      GARMENT_TYPES.flatMap((g) => DEFAULT_GARMENT_CATEGORIES[g].map((categoryName) => ({ garment: g, categoryName }))),
    );
}

/** Catalog category names, for choosing the mapping. */
export async function listCategoryNames(db: Db): Promise<string[]> {
  const rows = await db.select({ name: categories.name }).from(categories).orderBy(asc(categories.name));
  return rows.map((r) => r.name);
}
