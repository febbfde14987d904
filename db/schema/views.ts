import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * Saved views: a list's filters, sort and columns under a name. `query` is the list's own URL query string
 * (lib/url-state.ts serializes and parses it), so a view opens exactly as the list's URL would and a view that no
 * longer parses (a removed filter or column) opens with what still applies.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The list's key, e.g. `inventory.stock` (lib/lists). */
    list: text('list').notNull(),
    name: text('name').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Shared with the team (everyone who may open the list), else private to its owner. */
    shared: boolean('shared').notNull().default(false),
    query: text('query').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('saved_views_owner_list_name_key').on(t.ownerId, t.list, sql`lower(${t.name})`),
    index('saved_views_shared_idx').on(t.list).where(sql`${t.shared}`),
  ],
);

/** Each person's default view per list (their own or a shared one). */
export const savedViewDefaults = pgTable(
  'saved_view_defaults',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    list: text('list').notNull(),
    viewId: uuid('view_id')
      .notNull()
      .references(() => savedViews.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.list] })],
);

export type SavedView = typeof savedViews.$inferSelect;
