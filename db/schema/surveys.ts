import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { SURVEY_STATUSES, type SurveyDefinition } from '../../lib/surveys/questions';
import type { Answers } from '../../lib/surveys/logic';
import type { Preferences } from '../../lib/surveys/profile';

export const surveyStatus = pgEnum('survey_status', SURVEY_STATUSES);

/**
 * A survey and its editable draft. What customers answer is a frozen `survey_versions` row: publishing
 * a changed draft adds a version, so answers always point at the questions they answered.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    status: surveyStatus('status').notNull().default('draft'),
    draft: jsonb('draft').$type<SurveyDefinition>().notNull(),
    /** The version customers answer now; null until first published. */
    currentVersionId: uuid('current_version_id'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('surveys_slug_key').on(t.slug), index('surveys_updated_idx').on(t.updatedAt.desc())],
);

/** An immutable, published set of questions. */
export const surveyVersions = pgTable(
  'survey_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_versions_number_key').on(t.surveyId, t.number)],
);

/** Someone who answered with an email or through a personal link. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email'),
    name: text('name').notNull().default(''),
    /** The secret in a personal link (/s/<slug>?t=<token>) that ties answers to this customer. */
    token: text('token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('customers_email_key').on(t.email), uniqueIndex('customers_token_key').on(t.token)],
);

/**
 * A customer's merged preferences (JSONB with provenance per field) plus the core values as indexed columns
 * for the list filters and the demand view.
 */
export const customerProfiles = pgTable(
  'customer_profiles',
  {
    customerId: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    preferences: jsonb('preferences').$type<Preferences>().notNull(),
    /** "garment:code" tokens, e.g. {tops:M,bottoms:38}. */
    sizes: text('sizes').array().notNull().default(sql`'{}'::text[]`),
    styles: text('styles').array().notNull().default(sql`'{}'::text[]`),
    colours: text('colours').array().notNull().default(sql`'{}'::text[]`),
    fit: text('fit'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_profiles_sizes_gin').using('gin', t.sizes),
    index('customer_profiles_styles_gin').using('gin', t.styles),
    index('customer_profiles_colours_gin').using('gin', t.colours),
    index('customer_profiles_updated_idx').on(t.updatedAt.desc()),
  ],
);

export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => surveyVersions.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    email: text('email'),
    /**
     * True when it came through the customer's personal link (the token proves who answered); false for a
     * typed email, which anyone could type. Only verified answers shape the verified profile layer.
     */
    verified: boolean('verified').notNull().default(false),
    /** From the form: a double submit inserts once. */
    idempotencyToken: text('idempotency_token').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    completed: boolean('completed').notNull(),
    /** sha-256 of the client address with a server secret: enough to spot abuse, not to identify anyone. */
    ipHash: text('ip_hash').notNull().default(''),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('survey_responses_idempotency_key').on(t.idempotencyToken),
    index('survey_responses_survey_idx').on(t.surveyId, t.submittedAt.desc()),
    index('survey_responses_customer_idx').on(t.customerId, t.submittedAt.desc()),
    index('survey_responses_answers_gin').using('gin', sql`${t.answers} jsonb_path_ops`),
  ],
);

/** Fixed-window submission counts per hashed client address, shared by every server process. */
export const surveyRateLimits = pgTable('survey_rate_limits', {
  key: text('key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  hits: bigint('hits', { mode: 'number' }).notNull(),
});

export type Survey = typeof surveys.$inferSelect;
export type SurveyVersion = typeof surveyVersions.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type SurveyResponse = typeof surveyResponses.$inferSelect;

/**
 * The brand's size chart: per garment type (tops / bottoms / shoes), the sizes customers pick from, in order.
 * Drafts and the demand view read it live; publishing freezes it into the version's size questions.
 */
export const sizeChartSizes = pgTable(
  'size_chart_sizes',
  {
    garment: text('garment').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.garment, t.code] }), index('size_chart_sizes_order_idx').on(t.garment, t.position)],
);

/**
 * Which catalog categories count as each garment type's stock in the demand view. By category name (matched
 * case-insensitively) so the mapping can be set before the categories exist (fresh install, then the seed).
 */
export const sizeChartCategories = pgTable(
  'size_chart_categories',
  {
    garment: text('garment').notNull(),
    categoryName: text('category_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.garment, t.categoryName] })],
);
