import { sql, type SQL } from 'drizzle-orm';
import type { LogDb } from '../client';
import { col, decodeRows } from '../codec';
import { GRADE_FLOOR, type Grade, type WindowEntry } from '../../lib/oplog/rules';
import { redactNullableText, redactSecrets } from '../../lib/oplog/redact';

export type FailingUsersFilter = {
  q?: string;
  grade?: Grade;
  authType?: '2FA' | 'NORMAL';
  errorType?: string;
  since: Date;
  /** Failures in the range (the ranking) or session stability, each with the other keys breaking ties. */
  sort?: { key: 'failures' | 'stability'; dir: 'asc' | 'desc' };
  page?: number;
  pageSize?: number;
};

export type FailingUserRow = {
  userId: string;
  platformAccountId: string;
  email: string | null;
  authType: string;
  score: number;
  totalLoginCount: number;
  failedLoginCount: number;
  lastLoginAt: Date | null;
  lastLoginStatus: string | null;
  recentLoginWindow: WindowEntry[];
  failures: number;
  lastFailureAt: Date | null;
  dominantErrorType: string | null;
};

const text = col.text;
const maybeText = col.nullable(col.text);
const maybeInstant = col.nullable(col.instant);
const maybeJson = col.nullable(col.json);

/** A grade filter as a score range over profiles aliased `p`, so the score index serves it. */
function gradeCondition(grade: Grade): SQL {
  if (grade === 'STABLE') return sql`p.session_stability_score >= ${GRADE_FLOOR.STABLE}`;
  if (grade === 'UNSTABLE') {
    return sql`p.session_stability_score >= ${GRADE_FLOOR.UNSTABLE} and p.session_stability_score < ${GRADE_FLOOR.STABLE}`;
  }
  return sql`p.session_stability_score < ${GRADE_FLOOR.UNSTABLE}`;
}

/**
 * Users ranked by failures since `since` (then by worst score). Recent failures come from the FAILED
 * sub-partitions of the months in range (partition pruning + BRIN on created_at); the dominant error type is
 * computed only for the page's rows, through the (user_id, created_at) index.
 */
export async function listFailingUsers(db: LogDb, f: FailingUsersFilter) {
  const pageSize = Math.min(Math.max(f.pageSize ?? 25, 1), 100);
  const page = Math.max(f.page ?? 1, 1);
  const where: SQL[] = [];
  if (f.q) {
    const q = f.q.trim();
    where.push(
      sql`(p.user_id = ${q} or p.platform_account_id = ${q} or lower(p.email) = lower(${q}) or p.user_id like ${`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`,
    );
  }
  if (f.grade) where.push(gradeCondition(f.grade));
  if (f.authType) where.push(sql`p.auth_type = ${f.authType}`);
  if (f.errorType) where.push(sql`coalesce(r.failures, 0) > 0`);
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const errorFilter = f.errorType ? sql`and o.error_type = ${f.errorType}` : sql``;
  const since = f.since.toISOString();
  const d = f.sort?.dir === 'asc' ? sql`asc` : sql`desc`;
  const nd = f.sort?.dir === 'asc' ? sql`desc` : sql`asc`;
  const byStability = f.sort?.key === 'stability';
  const order = byStability
    ? sql`p.session_stability_score ${d}, p.user_id, p.platform_account_id`
    : sql`coalesce(r.failures, 0) ${d}, p.session_stability_score ${nd}, p.user_id, p.platform_account_id`;
  const outerOrder = byStability
    ? sql`ranked.session_stability_score ${d}, ranked.user_id, ranked.platform_account_id`
    : sql`ranked.failures ${d}, ranked.session_stability_score ${nd}, ranked.user_id, ranked.platform_account_id`;

  const result = await db.execute(sql`
    with recent as (
      select o.user_id, o.platform_account_id, count(*)::int as failures, max(o.created_at) as last_failure_at
      from operation_logs o
      where o.status = 'FAILED' and o.created_at >= ${since}::timestamptz ${errorFilter}
      group by o.user_id, o.platform_account_id
    ),
    ranked as (
      select p.*, coalesce(r.failures, 0) as failures, r.last_failure_at, count(*) over () as total
      from platform_user_profiles p
      left join recent r on r.user_id = p.user_id and r.platform_account_id = p.platform_account_id
      ${whereSql}
      order by ${order}
      limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select ranked.*, dom.error_type as dominant_error_type
    from ranked
    left join lateral (
      select o.error_type from operation_logs o
      where o.user_id = ranked.user_id and o.platform_account_id = ranked.platform_account_id
        and o.status = 'FAILED' and o.created_at >= ${since}::timestamptz and o.error_type is not null ${errorFilter}
      group by o.error_type order by count(*) desc, o.error_type limit 1
    ) dom on true
    order by ${outerOrder}`);
  const raw = decodeRows(
    {
      user_id: text,
      platform_account_id: text,
      email: maybeText,
      auth_type: text,
      session_stability_score: col.number,
      total_login_count: col.number,
      failed_login_count: col.number,
      last_login_at: maybeInstant,
      last_login_status: maybeText,
      recent_login_window: col.json<WindowEntry[]>,
      failures: col.number,
      last_failure_at: maybeInstant,
      dominant_error_type: maybeText,
      total: col.number,
    },
    result,
  );
  const rows: FailingUserRow[] = raw.map((r) => ({
    userId: r.user_id,
    platformAccountId: r.platform_account_id,
    email: r.email,
    authType: r.auth_type,
    score: r.session_stability_score,
    totalLoginCount: r.total_login_count,
    failedLoginCount: r.failed_login_count,
    lastLoginAt: r.last_login_at,
    lastLoginStatus: r.last_login_status,
    recentLoginWindow: r.recent_login_window,
    failures: r.failures,
    lastFailureAt: r.last_failure_at,
    dominantErrorType: r.dominant_error_type,
  }));
  return { rows, total: raw[0]?.total ?? 0, page, pageSize };
}

export type TimelineFilter = {
  userId: string;
  platformAccountId?: string;
  operationType?: string;
  status?: 'SUCCESS' | 'FAILED';
  errorType?: string;
  proxy?: string;
  from: Date;
  to: Date;
  /** Keyset cursor: the last row of the previous page. */
  before?: { at: Date; id: number };
  /** Newest first (default) or oldest first: the index (user_id, created_at desc, id desc) serves both ways. */
  dir?: 'asc' | 'desc';
  limit?: number;
};

export type TimelineRow = {
  id: number;
  createdAt: Date;
  platformAccountId: string;
  operationType: string;
  resourceId: string | null;
  status: string;
  errorCode: string | null;
  errorType: string | null;
  errorMessage: string | null;
  executionTimeMs: number;
  retryCount: number;
  authTypeDetected: string | null;
  sessionRefreshed: boolean;
  proxyUsed: string | null;
  userAgent: string | null;
  requestPayload: unknown;
  responseSummary: unknown;
};

function timelineWhere(f: Omit<TimelineFilter, 'before' | 'limit'>): SQL {
  const parts: SQL[] = [
    sql`o.user_id = ${f.userId}`,
    sql`o.created_at >= ${f.from.toISOString()}::timestamptz`,
    sql`o.created_at < ${f.to.toISOString()}::timestamptz`,
  ];
  if (f.platformAccountId) parts.push(sql`o.platform_account_id = ${f.platformAccountId}`);
  if (f.operationType) parts.push(sql`o.operation_type = ${f.operationType}`);
  if (f.status) parts.push(sql`o.status = ${f.status}`);
  if (f.errorType) parts.push(sql`o.error_type = ${f.errorType}`);
  if (f.proxy) parts.push(sql`o.proxy_used = ${f.proxy}`);
  return sql.join(parts, sql` and `);
}

/**
 * One user's operations, newest (or oldest) first, keyset-paged by (created_at, id): every page is an index range
 * scan (forward or backward) on (user_id, created_at desc, id desc) in the partitions of the range, however deep
 * the user scrolls.
 */
export async function listTimeline(
  db: LogDb,
  f: TimelineFilter,
): Promise<{ rows: TimelineRow[]; next: { at: Date; id: number } | null }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const asc = f.dir === 'asc';
  const cursor = f.before
    ? sql`and (o.created_at, o.id) ${asc ? sql`>` : sql`<`} (${f.before.at.toISOString()}::timestamptz, ${f.before.id})`
    : sql``;
  const order = asc ? sql`o.created_at asc, o.id asc` : sql`o.created_at desc, o.id desc`;
  const result = await db.execute(sql`
    select o.* from operation_logs o
    where ${timelineWhere(f)} ${cursor}
    order by ${order}
    limit ${limit + 1}`);
  const raw = decodeRows(
    {
      id: col.number,
      created_at: col.instant,
      platform_account_id: text,
      operation_type: text,
      resource_id: maybeText,
      status: text,
      error_code: maybeText,
      error_type: maybeText,
      error_message: maybeText,
      execution_time_ms: col.number,
      retry_count: col.number,
      auth_type_detected: maybeText,
      session_refreshed: col.boolean,
      proxy_used: maybeText,
      user_agent: maybeText,
      request_payload: maybeJson,
      response_summary: maybeJson,
    },
    result,
  );
  const rows = raw.slice(0, limit).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    platformAccountId: r.platform_account_id,
    operationType: r.operation_type,
    resourceId: r.resource_id,
    status: r.status,
    errorCode: r.error_code,
    errorType: r.error_type,
    // Redacted again on the way out: rows written before value-based redaction existed may hold secrets.
    errorMessage: redactNullableText(r.error_message),
    executionTimeMs: r.execution_time_ms,
    retryCount: r.retry_count,
    authTypeDetected: r.auth_type_detected,
    sessionRefreshed: r.session_refreshed,
    proxyUsed: redactNullableText(r.proxy_used),
    userAgent: redactNullableText(r.user_agent),
    requestPayload: redactSecrets(r.request_payload),
    responseSummary: redactSecrets(r.response_summary),
  }));
  const last = rows.at(-1);
  return { rows, next: raw.length > limit && last ? { at: last.createdAt, id: last.id } : null };
}

/** What failed for one user in a range, with when each error type was first and last seen. */
export async function userErrorBreakdown(
  db: LogDb,
  f: { userId: string; platformAccountId?: string; from: Date; to: Date },
) {
  const result = await db.execute(sql`
    select coalesce(o.error_type, 'UNSPECIFIED') as error_type, count(*)::int as n,
           min(o.created_at) as first_seen, max(o.created_at) as last_seen,
           count(distinct o.proxy_used)::int as proxies
    from operation_logs o
    where ${timelineWhere({ ...f, status: 'FAILED' })}
    group by 1 order by 2 desc, 1`);
  return decodeRows(
    { error_type: text, n: col.number, first_seen: col.instant, last_seen: col.instant, proxies: col.number },
    result,
  ).map((r) => ({
    errorType: r.error_type,
    count: r.n,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    proxies: r.proxies,
  }));
}

/** Per operation type for one user: volume, failures and latency percentiles (exact: one user's rows are few). */
export async function userOperationStats(
  db: LogDb,
  f: { userId: string; platformAccountId?: string; from: Date; to: Date },
) {
  const result = await db.execute(sql`
    select o.operation_type, count(*)::int as n, count(*) filter (where o.status = 'FAILED')::int as failed,
           percentile_cont(0.5) within group (order by o.execution_time_ms) as p50,
           percentile_cont(0.95) within group (order by o.execution_time_ms) as p95
    from operation_logs o where ${timelineWhere(f)}
    group by 1 order by 2 desc`);
  return decodeRows(
    { operation_type: text, n: col.number, failed: col.number, p50: col.number, p95: col.number },
    result,
  ).map((r) => ({
    operationType: r.operation_type,
    count: r.n,
    failed: r.failed,
    p50: Math.round(r.p50),
    p95: Math.round(r.p95),
  }));
}

/** Per proxy for one user: which proxies their failures went through. */
export async function userProxyStats(
  db: LogDb,
  f: { userId: string; platformAccountId?: string; from: Date; to: Date },
) {
  const result = await db.execute(sql`
    select coalesce(o.proxy_used, 'direct') as proxy, count(*)::int as n, count(*) filter (where o.status = 'FAILED')::int as failed
    from operation_logs o where ${timelineWhere(f)}
    group by 1 order by 3 desc, 2 desc limit 20`);
  return decodeRows({ proxy: text, n: col.number, failed: col.number }, result).map((r) => ({
    proxy: r.proxy,
    count: r.n,
    failed: r.failed,
  }));
}

/** Distinct values for the timeline's filter menus, from the user's own rows in range. */
export async function userFilterOptions(db: LogDb, f: { userId: string; from: Date; to: Date }) {
  const result = await db.execute(sql`
    select array_remove(array_agg(distinct o.error_type), null) as error_types,
           array_remove(array_agg(distinct o.proxy_used), null) as proxies
    from operation_logs o where ${timelineWhere(f)}`);
  // array_agg of no rows is NULL; an array may arrive as a literal with quoted elements (a proxy name with a comma).
  const [row] = decodeRows({ error_types: col.nullable(col.strings), proxies: col.nullable(col.strings) }, result);
  return { errorTypes: (row?.error_types ?? []).sort(), proxies: (row?.proxies ?? []).sort() };
}

/** How many platform user accounts are STABLE / UNSTABLE / CRITICAL now (from the profiles, by the SQL grade rule). */
export async function gradeDistribution(db: LogDb): Promise<Record<'STABLE' | 'UNSTABLE' | 'CRITICAL', number>> {
  const rows = decodeRows(
    { grade: col.oneOf<Grade>('STABLE', 'UNSTABLE', 'CRITICAL'), n: col.number },
    await db.execute(
      sql`select session_stability_grade(session_stability_score) as grade, count(*)::int as n from platform_user_profiles group by 1`,
    ),
  );
  const out = { STABLE: 0, UNSTABLE: 0, CRITICAL: 0 };
  for (const r of rows) out[r.grade] = r.n;
  return out;
}
