import type { FailingUsersFilter, TimelineFilter } from '../../../db/queries/support';
import { DEFAULT_RANGE, RANGES, type failingUsersList, type timelineList } from '../../lists/support';
import { parseTimeCursor } from '../../validation';

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

/**
 * A user's timeline query from its URL state: the page and the CSV export run exactly this. `accounts` are the
 * user's platform accounts: an account filter naming another is ignored (as the page always did).
 */
export function timelineQueryOf(
  state: ReturnType<typeof timelineList.parse>,
  userId: string,
  accounts: readonly string[],
  now: Date,
): TimelineFilter {
  const f = state.filters;
  const account = f.account && accounts.includes(f.account) ? f.account : undefined;
  return {
    userId,
    platformAccountId: account,
    from: new Date(now.getTime() - RANGES[f.range ?? DEFAULT_RANGE]),
    to: now,
    operationType: f.op,
    status: f.status,
    errorType: f.error,
    proxy: f.proxy,
    before: parseTimeCursor(state.paging.before),
    dir: state.sort.dir,
  };
}
