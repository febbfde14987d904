import { getDb } from '@/db/client';
import { countLiveSessions } from '@/db/queries/sessions';
import { listStaff } from '@/db/queries/staff';
import { csvResponse } from '@/lib/csv';
import { staffList } from '@/lib/lists/staff';
import { csvShape, type CsvColumns } from '@/lib/server/lists/inventory-csv';
import { staffRoute } from '@/lib/server/route';

type Row = Awaited<ReturnType<typeof listStaff>>['rows'][number] & { sessions: number };

const BATCH = 100;
const MAX_PAGES = 1000;

// Never the password hash: listStaff selects the public columns only.
const columns: CsvColumns<Row> = {
  name: { header: ['name', 'email'], cells: (u) => [u.name, u.email] },
  status: {
    header: ['status', 'locked_until', 'sessions'],
    cells: (u) => [u.active ? 'active' : 'deactivated', u.lockedUntil ?? '', u.sessions],
  },
  lastLogin: { header: ['last_login_at'], cells: (u) => [u.lastLoginAt ?? ''] },
  access: { header: ['role'], cells: (u) => [u.role] },
};

/** The staff list as CSV: the page's URL state and query (filters, sort, visible columns), every page, streamed. */
export const GET = staffRoute('staff.manage', async (req) => {
  const state = staffList.parse(new URL(req.url).searchParams);
  const shape = csvShape(columns, state.columns);
  const db = await getDb();
  async function* batches() {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { rows, total } = await listStaff(db, { ...state.filters, sort: state.sort, page, pageSize: BATCH });
      const sessions = await countLiveSessions(
        db,
        rows.map((r) => r.id),
      );
      yield rows.map((r) => shape.row({ ...r, sessions: sessions.get(r.id) ?? 0 }));
      if (page * BATCH >= total || rows.length < BATCH) return;
    }
  }
  return csvResponse('staff.csv', shape.header, batches());
});
