import { getDb } from '@/db/client';
import { listApiKeys } from '@/db/queries/api-keys';
import { csvResponse } from '@/lib/csv';
import { apiKeyList } from '@/lib/lists/api-keys';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { staffRoute } from '@/lib/server/route';

type Row = Awaited<ReturnType<typeof listApiKeys>>[number];

// Key hashes never leave the database; the prefix is what the page shows too.
const columns: CsvColumns<Row> = {
  name: { header: ['name', 'created_at', 'created_by'], cells: (k) => [k.name, k.createdAt, k.createdBy] },
  key: { header: ['prefix'], cells: (k) => [k.prefix] },
  scopes: { header: ['scopes'], cells: (k) => [k.scopes.join(' ')] },
  lastUsed: { header: ['last_used_at'], cells: (k) => [k.lastUsedAt] },
  expires: { header: ['expires_at'], cells: (k) => [k.expiresAt] },
  status: {
    header: ['status'],
    cells: (k) => [k.revokedAt ? 'revoked' : k.expired ? 'expired' : 'active'],
  },
};

/** The API key list as CSV: the page's URL state and query (status, sort, visible columns). A small list: one read. */
export const GET = staffRoute('apiKeys.manage', async (req) => {
  const state = apiKeyList.parse(new URL(req.url).searchParams);
  const rows = await listApiKeys(await getDb(), { status: state.filters.status, sort: state.sort });
  const shape = csvShape(columns, state.columns);
  return csvResponse(
    'api-keys.csv',
    shape.header,
    (async function* () {
      yield rows.map(shape.row);
    })(),
  );
});
