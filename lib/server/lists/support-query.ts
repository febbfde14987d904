import type { FailingUsersFilter } from '../../../db/queries/support';
import { DEFAULT_RANGE, RANGES, type failingUsersList } from '../../lists/support';

/** The failing-users query from its URL state: the page and the CSV export run exactly this. */
export function failingUsersQueryOf(state: ReturnType<typeof failingUsersList.parse>, now: Date): FailingUsersFilter {
  const f = state.filters;
  return {
    q: f.q,
    grade: f.grade,
    authType: f.auth,
    errorType: f.error,
    since: new Date(now.getTime() - RANGES[f.range ?? DEFAULT_RANGE]),
    sort: state.sort,
    page: state.paging.page,
  };
}
