import { getLogDb } from '@/db/client';
import { listFailingUsers } from '@/db/queries/support';
import { csvResponse, type CsvValue } from '@/lib/csv';
import { failingUsersList } from '@/lib/lists/support';
import { failingUsersQueryOf } from '@/lib/server/lists/support-query';
import { staffRoute } from '@/lib/server/route';

const BATCH = 100;
const MAX_PAGES = 2000;

/** The failing-users list as CSV: the page's URL state and query (filters, range, sort), every page, streamed. */
export const GET = staffRoute('support.read', async (req) => {
  const state = failingUsersList.parse(new URL(req.url).searchParams);
  const query = failingUsersQueryOf(state, new Date());
  const db = await getLogDb();
  async function* batches() {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { rows, total } = await listFailingUsers(db, { ...query, page, pageSize: BATCH });
      yield rows.map((r): CsvValue[] => [
        r.userId,
        r.platformAccountId,
        r.email,
        r.authType,
        r.failures,
        r.dominantErrorType,
        r.score,
        r.lastFailureAt,
      ]);
      if (page * BATCH >= total || rows.length < BATCH) return;
    }
  }
  const header = [
    'user_id',
    'platform_account_id',
    'email',
    'auth_type',
    'failures',
    'main_error',
    'stability_score',
    'last_failure_at',
  ];
  return csvResponse('failing-users.csv', header, batches());
});
