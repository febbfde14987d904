import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { WindowEntry } from '../../lib/oplog/rules';

/**
 * One row per (platform user, platform account): the session-stability profile support staff start from.
 * Kept apart from staff accounts: these are the brand's customers' users on the external platform.
 */
export const platformUserProfiles = pgTable(
  'platform_user_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    platformAccountId: text('platform_account_id').notNull(),
    email: text('email'),
    authType: text('auth_type').notNull().default('NORMAL'),
    totalLoginCount: integer('total_login_count').notNull().default(0),
    successLoginCount: integer('success_login_count').notNull().default(0),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    lastLoginStatus: text('last_login_status'),
    /** The last 10 attempts, newest first: [{ status, createdAt }]. */
    recentLoginWindow: jsonb('recent_login_window').$type<WindowEntry[]>().notNull().default(sql`'[]'::jsonb`),
    /** success / total × 100, 2 decimals; kept by the same statement that counts the attempt. */
    sessionStabilityScore: numeric('session_stability_score', { precision: 5, scale: 2, mode: 'number' })
      .notNull()
      .default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('platform_user_profiles_user_account_key').on(t.userId, t.platformAccountId),
    // Failing-users page: worst scores first, and the grade filter (score ranges).
    index('platform_user_profiles_score_idx').on(t.sessionStabilityScore, t.userId),
    // Search by platform account id and by email.
    index('platform_user_profiles_account_idx').on(t.platformAccountId),
    index('platform_user_profiles_email_idx').on(sql`lower(${t.email})`),
    check('platform_user_profiles_auth_type_check', sql`${t.authType} in ('2FA', 'NORMAL')`),
    check(
      'platform_user_profiles_counts_check',
      sql`${t.successLoginCount} + ${t.failedLoginCount} = ${t.totalLoginCount}`,
    ),
  ],
);

/** One row per fetched review; the type rule lives in lib/oplog/rules.ts (reviewType). */
export const platformReviewMetadata = pgTable(
  'platform_review_metadata',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reviewId: text('review_id').notNull(),
    shopId: text('shop_id').notNull(),
    externalShopId: text('external_shop_id'),
    source: text('source'),
    hasBookingDetail: boolean('has_booking_detail').notNull().default(false),
    reviewType: text('review_type').notNull(),
    replyAttempted: boolean('reply_attempted').notNull().default(false),
    replySuccess: boolean('reply_success'),
    replyErrorType: text('reply_error_type'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('platform_review_metadata_review_key').on(t.reviewId),
    // The shop page: reviews of one shop by type, newest first.
    index('platform_review_metadata_shop_idx').on(t.shopId, t.reviewType, t.fetchedAt.desc()),
    check('platform_review_metadata_type_check', sql`${t.reviewType} in ('TYPE_A', 'TYPE_B', 'TYPE_C')`),
  ],
);

export type PlatformUserProfile = typeof platformUserProfiles.$inferSelect;
export type ReviewMetadata = typeof platformReviewMetadata.$inferSelect;

/**
 * Idempotency keys of the ingest endpoints (`Idempotency-Key` on POST /api/v1/oplog and /api/v1/login-results),
 * kept with the op-log tables so the key, the body hash and the response commit in the same transaction as the
 * rows they describe. Scoped per API key. Kept for IDEMPOTENCY_TTL_HOURS (lib/server/idempotency.ts), then
 * removed by op-log maintenance. status and response are filled before the transaction commits, so no other
 * transaction ever sees them empty.
 */
export const ingestIdempotencyKeys = pgTable(
  'ingest_idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    /** The endpoint the key was first used on: the same key on another endpoint is a different request. */
    route: text('route').notNull(),
    /** sha256 (hex) of the parsed JSON body, re-serialized (whitespace and formatting do not matter). */
    bodyHash: text('body_hash').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'ingest_idempotency_keys_pkey', columns: [t.apiKeyId, t.key] }),
    // Expiry deletes by age.
    index('ingest_idempotency_keys_created_idx').on(t.createdAt),
  ],
);

/**
 * The JetStream messages (op-log batches) the stream consumers have written, committed in the same transaction
 * as their rows: a message redelivered after a crash between commit and ack finds its sequence here and writes
 * nothing again. Op-log maintenance deletes rows older than the stream keeps messages.
 */
export const oplogStreamApplied = pgTable(
  'oplog_stream_applied',
  {
    stream: text('stream').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'oplog_stream_applied_pkey', columns: [t.stream, t.seq] }),
    index('oplog_stream_applied_at_idx').on(t.appliedAt),
  ],
);
