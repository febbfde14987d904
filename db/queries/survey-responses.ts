import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../client';
import { col, decodeRows, type Decoded } from '../codec';
import { customerProfiles, customers, surveyRateLimits, surveyResponses, surveys, surveyVersions } from '../schema';
import { InvalidInput, NotFound, RateLimited } from '../../lib/errors';
import { validateAnswers } from '../../lib/surveys/answers';
import { enqueueEvent } from './outbox';
import type { Answers } from '../../lib/surveys/logic';
import { coreColumns, emptyPreferences, mergePreferences } from '../../lib/surveys/profile';
import type { ResponseFilter } from '../../lib/surveys/filters';
import type { SurveyDefinition } from '../../lib/surveys/questions';
import crypto from 'node:crypto';

/** Submissions per client address per window, across every server process (the counter is in the database). */
export const SUBMIT_LIMIT = { max: 20, windowSeconds: 600 };

/** Thrown when the survey exists but no longer takes answers. */
export class SurveyClosed extends InvalidInput {
  constructor() {
    super('This survey is closed and no longer takes answers.');
  }
}

/**
 * Counts one hit for `key` in a single statement (concurrent hits all count) and refuses past `max` within
 * the window. Returns the hits so far.
 */
export async function hitRateLimit(db: Db, key: string, limit = SUBMIT_LIMIT): Promise<number> {
  const window = sql.raw(`interval '${Math.floor(limit.windowSeconds)} seconds'`);
  const [row] = decodeRows(
    { hits: col.number },
    await db.execute(sql`
      insert into survey_rate_limits as t (key, window_started_at, hits) values (${key}, now(), 1)
      on conflict (key) do update set
        hits = case when t.window_started_at < now() - ${window} then 1 else t.hits + 1 end,
        window_started_at = case when t.window_started_at < now() - ${window} then now() else t.window_started_at end
      returning hits::int as hits`),
  );
  const hits = row?.hits ?? 0;
  // Now and then a new window also sweeps old ones, so the table stays as small as the recent traffic.
  if (hits === 1 && Math.random() < 0.01) await pruneRateLimits(db);
  if (hits > limit.max)
    throw new RateLimited('Too many answers from your connection. Please try again in a few minutes.');
  return hits;
}

/** Forgets rate-limit windows older than a day (a stale row would restart its window anyway). */
export async function pruneRateLimits(db: Db): Promise<void> {
  await db.delete(surveyRateLimits).where(sql`${surveyRateLimits.windowStartedAt} < now() - interval '1 day'`);
}

export const hashIp = (ip: string, secret: string) =>
  crypto.createHmac('sha256', secret).update(ip).digest('hex').slice(0, 32);

export type SubmitInput = {
  slug: string;
  versionId: string;
  idempotencyToken: string;
  raw: Record<string, unknown>;
  email?: string;
  customerToken?: string;
  ipHash: string;
  /** Seeding and imports only: when the answers were given (default now). */
  submittedAt?: Date;
};
export type SubmitResult = { responseId: string; duplicate: boolean; thankYou: string };

/**
 * Stores one response and merges it into the customer's profile in the same transaction. Validation runs
 * against the version the form showed (still valid after a newer one is published). A repeated idempotency
 * token stores nothing and reports the first response.
 */
export async function submitResponse(db: Db, input: SubmitInput): Promise<SubmitResult> {
  return db.transaction(async (tx) => {
    // The status is read under a share lock inside this transaction: closeSurvey takes the row `for update`, so
    // a close in flight waits for this insert to commit, or this waits for the close and then sees `closed`.
    // (The response's foreign key alone takes only a key-share lock, which does not conflict with a status update.)
    const [survey] = await tx
      .select({ id: surveys.id, status: surveys.status, currentVersionId: surveys.currentVersionId })
      .from(surveys)
      .where(eq(surveys.slug, input.slug))
      .for('share');
    if (!survey || !survey.currentVersionId) throw new NotFound('The survey');
    if (survey.status !== 'published') throw new SurveyClosed();
    const [version] = await tx
      .select()
      .from(surveyVersions)
      .where(and(eq(surveyVersions.id, input.versionId), eq(surveyVersions.surveyId, survey.id)));
    if (!version) throw new InvalidInput('This form is out of date. Reload the page and answer again.');
    const checked = validateAnswers(version.definition, input.raw);
    if (!checked.ok) throw new InvalidInput('Some answers need attention.', checked.errors);
    let customerId: string | null = null;
    let email = input.email?.trim().toLowerCase() || null;
    // Only the personal link proves who answered; a typed email feeds the profile's unverified layer.
    const verified = Boolean(input.customerToken);
    if (input.customerToken) {
      const [c] = await tx
        .select({ id: customers.id, email: customers.email })
        .from(customers)
        .where(eq(customers.token, input.customerToken));
      if (!c)
        throw new InvalidInput('This personal link is not valid. Remove it from the address or ask us for a new one.');
      customerId = c.id;
      email = c.email ?? email;
    } else if (email) {
      const [c] = await tx
        .insert(customers)
        .values({ email, token: crypto.randomBytes(18).toString('base64url') })
        .onConflictDoUpdate({ target: customers.email, set: { email: sql`excluded.email` } })
        .returning({ id: customers.id });
      customerId = c!.id;
    }
    const [inserted] = await tx
      .insert(surveyResponses)
      .values({
        surveyId: survey.id,
        versionId: version.id,
        customerId,
        email,
        verified,
        idempotencyToken: input.idempotencyToken,
        answers: checked.answers,
        completed: checked.completed,
        ipHash: input.ipHash,
        ...(input.submittedAt ? { submittedAt: input.submittedAt } : {}),
      })
      .onConflictDoNothing({ target: surveyResponses.idempotencyToken })
      .returning({ id: surveyResponses.id, submittedAt: surveyResponses.submittedAt });
    if (!inserted) {
      const [first] = await tx
        .select({ id: surveyResponses.id })
        .from(surveyResponses)
        .where(eq(surveyResponses.idempotencyToken, input.idempotencyToken));
      return { responseId: first!.id, duplicate: true, thankYou: version.definition.thankYou };
    }
    if (customerId) {
      // Insert-then-lock so two concurrent responses of one customer merge one after the other.
      await tx.insert(customerProfiles).values({ customerId, preferences: emptyPreferences() }).onConflictDoNothing();
      const [profile] = await tx
        .select()
        .from(customerProfiles)
        .where(eq(customerProfiles.customerId, customerId))
        .for('update');
      const source = {
        surveyId: survey.id,
        surveyTitle: version.definition.title,
        versionId: version.id,
        responseId: inserted.id,
        at: inserted.submittedAt.toISOString(),
      };
      const preferences = mergePreferences(profile!.preferences, version.definition, checked.answers, source, verified);
      await tx
        .update(customerProfiles)
        .set({ preferences, ...coreColumns(preferences), updatedAt: new Date() })
        .where(eq(customerProfiles.customerId, customerId));
    }
    // Answers stay out of the event (they may be personal); the receiver fetches what it is allowed to see.
    await enqueueEvent(tx, {
      type: 'survey.response_created',
      entityKey: `survey_response:${inserted.id}`,
      payload: {
        id: inserted.id,
        surveyId: survey.id,
        slug: input.slug,
        versionId: version.id,
        completed: checked.completed,
        verified,
        submittedAt: inserted.submittedAt.toISOString(),
      },
    });
    return { responseId: inserted.id, duplicate: false, thankYou: version.definition.thankYou };
  });
}

/** The WHERE of the responses table, the charts and the CSV export: one filter, one meaning. */
function filterSql(surveyId: string, f: Omit<ResponseFilter, 'page'>): SQL {
  const parts: SQL[] = [sql`r.survey_id = ${surveyId}`];
  if (f.from) parts.push(sql`r.submitted_at >= ${f.from}::date`);
  if (f.to) parts.push(sql`r.submitted_at < ${f.to}::date + 1`);
  if (f.version) parts.push(sql`v.number = ${f.version}`);
  if (f.email) parts.push(sql`lower(r.email) like ${'%' + f.email.toLowerCase().replace(/[%_\\]/g, '\\$&') + '%'}`);
  if (f.question && f.answer) {
    // A chosen option or size (string or inside an array) or a rating (number).
    parts.push(
      sql`(r.answers -> ${f.question} @> to_jsonb(${f.answer}::text) or (jsonb_typeof(r.answers -> ${f.question}) = 'number' and r.answers ->> ${f.question} = ${f.answer}))`,
    );
  } else if (f.question) parts.push(sql`r.answers ? ${f.question}`);
  return sql.join(parts, sql` and `);
}

export type ResponseRow = {
  id: string;
  submittedAt: Date;
  email: string | null;
  customerId: string | null;
  versionNumber: number;
  completed: boolean;
  answers: Answers;
};
const RAW_ROW = {
  id: col.text,
  submitted_at: col.instant,
  email: col.nullable(col.text),
  customer_id: col.nullable(col.text),
  number: col.number,
  completed: col.boolean,
  answers: col.json<Answers>,
};
const toRow = (r: Decoded<typeof RAW_ROW>): ResponseRow => ({
  id: r.id,
  submittedAt: r.submitted_at,
  email: r.email,
  customerId: r.customer_id,
  versionNumber: r.number,
  completed: r.completed,
  answers: r.answers,
});

export const RESPONSES_PAGE = 50;

/** A page of responses matching the filter, newest (or with `dir: 'asc'` oldest) first. */
export async function listResponses(
  db: Db,
  surveyId: string,
  f: ResponseFilter,
  limit = RESPONSES_PAGE,
): Promise<{ rows: ResponseRow[]; hasNext: boolean }> {
  const offset = limit === RESPONSES_PAGE ? (f.page - 1) * RESPONSES_PAGE : 0;
  const rows = decodeRows(
    RAW_ROW,
    await db.execute(sql`
      select r.id, r.submitted_at, r.email, r.customer_id, v.number, r.completed, r.answers
        from survey_responses r join survey_versions v on v.id = r.version_id
       where ${filterSql(surveyId, f)}
       order by ${f.dir === 'asc' ? sql`r.submitted_at asc, r.id asc` : sql`r.submitted_at desc, r.id desc`}
       limit ${limit + 1} offset ${offset}`),
  );
  return { rows: rows.slice(0, limit).map(toRow), hasNext: rows.length > limit };
}

/**
 * Every response matching the filter, in the page's order, `size` at a time: the CSV export streams these.
 * Keyset on (submitted_at, id) through `survey_responses_survey_idx`; the cursor row's own values are compared
 * in SQL (a JavaScript Date keeps milliseconds, the column microseconds).
 */
export async function* responseBatches(
  db: Db,
  surveyId: string,
  f: Omit<ResponseFilter, 'page'>,
  size = 1000,
): AsyncGenerator<ResponseRow[]> {
  const asc = f.dir === 'asc';
  let after: string | null = null;
  for (;;) {
    const cursor: SQL =
      after === null
        ? sql``
        : sql`and (r.submitted_at, r.id) ${asc ? sql`>` : sql`<`} (select submitted_at, id from survey_responses where id = ${after}::uuid)`;
    const rows = decodeRows(
      RAW_ROW,
      await db.execute(sql`
        select r.id, r.submitted_at, r.email, r.customer_id, v.number, r.completed, r.answers
          from survey_responses r join survey_versions v on v.id = r.version_id
         where ${filterSql(surveyId, f)} ${cursor}
         order by ${asc ? sql`r.submitted_at asc, r.id asc` : sql`r.submitted_at desc, r.id desc`}
         limit ${size}`),
    ).map(toRow);
    if (rows.length) yield rows;
    if (rows.length < size) return;
    after = rows.at(-1)!.id;
  }
}

export type SurveyAnalytics = {
  total: number;
  completed: number;
  perDay: { day: string; n: number }[];
  /** questionId -> value -> count (option ids, size codes, ratings as text). */
  counts: Record<string, Record<string, number>>;
};

/** Count, completion, responses per day and per-question value counts, all under the filter. */
export async function surveyAnalytics(
  db: Db,
  surveyId: string,
  f: ResponseFilter,
  questionIds: string[],
): Promise<SurveyAnalytics> {
  const where = filterSql(surveyId, f);
  const [totals] = decodeRows(
    { total: col.number, completed: col.number },
    await db.execute(
      sql`select count(*)::int as total, count(*) filter (where r.completed)::int as completed from survey_responses r join survey_versions v on v.id = r.version_id where ${where}`,
    ),
  );
  const perDay = decodeRows(
    { day: col.text, n: col.number },
    await db.execute(
      sql`select to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n from survey_responses r join survey_versions v on v.id = r.version_id where ${where} group by 1 order by 1`,
    ),
  );
  const counts: SurveyAnalytics['counts'] = {};
  if (questionIds.length) {
    const rows = decodeRows(
      { q: col.text, val: col.text, n: col.number },
      await db.execute(sql`
        select a.key as q, e.val, count(*)::int as n
          from survey_responses r join survey_versions v on v.id = r.version_id
          cross join lateral jsonb_each(r.answers) a
          cross join lateral jsonb_array_elements_text(case when jsonb_typeof(a.value) = 'array' then a.value else jsonb_build_array(a.value) end) e(val)
         where ${where} and a.key in (${sql.join(
           questionIds.map((id) => sql`${id}`),
           sql`, `,
         )})
         group by 1, 2`),
    );
    for (const r of rows) (counts[r.q] ??= {})[r.val] = r.n;
  }
  return {
    total: totals?.total ?? 0,
    completed: totals?.completed ?? 0,
    perDay: perDay.map((d) => ({ day: d.day, n: Number(d.n) })),
    counts,
  };
}

/** Every version's definition of a survey, for labelling answers from older versions. */
export async function surveyDefinitions(db: Db, surveyId: string): Promise<Map<number, SurveyDefinition>> {
  const rows = await db
    .select({ number: surveyVersions.number, definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, surveyId))
    .orderBy(desc(surveyVersions.number));
  return new Map(rows.map((r) => [r.number, r.definition]));
}
