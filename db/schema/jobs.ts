import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per background job: which process runs it now and until when. A process takes the lease only when
 * it is free or expired, renews it while the job runs, and gives it back when done; a crashed holder's lease
 * simply expires. The table exists in every database (op-log jobs take theirs in the log database).
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull().defaultNow(),
});
