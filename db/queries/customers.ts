import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { customerProfiles, customers, surveyResponses, surveys, surveyVersions } from '../schema';
import { demandVsStock, type DemandRow } from '../../lib/surveys/demand';
import { effectivePreferences } from '../../lib/surveys/profile';
import type { GarmentType } from '../../lib/surveys/size-chart';
import { getGarmentCategories, getSizeChart } from './size-chart';

export type CustomerFilter = {
  size?: string;
  style?: string;
  colour?: string;
  q?: string;
  /** Last updated (customer_profiles_updated_idx) or email (customers_email_key); default newest first. */
  sort?: { key: 'updated' | 'email'; dir: 'asc' | 'desc' };
  page: number;
  pageSize?: number;
};
export const CUSTOMERS_PAGE = 50;

/** Customers with a profile, filtered through the GIN-indexed core columns, most recently updated first. */
export async function listCustomerProfiles(db: Db, f: CustomerFilter) {
  const where: SQL[] = [];
  if (f.size) where.push(sql`${customerProfiles.sizes} @> array[${f.size}]::text[]`);
  if (f.style) where.push(sql`${customerProfiles.styles} @> array[${f.style.toLowerCase()}]::text[]`);
  if (f.colour) where.push(sql`${customerProfiles.colours} @> array[${f.colour.toLowerCase()}]::text[]`);
  if (f.q) where.push(sql`lower(${customers.email}) like ${'%' + f.q.toLowerCase().replace(/[%_\\]/g, '\\$&') + '%'}`);
  const by = (f.sort?.dir ?? 'desc') === 'desc' ? desc : asc;
  const size = Math.min(f.pageSize ?? CUSTOMERS_PAGE, 1000);
  const rows = await db
    .select({
      id: customers.id,
      email: customers.email,
      name: customers.name,
      preferences: customerProfiles.preferences,
      updatedAt: customerProfiles.updatedAt,
    })
    .from(customerProfiles)
    .innerJoin(customers, eq(customers.id, customerProfiles.customerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      ...(f.sort?.key === 'email'
        ? [by(customers.email), by(customers.id)]
        : [by(customerProfiles.updatedAt), by(customers.id)]),
    )
    .limit(size + 1)
    .offset((f.page - 1) * size);
  // Staff see each value as the filters match it: verified when there is one, else unverified (marked).
  return {
    rows: rows.slice(0, size).map((r) => ({ ...r, preferences: effectivePreferences(r.preferences) })),
    hasNext: rows.length > size,
  };
}

/** Distinct style and colour values present in profiles, for the filter selects. */
export async function profileFacets(db: Db): Promise<{ styles: string[]; colours: string[] }> {
  const [row] = rowsOf<{ styles: string[] | null; colours: string[] | null }>(
    await db.execute(sql`select (select array_agg(distinct s order by s) from customer_profiles, unnest(styles) s) as styles,
                                (select array_agg(distinct c order by c) from customer_profiles, unnest(colours) c) as colours`),
  );
  return { styles: row?.styles ?? [], colours: row?.colours ?? [] };
}

/** One customer, their merged preferences and every response they gave (newest first). */
export async function getCustomerProfile(db: Db, id: string) {
  const [customer] = await db.select().from(customers).where(eq(customers.id, id));
  if (!customer) return null;
  const [profile] = await db.select().from(customerProfiles).where(eq(customerProfiles.customerId, id));
  const history = await db
    .select({
      id: surveyResponses.id,
      submittedAt: surveyResponses.submittedAt,
      verified: surveyResponses.verified,
      answers: surveyResponses.answers,
      surveyId: surveys.id,
      slug: surveys.slug,
      versionNumber: surveyVersions.number,
      definition: surveyVersions.definition,
    })
    .from(surveyResponses)
    .innerJoin(surveyVersions, eq(surveyVersions.id, surveyResponses.versionId))
    .innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
    .where(eq(surveyResponses.customerId, id))
    .orderBy(desc(surveyResponses.submittedAt))
    .limit(200);
  return {
    customer,
    profile: profile ?? null,
    shown: profile ? effectivePreferences(profile.preferences) : null,
    history,
  };
}

/**
 * Demand vs stock for a garment type: customers whose profile prefers each size, beside the available units
 * (on hand - reserved, every location) of active variants of non-archived products in the garment type's
 * categories (the size chart's category mapping) whose `size` is that code. Sizes and mapping are read live.
 * A customer counts once, with the size staff see on the profile: the verified one (personal link) when there
 * is one, else the unverified one (typed email); `unverified` says how many of the counted sizes are the latter,
 * and `verifiedOnly` leaves those out.
 */
export async function getDemandVsStock(
  db: Db,
  garment: GarmentType,
  opts: { verifiedOnly?: boolean } = {},
): Promise<{ rows: (DemandRow & { unverified: number })[]; customers: number; unverified: number; units: number }> {
  const isVerified = sql`(preferences -> 'sizes') ? ${garment}`;
  const demand = rowsOf<{ size: string; n: number; unverified: number }>(
    await db.execute(sql`select substr(tok, ${garment.length + 2}) as size, count(*)::int as n, (count(*) filter (where not ${isVerified}))::int as unverified
                           from customer_profiles, unnest(sizes) tok
                          where tok like ${garment + ':%'} ${opts.verifiedOnly ? sql`and ${isVerified}` : sql``}
                          group by 1`),
  );
  const chart = await getSizeChart(db);
  const mapping = await getGarmentCategories(db);
  const names = mapping[garment].map((n) => n.toLowerCase());
  const stock = names.length
    ? rowsOf<{ size: string; n: number }>(
        await db.execute(sql`select v.size, sum(s.on_hand - s.reserved)::int as n
                               from stock_levels s join variants v on v.id = s.variant_id join products p on p.id = v.product_id join categories c on c.id = p.category_id
                              where v.active and p.status <> 'archived' and lower(c.name) in (${sql.join(
                                names.map((n) => sql`${n}`),
                                sql`, `,
                              )})
                              group by v.size`),
      )
    : [];
  const unverifiedBySize = Object.fromEntries(demand.map((d) => [d.size, Number(d.unverified)]));
  const rows = demandVsStock(
    chart[garment].map((s) => s.code),
    Object.fromEntries(demand.map((d) => [d.size, Number(d.n)])),
    Object.fromEntries(stock.map((s) => [s.size, Number(s.n)])),
  ).map((r) => ({ ...r, unverified: unverifiedBySize[r.size] ?? 0 }));
  return {
    rows,
    customers: rows.reduce((n, r) => n + r.customers, 0),
    unverified: rows.reduce((n, r) => n + r.unverified, 0),
    units: rows.reduce((n, r) => n + r.available, 0),
  };
}

/** A personal link token for a known customer (created on first ask). */
export async function ensureCustomer(
  db: Db,
  input: { email: string; name?: string },
): Promise<{ id: string; token: string }> {
  const crypto = await import('node:crypto');
  const [c] = await db
    .insert(customers)
    .values({
      email: input.email.toLowerCase(),
      name: input.name ?? '',
      token: crypto.randomBytes(18).toString('base64url'),
    })
    .onConflictDoUpdate({
      target: customers.email,
      set: { name: sql`case when excluded.name <> '' then excluded.name else ${customers.name} end` },
    })
    .returning({ id: customers.id, token: customers.token });
  return c!;
}

/** The customer behind a personal link, or null. */
export async function getCustomerByToken(db: Db, token: string) {
  const [c] = await db
    .select({ id: customers.id, email: customers.email, name: customers.name })
    .from(customers)
    .where(eq(customers.token, token));
  return c ?? null;
}
