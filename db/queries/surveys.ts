import crypto from 'node:crypto';
import { asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { surveyResponses, surveys, surveyVersions, type Survey } from '../schema';
import { lastEditor, writeAudit, type Actor } from './audit';
import { Conflict, InvalidInput, NotFound, StaleVersion } from '../../lib/errors';
import { fieldErrorsOf } from '../../lib/validation';
import type { Sort } from '../../lib/url-state';
import {
  blankDefinition,
  definitionSchema,
  freezeSizes,
  sameDefinition,
  type SurveyDefinition,
  type SurveyStatus,
} from '../../lib/surveys/questions';
import { getSizeChart } from './size-chart';

/** A URL-safe slug from a title, with a short random tail so titles may repeat. */
export function surveySlug(title: string): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'survey';
  return `${base}-${crypto.randomBytes(3).toString('hex')}`;
}

export type SurveyListRow = {
  id: string;
  slug: string;
  title: string;
  status: Survey['status'];
  versionNumber: number | null;
  responses: number;
  updatedAt: Date;
};

/** Every survey, newest change first, with its response count. */
export type SurveyQuery = { status?: SurveyStatus; sort?: Sort<'changed' | 'title'> };

/** Surveys (at most 500), filtered by status and sorted in SQL (the list's header sorts). */
export async function listSurveys(db: Db, query: SurveyQuery = {}): Promise<SurveyListRow[]> {
  const by = query.sort?.dir === 'asc' ? asc : desc;
  const order =
    query.sort?.key === 'title'
      ? [by(sql`lower(${surveys.draft}->>'title')`), by(surveys.id)]
      : [by(surveys.updatedAt), by(surveys.id)];
  const rows = await db
    .select({
      id: surveys.id,
      slug: surveys.slug,
      draft: surveys.draft,
      status: surveys.status,
      updatedAt: surveys.updatedAt,
      versionNumber: surveyVersions.number,
      responses: sql<number>`(select count(*)::int from survey_responses r where r.survey_id = ${surveys.id})`,
    })
    .from(surveys)
    .leftJoin(surveyVersions, eq(surveyVersions.id, surveys.currentVersionId))
    .where(query.status ? eq(surveys.status, query.status) : undefined)
    .orderBy(...order)
    .limit(500);
  return rows.map(({ draft, ...r }) => ({ ...r, title: draft.title }));
}

export async function getSurvey(db: Db, id: string) {
  const [survey] = await db.select().from(surveys).where(eq(surveys.id, id));
  if (!survey) return null;
  const versions = await db
    .select()
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, id))
    .orderBy(desc(surveyVersions.number));
  const current = versions.find((v) => v.id === survey.currentVersionId) ?? null;
  const [n] = await db.select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.surveyId, id));
  // Compared as it would publish (sizes frozen from today's chart): a chart edit since then counts as a change.
  const chart = await getSizeChart(db);
  return {
    survey,
    versions,
    current,
    chart,
    responses: n?.n ?? 0,
    unpublishedChanges: !current || !sameDefinition(current.definition, freezeSizes(survey.draft, chart)),
  };
}

export async function createSurvey(db: Db, actor: Actor, input: { title: string }): Promise<Survey> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(surveys)
      .values({ slug: surveySlug(input.title), draft: blankDefinition(input.title) })
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'survey',
      entityId: created!.id,
      action: 'create',
      before: null,
      after: { title: input.title, slug: created!.slug },
    });
    return created!;
  });
}

/** Saves the builder's draft. Published questions are untouched: customers keep answering the current version. */
export async function saveDraft(
  db: Db,
  actor: Actor,
  input: { id: string; version: number; definition: unknown },
): Promise<Survey> {
  const parsed = definitionSchema.safeParse(input.definition);
  if (!parsed.success)
    throw new InvalidInput('Some questions need attention; nothing was saved.', fieldErrorsOf(parsed.error));
  // A draft's size questions follow the live chart; only published versions carry a frozen list.
  parsed.data.questions = parsed.data.questions.map((q) => (q.type === 'size' ? { ...q, sizes: undefined } : q));
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(surveys).where(eq(surveys.id, input.id)).for('update');
    if (!before) throw new NotFound('The survey');
    if (before.version !== input.version)
      throw new StaleVersion(
        `The survey ${before.draft.title}`,
        [],
        undefined,
        await lastEditor(tx, actor, 'survey', input.id),
      );
    const [saved] = await tx
      .update(surveys)
      .set({ draft: parsed.data, version: before.version + 1, updatedAt: new Date() })
      .where(eq(surveys.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'survey',
      entityId: input.id,
      action: 'save_draft',
      before: summary(before.draft),
      after: summary(parsed.data),
    });
    return saved!;
  });
}

const summary = (d: SurveyDefinition) => ({
  title: d.title,
  questions: d.questions.map((q) => `${q.id}:${q.type}`).join(', '),
});

/**
 * Publishes the draft: a new immutable version when the questions differ from the current one (existing
 * answers keep pointing at theirs), otherwise only the status changes. Reopens a closed survey too.
 */
export async function publishSurvey(
  db: Db,
  actor: Actor,
  input: { id: string; version: number },
): Promise<{ survey: Survey; versionNumber: number; created: boolean }> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(surveys).where(eq(surveys.id, input.id)).for('update');
    if (!before) throw new NotFound('The survey');
    if (before.version !== input.version)
      throw new StaleVersion(
        `The survey ${before.draft.title}`,
        [],
        undefined,
        await lastEditor(tx, actor, 'survey', input.id),
      );
    const parsed = definitionSchema.safeParse(before.draft);
    if (!parsed.success)
      throw new InvalidInput(
        'The draft has problems; fix them in the builder before publishing.',
        fieldErrorsOf(parsed.error),
      );
    // The version keeps its own copy of the chart's sizes, so later chart edits leave it (and its answers) alone;
    // a chart change since the last publish therefore makes a new version.
    const frozen = freezeSizes(parsed.data, await getSizeChart(tx));
    const [current] = before.currentVersionId
      ? await tx.select().from(surveyVersions).where(eq(surveyVersions.id, before.currentVersionId))
      : [];
    let versionId = current?.id;
    let number = current?.number ?? 0;
    const created = !current || !sameDefinition(current.definition, frozen);
    if (created) {
      const [{ max } = { max: 0 }] = await tx
        .select({ max: sql<number>`coalesce(max(${surveyVersions.number}), 0)::int` })
        .from(surveyVersions)
        .where(eq(surveyVersions.surveyId, input.id));
      number = max + 1;
      const [v] = await tx
        .insert(surveyVersions)
        .values({ surveyId: input.id, number, definition: frozen })
        .returning({ id: surveyVersions.id });
      versionId = v!.id;
    }
    const [survey] = await tx
      .update(surveys)
      .set({ status: 'published', currentVersionId: versionId, version: before.version + 1, updatedAt: new Date() })
      .where(eq(surveys.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'survey',
      entityId: input.id,
      action: 'publish',
      before: { status: before.status },
      after: { status: 'published', version: number },
    });
    return { survey: survey!, versionNumber: number, created };
  });
}

/** Stops accepting answers; the public page says the survey is closed. */
export async function closeSurvey(db: Db, actor: Actor, input: { id: string; version: number }): Promise<Survey> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(surveys).where(eq(surveys.id, input.id)).for('update');
    if (!before) throw new NotFound('The survey');
    if (before.version !== input.version)
      throw new StaleVersion(
        `The survey ${before.draft.title}`,
        [],
        undefined,
        await lastEditor(tx, actor, 'survey', input.id),
      );
    if (before.status !== 'published') throw new Conflict('Only a published survey can be closed.');
    const [survey] = await tx
      .update(surveys)
      .set({ status: 'closed', version: before.version + 1, updatedAt: new Date() })
      .where(eq(surveys.id, input.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: 'survey',
      entityId: input.id,
      action: 'close',
      before: { status: before.status },
      after: { status: 'closed' },
    });
    return survey!;
  });
}

/** The survey customers see at /s/<slug>: its status and current version (null when unknown or never published). */
export async function getPublicSurvey(db: Db, slug: string) {
  const [row] = await db
    .select({
      id: surveys.id,
      status: surveys.status,
      versionId: surveyVersions.id,
      number: surveyVersions.number,
      definition: surveyVersions.definition,
    })
    .from(surveys)
    .innerJoin(surveyVersions, eq(surveyVersions.id, surveys.currentVersionId))
    .where(eq(surveys.slug, slug));
  return row ?? null;
}

/** Surveys customers can answer now (for personal links). */
export async function listPublishedSurveys(db: Db) {
  const rows = await db
    .select({ id: surveys.id, slug: surveys.slug, draft: surveys.draft })
    .from(surveys)
    .where(eq(surveys.status, 'published'))
    .orderBy(desc(surveys.updatedAt))
    .limit(20);
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.draft.title }));
}
