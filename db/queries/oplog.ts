import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type LogDb } from '../client';
import { col, decodeRow } from '../codec';
import { platformReviewMetadata, platformUserProfiles, type PlatformUserProfile } from '../schema';
import type { LoginResult } from '../../lib/oplog/entry';
import { reviewType, type Grade, type WindowEntry } from '../../lib/oplog/rules';

/** Login attempts of one profile, tallied: what recordLoginResult sends for one, the simulator for many. */
export type LoginTally = {
  userId: string;
  platformAccountId: string;
  email: string | null;
  /** null: keep what the profile has (a new profile starts as NORMAL). */
  authType: string | null;
  total: number;
  success: number;
  /** ISO time of the newest attempt, and its status. */
  lastAt: string;
  lastStatus: string;
  /** The newest attempts, newest first (at most WINDOW_SIZE kept). */
  window: WindowEntry[];
};

/**
 * The one login-profile upsert: merges tallies into profiles in ONE statement. Counts, last login, the
 * newest-first window of 10 and the score move together, and the row lock taken by ON CONFLICT makes concurrent
 * results for a profile queue up rather than overwrite each other. The score uses session_stability_score(),
 * the SQL twin of stabilityScore(). At most one tally per profile in a call.
 */
export async function mergeLoginTallies(db: LogDb, tallies: readonly LoginTally[]): Promise<Record<string, unknown>[]> {
  if (tallies.length === 0) return [];
  const json = JSON.stringify(
    tallies.map((t) => ({
      u: t.userId,
      a: t.platformAccountId,
      e: t.email,
      t: t.authType,
      tot: t.total,
      ok: t.success,
      last: t.lastAt,
      ls: t.lastStatus,
      w: t.window,
    })),
  );
  return rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with v as (
        select * from jsonb_to_recordset(${json}::jsonb) as v(u text, a text, e text, t text, tot int, ok int, last timestamptz, ls text, w jsonb)
      )
      insert into platform_user_profiles as p
        (user_id, platform_account_id, email, auth_type, total_login_count, success_login_count, failed_login_count,
         last_login_at, last_login_status, recent_login_window, session_stability_score)
      select u, a, e, coalesce(t, 'NORMAL'), tot, ok, tot - ok, last, ls, w, session_stability_score(ok, tot) from v
      on conflict (user_id, platform_account_id) do update set
        total_login_count = p.total_login_count + excluded.total_login_count,
        success_login_count = p.success_login_count + excluded.success_login_count,
        failed_login_count = p.failed_login_count + excluded.failed_login_count,
        session_stability_score = session_stability_score(p.success_login_count + excluded.success_login_count, p.total_login_count + excluded.total_login_count),
        -- A late-arriving result does not move "last login" backwards.
        last_login_status = case when p.last_login_at is null or excluded.last_login_at >= p.last_login_at then excluded.last_login_status else p.last_login_status end,
        last_login_at = greatest(p.last_login_at, excluded.last_login_at),
        recent_login_window = (
          select coalesce(jsonb_agg(e order by (e->>'createdAt')::timestamptz desc), '[]'::jsonb)
          from (select e from jsonb_array_elements(excluded.recent_login_window || p.recent_login_window) e
                order by (e->>'createdAt')::timestamptz desc limit 10) newest),
        auth_type = coalesce((select v.t from v where v.u = excluded.user_id and v.a = excluded.platform_account_id), p.auth_type),
        email = coalesce(excluded.email, p.email),
        updated_at = now()
      returning *`),
  );
}

/** A `platform_user_profiles` row as `returning *` hands it over. */
const PROFILE_ROW = {
  id: col.text,
  user_id: col.text,
  platform_account_id: col.text,
  email: col.nullable(col.text),
  auth_type: col.text,
  total_login_count: col.number,
  success_login_count: col.number,
  failed_login_count: col.number,
  last_login_at: col.nullable(col.instant),
  last_login_status: col.nullable(col.text),
  recent_login_window: col.json<WindowEntry[]>,
  session_stability_score: col.number,
  created_at: col.instant,
  updated_at: col.instant,
};

/** Records one login attempt (the login-results API): one tally through mergeLoginTallies. */
export async function recordLoginResult(
  db: LogDb,
  r: Pick<LoginResult, 'userId' | 'platformAccountId' | 'status'> & Partial<LoginResult>,
): Promise<PlatformUserProfile> {
  const at = (r.createdAt ?? new Date()).toISOString();
  const ok = r.status === 'SUCCESS' ? 1 : 0;
  const [row] = await mergeLoginTallies(db, [
    {
      userId: r.userId,
      platformAccountId: r.platformAccountId,
      email: r.email ?? null,
      authType: r.authType ?? null,
      total: 1,
      success: ok,
      lastAt: at,
      lastStatus: r.status,
      window: [{ status: r.status, createdAt: at }],
    },
  ]);
  if (!row) throw new Error('the login-profile upsert returned no row');
  const p = decodeRow(PROFILE_ROW, row);
  return {
    id: p.id,
    userId: p.user_id,
    platformAccountId: p.platform_account_id,
    email: p.email,
    authType: p.auth_type,
    totalLoginCount: p.total_login_count,
    successLoginCount: p.success_login_count,
    failedLoginCount: p.failed_login_count,
    lastLoginAt: p.last_login_at,
    lastLoginStatus: p.last_login_status,
    recentLoginWindow: p.recent_login_window,
    sessionStabilityScore: p.session_stability_score,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

export async function getProfiles(db: LogDb, userId: string) {
  return db
    .select()
    .from(platformUserProfiles)
    .where(eq(platformUserProfiles.userId, userId))
    .orderBy(platformUserProfiles.platformAccountId);
}

export type ReviewInput = {
  reviewId: string;
  shopId: string;
  externalShopId?: string | null;
  source?: string | null;
  hasBookingDetail?: boolean;
  replyAttempted?: boolean;
  replySuccess?: boolean | null;
  replyErrorType?: string | null;
  fetchedAt?: Date;
};

/** Upserts review metadata by review id; the type is always derived by the rule, never taken from input. */
export async function upsertReviewMetadata(db: LogDb, reviews: ReviewInput[]): Promise<void> {
  if (reviews.length === 0) return;
  await db
    .insert(platformReviewMetadata)
    .values(
      reviews.map((r) => ({
        reviewId: r.reviewId,
        shopId: r.shopId,
        externalShopId: r.externalShopId ?? null,
        source: r.source ?? null,
        hasBookingDetail: r.hasBookingDetail ?? false,
        reviewType: reviewType(r),
        replyAttempted: r.replyAttempted ?? false,
        replySuccess: r.replySuccess ?? null,
        replyErrorType: r.replyErrorType ?? null,
        fetchedAt: r.fetchedAt ?? new Date(),
      })),
    )
    .onConflictDoUpdate({
      target: platformReviewMetadata.reviewId,
      set: {
        replyAttempted: sql`excluded.reply_attempted`,
        replySuccess: sql`excluded.reply_success`,
        replyErrorType: sql`excluded.reply_error_type`,
        fetchedAt: sql`excluded.fetched_at`,
      },
    });
}

/** A shop's reviews per type with reply outcomes. */
export async function shopReviewSummary(db: LogDb, shopId: string) {
  return db
    .select({
      reviewType: platformReviewMetadata.reviewType,
      total: sql<number>`count(*)::int`,
      replyAttempted: sql<number>`count(*) filter (where ${platformReviewMetadata.replyAttempted})::int`,
      replySucceeded: sql<number>`count(*) filter (where ${platformReviewMetadata.replySuccess})::int`,
      replyFailed: sql<number>`count(*) filter (where ${platformReviewMetadata.replySuccess} = false)::int`,
      lastFetchedAt: sql<Date>`max(${platformReviewMetadata.fetchedAt})`,
    })
    .from(platformReviewMetadata)
    .where(eq(platformReviewMetadata.shopId, shopId))
    .groupBy(platformReviewMetadata.reviewType)
    .orderBy(platformReviewMetadata.reviewType);
}

export async function shopRecentReviews(db: LogDb, shopId: string, filter: { type?: string; limit?: number } = {}) {
  const where: SQL[] = [eq(platformReviewMetadata.shopId, shopId)];
  if (filter.type) where.push(eq(platformReviewMetadata.reviewType, filter.type));
  return db
    .select()
    .from(platformReviewMetadata)
    .where(and(...where))
    .orderBy(sql`${platformReviewMetadata.fetchedAt} desc`)
    .limit(Math.min(filter.limit ?? 50, 200));
}
