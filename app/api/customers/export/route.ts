import { getDb } from '@/db/client';
import { listCustomerProfiles } from '@/db/queries/customers';
import { csvResponse, type CsvValue } from '@/lib/csv';
import { customerList } from '@/lib/lists/customers';
import { staffRoute } from '@/lib/server/route';

const BATCH = 1000;
const MAX_ROWS = 500_000;

type Pref = { value: string; verified: boolean };
const list = (values: Pref[]) => values.map((v) => (v.verified ? v.value : `${v.value} (unverified)`)).join(' | ');

/** The customer profile list as CSV: the page's URL state and query (filters, sort), every page, streamed. */
export const GET = staffRoute('customers.read', async (req) => {
  const state = customerList.parse(new URL(req.url).searchParams);
  const db = await getDb();
  async function* batches() {
    for (let page = 1; page <= MAX_ROWS / BATCH; page++) {
      const { rows, hasNext } = await listCustomerProfiles(db, {
        ...state.filters,
        sort: state.sort,
        page,
        pageSize: BATCH,
      });
      yield rows.map((c): CsvValue[] => [
        c.id,
        c.email,
        c.name,
        list(Object.entries(c.preferences.sizes).flatMap(([g, s]) => (s ? [{ ...s, value: `${g}:${s.value}` }] : []))),
        c.preferences.fit ? list([c.preferences.fit]) : '',
        list(c.preferences.styles),
        list(c.preferences.colours),
        c.updatedAt,
      ]);
      if (!hasNext) return;
    }
  }
  return csvResponse(
    'customer-profiles.csv',
    ['id', 'email', 'name', 'sizes', 'fit', 'styles', 'colours', 'updated_at'],
    batches(),
  );
});
