import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { apiKeys, products } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { createApiKey, listApiKeys, revokeApiKey } from '@/db/queries/api-keys';
import { listProductPage } from '@/db/queries/catalog-list';
import { listSuppliers } from '@/db/queries/catalog-suppliers';
import { listLocations, setLocationActive } from '@/db/queries/inventory-ops';
import { apiKeyList } from '@/lib/lists/api-keys';
import { catalogList, catalogQueryOf, categoryList, supplierList } from '@/lib/lists/catalog';
import { listCategories } from '@/db/queries/catalog-categories';
import { locationList } from '@/lib/lists/inventory';
import { locationQueryOf } from '@/lib/server/lists/inventory-query';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeCategory, makeProduct, makeSupplier } from '../support/factories';
import { makeLocation } from '../support/inventory-factories';
import { FIT_SURVEY, makePublishedSurvey } from '../support/survey-factories';
import { createSurvey, listSurveys } from '@/db/queries/surveys';
import { surveyList } from '@/lib/lists/surveys';

const t = useTestDatabase();
const db = () => t.handle.db;

/**
 * The lists converted to the shared table, queried from their URL state exactly as the page and the CSV export
 * do: each sortable column sorts both ways in SQL, and a sort the list does not know falls back to the default.
 */
describe(`sorted lists from URL state: catalog, suppliers, locations, API keys, surveys (${TEST_DRIVER})`, () => {
  it('catalog: name, price and completeness both ways; recently changed by default; bad sort falls back', async () => {
    const cat = await makeCategory(db(), 'Sorting');
    const made = [];
    for (const [name, price] of [
      ['bravo', 3000],
      ['Alpha', 1000],
      ['charlie', 2000],
      ['delta', 2000],
    ] as const)
      made.push(await makeProduct(db(), cat.id, { name, basePrice: price }));
    // Distinct update times, oldest first in the order made; completeness set by hand (ties on 50).
    for (const [i, p] of made.entries())
      await db()
        .update(products)
        .set({ updatedAt: sql`now() - (${10 - i} || ' minutes')::interval`, completeness: [50, 100, 20, 50][i]! })
        .where(eq(products.id, p.id));
    const page = async (raw: Record<string, string>) =>
      (await listProductPage(db(), catalogQueryOf(catalogList.parse({ category: cat.id, ...raw })), { thumbs: false }))
        .rows;
    const names = async (raw: Record<string, string>) => (await page(raw)).map((r) => r.name);

    expect(await names({})).toEqual(['delta', 'charlie', 'Alpha', 'bravo']); // newest change first
    expect(await names({ sort: 'name' })).toEqual(['Alpha', 'bravo', 'charlie', 'delta']); // case-insensitive
    expect(await names({ sort: '-name' })).toEqual(['delta', 'charlie', 'bravo', 'Alpha']);
    for (const dir of ['', '-']) {
      const rows = await page({ sort: `${dir}price` });
      const keys = rows.map((r) => [r.basePrice, r.id] as const);
      const sorted = [...keys].sort((x, y) => (x[0] - y[0] || x[1].localeCompare(y[1])) * (dir ? -1 : 1));
      expect(keys).toEqual(sorted);
    }
    expect((await page({ sort: 'completeness' })).map((r) => r.completeness)).toEqual([20, 50, 50, 100]);
    expect((await page({ sort: '-completeness' })).map((r) => r.completeness)).toEqual([100, 50, 50, 20]);
    const bad = catalogList.parse({ category: cat.id, sort: 'variants' });
    expect(bad.dropped).toEqual(['sort']);
    expect(await names({ sort: 'variants' })).toEqual(await names({}));
  });

  it('suppliers: name (case-insensitive) and lead time both ways, search, bad sort falls back', async () => {
    const made = [];
    for (const [name, days] of [
      ['zephyr mills', 5],
      ['Atelier Nord', 30],
      ['mills & co', 5],
    ] as const) {
      const s = await makeSupplier(db(), name);
      made.push(s);
      await db().execute(sql`update suppliers set lead_time_days = ${days} where id = ${s.id}`);
    }
    const ids = new Set(made.map((s) => s.id));
    const names = async (raw: Record<string, string>) => {
      const state = supplierList.parse(raw);
      return (await listSuppliers(db(), { q: state.filters.q, sort: state.sort }))
        .filter((s) => ids.has(s.id))
        .map((s) => s.name);
    };
    expect(await names({})).toEqual(['Atelier Nord', 'mills & co', 'zephyr mills']);
    expect(await names({ sort: '-name' })).toEqual(['zephyr mills', 'mills & co', 'Atelier Nord']);
    expect(await names({ sort: 'leadTime' })).toEqual(['mills & co', 'zephyr mills', 'Atelier Nord']);
    expect(await names({ sort: '-leadTime' })).toEqual(['Atelier Nord', 'mills & co', 'zephyr mills']);
    expect(await names({ sort: 'products' })).toEqual(await names({}));
    expect(await names({ q: 'MILLS' })).toEqual(['mills & co', 'zephyr mills']);
    expect(await names({ q: '%' })).toEqual([]); // LIKE wildcards are escaped
  });

  it('locations: status (active first), code and name both ways, status filter, bad sort falls back', async () => {
    const b = await makeLocation(db(), 'Bravo hall', 'SRT-B');
    const a = await makeLocation(db(), 'Charlie yard', 'srt-a');
    const c = await makeLocation(db(), 'Alpha store', 'SRT-C');
    await setLocationActive(db(), SYSTEM_ACTOR, { id: c.id, active: false });
    const ids = new Set([a.id, b.id, c.id]);
    const codes = async (raw: Record<string, string>) =>
      (await listLocations(db(), locationQueryOf(locationList.parse(raw))))
        .filter((l) => ids.has(l.id))
        .map((l) => l.code);
    expect(await codes({})).toEqual(['SRT-B', 'srt-a', 'SRT-C']); // active by name, then inactive
    expect(await codes({ sort: '-status' })).toEqual(['SRT-C', 'SRT-B', 'srt-a']);
    expect(await codes({ sort: 'code' })).toEqual(['srt-a', 'SRT-B', 'SRT-C']);
    expect(await codes({ sort: '-code' })).toEqual(['SRT-C', 'SRT-B', 'srt-a']);
    expect(await codes({ sort: 'name' })).toEqual(['SRT-C', 'SRT-B', 'srt-a']);
    expect(await codes({ sort: '-name' })).toEqual(['srt-a', 'SRT-B', 'SRT-C']);
    expect(await codes({ status: 'inactive' })).toEqual(['SRT-C']);
    expect(await codes({ sort: 'address' })).toEqual(await codes({}));
  });

  it('API keys: created (newest first), name and last use both ways, status filter, bad sort falls back', async () => {
    const make = (name: string) => createApiKey(db(), SYSTEM_ACTOR, { name, scopes: ['oplog:write'] });
    const k1 = await make('beta');
    const k2 = await make('Alpha');
    const k3 = await make('gamma');
    const at = (id: string, col: 'created_at' | 'last_used_at', minutes: number | null) =>
      db().execute(
        sql`update api_keys set ${sql.raw(col)} = ${minutes === null ? null : sql`now() - (${minutes} || ' minutes')::interval`} where id = ${id}`,
      );
    await at(k1.id, 'created_at', 30);
    await at(k2.id, 'created_at', 20);
    await at(k3.id, 'created_at', 10);
    await at(k1.id, 'last_used_at', 5);
    await at(k3.id, 'last_used_at', 50);
    await revokeApiKey(db(), SYSTEM_ACTOR, k3.id);
    const ids = new Set([k1.id, k2.id, k3.id]);
    const names = async (raw: Record<string, string>) => {
      const state = apiKeyList.parse(raw);
      return (await listApiKeys(db(), { status: state.filters.status, sort: state.sort }))
        .filter((k) => ids.has(k.id))
        .map((k) => k.name);
    };
    expect(await names({})).toEqual(['gamma', 'Alpha', 'beta']);
    expect(await names({ sort: 'created' })).toEqual(['beta', 'Alpha', 'gamma']);
    expect(await names({ sort: 'name' })).toEqual(['Alpha', 'beta', 'gamma']);
    expect(await names({ sort: '-name' })).toEqual(['gamma', 'beta', 'Alpha']);
    expect(await names({ sort: '-lastUsed' })).toEqual(['beta', 'gamma', 'Alpha']); // never used: last
    expect(await names({ sort: 'lastUsed' })).toEqual(['Alpha', 'gamma', 'beta']); // never used: first
    expect(await names({ status: 'revoked' })).toEqual(['gamma']);
    expect(await names({ status: 'active' })).toEqual(['Alpha', 'beta']);
    await db().update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, k2.id));
    expect(await names({ status: 'expired' })).toEqual(['Alpha']);
    expect(await names({ sort: 'scopes' })).toEqual(['gamma', 'Alpha', 'beta']);
  });

  it('surveys: changed (newest first) and title both ways, status filter, bad sort falls back', async () => {
    const draft = await createSurvey(db(), SYSTEM_ACTOR, { title: 'beta draft' });
    const pub = await makePublishedSurvey(db(), { ...FIT_SURVEY, title: 'Alpha fit' });
    const other = await createSurvey(db(), SYSTEM_ACTOR, { title: 'gamma draft' });
    for (const [id, minutes] of [
      [draft.id, 30],
      [pub.id, 20],
      [other.id, 10],
    ] as const)
      await db().execute(
        sql`update surveys set updated_at = now() - (${minutes} || ' minutes')::interval where id = ${id}`,
      );
    const ids = new Set([draft.id, pub.id, other.id]);
    const titles = async (raw: Record<string, string>) => {
      const state = surveyList.parse(raw);
      return (await listSurveys(db(), { status: state.filters.status, sort: state.sort }))
        .filter((s) => ids.has(s.id))
        .map((s) => s.title);
    };
    expect(await titles({})).toEqual(['gamma draft', 'Alpha fit', 'beta draft']);
    expect(await titles({ sort: 'changed' })).toEqual(['beta draft', 'Alpha fit', 'gamma draft']);
    expect(await titles({ sort: 'title' })).toEqual(['Alpha fit', 'beta draft', 'gamma draft']);
    expect(await titles({ sort: '-title' })).toEqual(['gamma draft', 'beta draft', 'Alpha fit']);
    expect(await titles({ status: 'published' })).toEqual(['Alpha fit']);
    expect(await titles({ sort: 'responses' })).toEqual(await titles({}));
  });

  it('categories: name (case-insensitive) and last change both ways, search, bad sort falls back', async () => {
    const made = [];
    for (const [name, minutes] of [
      ['Knitwear', 10],
      ['accessories', 30],
      ['Outerwear', 20],
    ] as const) {
      const c = await makeCategory(db(), name);
      made.push(c);
      await db().execute(
        sql`update categories set updated_at = now() - (${minutes} || ' minutes')::interval where id = ${c.id}`,
      );
    }
    const ids = new Set(made.map((c) => c.id));
    const names = async (raw: Record<string, string>) => {
      const state = categoryList.parse(raw);
      return (await listCategories(db(), { q: state.filters.q, sort: state.sort }))
        .filter((c) => ids.has(c.id))
        .map((c) => c.name);
    };
    expect(await names({})).toEqual(['accessories', 'Knitwear', 'Outerwear']);
    expect(await names({ sort: '-name' })).toEqual(['Outerwear', 'Knitwear', 'accessories']);
    expect(await names({ sort: 'changed' })).toEqual(['accessories', 'Outerwear', 'Knitwear']);
    expect(await names({ sort: '-changed' })).toEqual(['Knitwear', 'Outerwear', 'accessories']);
    expect(await names({ q: 'WEAR' })).toEqual(['Knitwear', 'Outerwear']);
    expect(await names({ sort: 'products' })).toEqual(await names({}));
  });
});
