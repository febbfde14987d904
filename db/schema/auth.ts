import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../lib/roles';

export const staffRole = pgEnum('staff_role', ROLES);

/** Staff accounts. Customers never sign in; they answer surveys through public links. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: staffRole('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    /** Optimistic concurrency: every update bumps it; a stale form is refused. */
    version: integer('version').notNull().default(1),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Sign-in looks emails up case-insensitively, and two accounts may not differ only by case.
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    // The staff list filters by role and status.
    index('users_role_active_idx').on(t.role, t.active),
    // The staff list sorts by name.
    index('users_name_idx').on(t.name, t.id),
  ],
);

/**
 * Failed sign-in counters, keyed `email:<address>` or `ip:<address>`. Rows exist for unknown emails too,
 * so throttling never reveals whether an account exists.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * One row per signed-in session; the next-auth JWT carries its id (`sid`). A session is valid only while its
 * row exists, so deleting rows ends sessions for every copy of the cookie (sign-out, password reset,
 * deactivation, role change, an admin's "end sessions"). Idle sessions expire after SESSION_IDLE_HOURS.
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_sessions_user_idx').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
