import { AUTH_TYPES, GRADES, OP_STATUSES, OPERATION_TYPES } from '../oplog/rules';
import { defineList, defineParams, field, type RawParams } from '../url-state';
import { parseTimeCursor } from '../validation';
import { z } from '../zod';

export const RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_LABELS: Record<RangeKey, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};
export const DEFAULT_RANGE: RangeKey = '7d';

export const errorTypeField = () => field.text(64).pipe(field.text(64).regex(/^[A-Z_]{2,64}$/));

/**
 * The failing-users list's URL state (page, CSV export, views). Sorts: failures in the range (the ranking,
 * counted per request as before) and session stability (platform_user_profiles_score_idx).
 */
export const failingUsersList = defineList({
  path: '/support',
  permission: 'support.read',
  fields: {
    q: field.text(254),
    grade: field.oneOf(GRADES),
    auth: field.oneOf(AUTH_TYPES),
    error: errorTypeField(),
    range: field.oneOf(['24h', '7d', '30d']),
  },
  paging: { page: field.page() },
  sorts: ['failures', 'stability'],
  defaultSort: { key: 'failures', dir: 'desc' },
  columns: ['user', 'failures', 'error', 'stability', 'logins', 'lastFailure'],
  required: ['user'],
});

// A user's support page (their profiles and operation timeline): its URL state on the same layer.
const timelineFields = {
  account: field.text(128),
  range: field.oneOf(['24h', '7d', '30d']),
  op: field.oneOf(OPERATION_TYPES),
  status: field.oneOf(OP_STATUSES),
  error: errorTypeField(),
  proxy: field.text(128),
};
/** The timeline's keyset cursor, `<ISO time>_<id>` of the last row shown (older rows follow it newest first, newer ones oldest first). */
const timelineCursor = () => z.string().refine((v) => parseTimeCursor(v) !== undefined);

export const timelineParams = defineParams({ ...timelineFields, before: timelineCursor() });

/**
 * A user's operation timeline as a list (table, views, CSV export). One sort, time both ways: the index
 * (user_id, created_at desc, id desc) serves either direction. Its path is per user: `timelinePath(userId)`.
 */
export const timelineList = defineList({
  path: '/support/users',
  permission: 'support.read',
  fields: timelineFields,
  paging: { before: timelineCursor() },
  sorts: ['time'],
  defaultSort: { key: 'time', dir: 'desc' },
  columns: ['time', 'operation', 'status', 'latency', 'proxy', 'account', 'details'],
  // The account is in each row's details (and the page's account filter); a column for it is opt-in.
  defaultColumns: ['time', 'operation', 'status', 'latency', 'proxy', 'details'],
  required: ['time'],
});

export const timelinePath = (userId: string) => `/support/users/${encodeURIComponent(userId)}`;

export type UserSearch = Omit<ReturnType<typeof timelineParams.parse>['values'], 'range'> & { range: RangeKey };

export function parseUserSearch(raw: RawParams): UserSearch {
  const { values } = timelineParams.parse(raw);
  return { ...values, range: values.range ?? DEFAULT_RANGE };
}

/** The query string (with `?`, or '') of a user page's state; the default range is left out. */
export function userQuery(s: Partial<UserSearch>): string {
  const q = timelineParams.query({ ...s, range: s.range === DEFAULT_RANGE ? undefined : s.range });
  return q ? `?${q}` : '';
}
