import crypto from 'node:crypto';
import Papa from 'papaparse';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { auditLog, customerProfiles, customers, surveyResponses } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { getCustomerProfile, getDemandVsStock, listCustomerProfiles } from '@/db/queries/customers';
import {
  hitRateLimit,
  listResponses,
  submitResponse,
  surveyAnalytics,
  surveyDefinitions,
  SurveyClosed,
  responseBatches,
} from '@/db/queries/survey-responses';
import { closeSurvey, getSurvey, publishSurvey, saveDraft } from '@/db/queries/surveys';
import { InvalidInput, RateLimited, StaleVersion } from '@/lib/errors';
import { responsesCsv } from '@/lib/surveys/csv';
import { parseResponseFilter } from '@/lib/surveys/filters';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeCategory, makeProduct, variant } from '../support/factories';
import { makeLocation, receive } from '../support/inventory-factories';
import { createVariants } from '@/db/queries/catalog-variants';
import { FIT_SURVEY, makePublishedSurvey } from '../support/survey-factories';
import { untilWaitingOnLock } from '../support/locks';

const t = useTestDatabase();
const db = () => t.handle.db;
const token = () => crypto.randomUUID();

function submit(
  s: { slug: string; versionId: string },
  raw: Record<string, unknown>,
  extra: { email?: string; idempotencyToken?: string; customerToken?: string; ipHash?: string } = {},
) {
  return submitResponse(db(), {
    slug: s.slug,
    versionId: s.versionId,
    raw,
    idempotencyToken: extra.idempotencyToken ?? token(),
    email: extra.email,
    customerToken: extra.customerToken,
    ipHash: extra.ipHash ?? 'h',
  });
}

describe('submitting', () => {
  it('stores the response and updates the profile in the same transaction, with provenance', async () => {
    const s = await makePublishedSurvey(db());
    const r = await submit(s, { q_top: 'M', q_fit: 'slim', q_styles: ['minimal'] }, { email: 'ana@example.test' });
    expect(r.duplicate).toBe(false);
    const [customer] = await db().select().from(customers).where(eq(customers.email, 'ana@example.test'));
    const [profile] = await db().select().from(customerProfiles).where(eq(customerProfiles.customerId, customer!.id));
    expect(profile!.sizes).toEqual(['tops:M']);
    expect(profile!.fit).toBe('Slim');
    expect(profile!.styles).toEqual(['minimal']);
    // A typed email proves nothing: the values go to the unverified layer (shown, filterable, marked).
    expect(profile!.preferences.sizes).toEqual({});
    expect(profile!.preferences.unverified!.sizes.tops).toMatchObject({
      value: 'M',
      source: { surveyId: s.id, versionId: s.versionId, responseId: r.responseId, surveyTitle: 'Fit survey' },
    });
    // A later answer wins for a single-valued field; styles keep both.
    await submit(s, { q_top: 'L', q_fit: 'loose', q_why: 'Layers', q_styles: 'boho' }, { email: 'ANA@example.test' });
    const view = await getCustomerProfile(db(), customer!.id);
    expect(view!.shown!.sizes.tops).toMatchObject({ value: 'L', verified: false });
    expect(view!.shown!.styles.map((x) => x.value)).toEqual(['Boho', 'Minimal']);
    expect(view!.history).toHaveLength(2);
    expect((await listCustomerProfiles(db(), { size: 'tops:L', page: 1 })).rows.map((c) => c.email)).toEqual([
      'ana@example.test',
    ]);
    expect((await listCustomerProfiles(db(), { size: 'tops:M', page: 1 })).rows).toEqual([]);
    expect((await listCustomerProfiles(db(), { style: 'Minimal', page: 1 })).rows).toHaveLength(1);
  });

  it('stores nothing when validation fails or the personal link is unknown', async () => {
    const s = await makePublishedSurvey(db());
    const err = await submit(s, { q_fit: 'loose' }, { email: 'x@example.test' }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInput);
    expect(err.fieldErrors).toEqual({ top: ['Please choose an answer.'], why: ['Please answer this question.'] });
    const bad = await submit(s, { q_top: 'M', q_fit: 'slim' }, { customerToken: 'nope' }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidInput);
    expect(await db().select().from(surveyResponses)).toEqual([]);
    expect(await db().select().from(customers)).toEqual([]);
  });

  it('ties a personal-link response to the known customer', async () => {
    const s = await makePublishedSurvey(db());
    const [c] = await db().insert(customers).values({ email: 'known@example.test', token: 'tok-123' }).returning();
    await submit(s, { q_top: 'XS', q_fit: 'slim' }, { customerToken: 'tok-123' });
    const [resp] = await db().select().from(surveyResponses);
    expect(resp!.customerId).toBe(c!.id);
    expect(resp!.email).toBe('known@example.test');
  });

  it('a stranger typing a known customer’s email cannot rewrite their verified profile; the answers still count', async () => {
    const s = await makePublishedSurvey(db());
    const [c] = await db().insert(customers).values({ email: 'vera@example.test', token: 'tok-vera' }).returning();
    await submit(s, { q_top: 'M', q_fit: 'slim' }, { customerToken: 'tok-vera' });
    // Later, someone else types Vera's email on the public form.
    await submit(s, { q_top: 'XL', q_fit: 'loose', q_why: 'Layers', q_styles: 'boho' }, { email: 'Vera@Example.test' });
    const view = (await getCustomerProfile(db(), c!.id))!;
    expect(view.shown!.sizes.tops).toMatchObject({ value: 'M', verified: true });
    expect(view.shown!.fit).toMatchObject({ value: 'Slim', verified: true });
    // A field the customer never answered shows the stranger's value, marked unverified.
    expect(view.shown!.styles).toMatchObject([{ value: 'Boho', verified: false }]);
    expect(view.history.map((h) => h.verified)).toEqual([false, true]);
    expect(view.profile!.preferences.unverified!.sizes.tops?.value).toBe('XL'); // stored, not applied
    // Filters and the demand view follow what staff see.
    expect((await listCustomerProfiles(db(), { size: 'tops:XL', page: 1 })).rows).toEqual([]);
    expect((await listCustomerProfiles(db(), { size: 'tops:M', page: 1 })).rows.map((r) => r.email)).toEqual([
      'vera@example.test',
    ]);
    const demand = await getDemandVsStock(db(), 'tops');
    expect(demand.rows.find((r) => r.size === 'M')).toMatchObject({ customers: 1, unverified: 0 });
    expect(demand.rows.find((r) => r.size === 'XL')).toMatchObject({ customers: 0 });
    // The response itself is stored and counted in the survey's results.
    expect((await listResponses(db(), s.id, parseResponseFilter({}))).rows).toHaveLength(2);
    const [stranger] = await db().select().from(surveyResponses).where(eq(surveyResponses.verified, false));
    expect(stranger).toMatchObject({ customerId: c!.id, email: 'vera@example.test' });
  });

  it('the demand view counts unverified sizes, says how many, and can leave them out', async () => {
    const s = await makePublishedSurvey(db());
    await db().insert(customers).values({ email: 'linked@example.test', token: 'tok-linked' });
    await submit(s, { q_top: 'M', q_fit: 'slim' }, { customerToken: 'tok-linked' });
    await submit(s, { q_top: 'M', q_fit: 'slim' }, { email: 'typed1@example.test' });
    await submit(s, { q_top: 'S', q_fit: 'slim' }, { email: 'typed2@example.test' });
    const all = await getDemandVsStock(db(), 'tops');
    expect(all).toMatchObject({ customers: 3, unverified: 2 });
    expect(all.rows.find((r) => r.size === 'M')).toMatchObject({ customers: 2, unverified: 1 });
    const verified = await getDemandVsStock(db(), 'tops', { verifiedOnly: true });
    expect(verified).toMatchObject({ customers: 1, unverified: 0 });
    expect(verified.rows.find((r) => r.size === 'S')).toMatchObject({ customers: 0 });
  });

  it('the migration moves profiles of unknown origin into the unverified layer, keeping what staff see', async () => {
    const s = await makePublishedSurvey(db());
    const [c] = await db().insert(customers).values({ email: 'legacy@example.test', token: 'tok-legacy' }).returning();
    await submit(s, { q_top: 'L', q_fit: 'slim' }, { customerToken: 'tok-legacy' });
    const [before] = await db().select().from(customerProfiles).where(eq(customerProfiles.customerId, c!.id));
    // Make it look like a profile written before the layers existed (no `unverified` key), then migrate.
    await db()
      .update(customerProfiles)
      .set({ preferences: { ...before!.preferences } })
      .where(eq(customerProfiles.customerId, c!.id));
    const migration = fs.readFileSync(
      path.join(process.cwd(), 'drizzle/0016_customer_profiles_unverified.sql'),
      'utf8',
    );
    await db().execute(sql.raw(migration));
    await db().execute(sql.raw(migration)); // idempotent
    const view = (await getCustomerProfile(db(), c!.id))!;
    expect(view.profile!.preferences.sizes).toEqual({});
    expect(view.shown!.sizes.tops).toMatchObject({ value: 'L', verified: false });
    expect(view.profile!.sizes).toEqual(['tops:L']);
    // The customer's next answer through their link is verified again and wins.
    await submit(s, { q_top: 'S', q_fit: 'slim' }, { customerToken: 'tok-legacy' });
    expect((await getCustomerProfile(db(), c!.id))!.shown!.sizes.tops).toMatchObject({ value: 'S', verified: true });
  });

  it('an anonymous response stores answers without a profile; hidden answers are not stored', async () => {
    const s = await makePublishedSurvey(db());
    await submit(s, { q_top: 'S', q_fit: 'slim', q_why: 'hidden' });
    const [resp] = await db().select().from(surveyResponses);
    expect(resp!.customerId).toBeNull();
    expect(resp!.answers).toEqual({ top: 'S', fit: 'slim' });
    expect(resp!.completed).toBe(false); // styles (optional) left empty
    expect(await db().select().from(customerProfiles)).toEqual([]);
  });

  it('a closed survey refuses answers; an unknown one is not found', async () => {
    const s = await makePublishedSurvey(db());
    await closeSurvey(db(), SYSTEM_ACTOR, { id: s.id, version: s.version });
    await expect(submit(s, { q_top: 'M', q_fit: 'slim' })).rejects.toBeInstanceOf(SurveyClosed);
    await expect(submit({ ...s, slug: 'nope' }, {})).rejects.toMatchObject({ code: 'not_found' });
  });

  // Needs a second connection to hold the close open; PGlite has one connection, so this runs on the server projects.
  if (TEST_DRIVER !== 'pglite') {
    it('a submit that passed the open check while a close was in flight is refused once the close commits', async () => {
      const s = await makePublishedSurvey(db());
      const closer = new pg.Client({ connectionString: t.url! });
      await closer.connect();
      try {
        // The close's row lock and status change, not yet committed: the submit's first check still sees published.
        await closer.query('begin');
        await closer.query(`select 1 from surveys where id = $1 for update`, [s.id]);
        await closer.query(`update surveys set status = 'closed' where id = $1`, [s.id]);
        const pending = submit(s, { q_top: 'M', q_fit: 'slim' }).then(
          () => 'saved',
          (e: unknown) => e,
        );
        // Blocked on the survey row, not inserted behind the close's back (a submit that settles first fails this).
        await untilWaitingOnLock(closer, 1, [pending]);
        await closer.query('commit');
        expect(await pending).toBeInstanceOf(SurveyClosed);
        expect(await db().select().from(surveyResponses)).toEqual([]);
      } finally {
        await closer.end();
      }
    });
  }
});

describe('versions', () => {
  it('a response to an old version stays valid (and labelled) after a new version is published', async () => {
    const s = await makePublishedSurvey(db());
    await submit(s, { q_top: 'M', q_fit: 'loose', q_why: 'Comfort' }, { email: 'old@example.test' });
    const before = await getSurvey(db(), s.id);
    const v2 = {
      ...FIT_SURVEY,
      questions: FIT_SURVEY.questions
        .filter((q) => q.id !== 'why')
        .map((q) => (q.id === 'fit' ? { ...q, label: 'Preferred fit' } : q)),
    };
    const saved = await saveDraft(db(), SYSTEM_ACTOR, { id: s.id, version: before!.survey.version, definition: v2 });
    await expect(
      saveDraft(db(), SYSTEM_ACTOR, { id: s.id, version: before!.survey.version, definition: v2 }),
    ).rejects.toBeInstanceOf(StaleVersion);
    const published = await publishSurvey(db(), SYSTEM_ACTOR, { id: s.id, version: saved.version });
    expect(published).toMatchObject({ versionNumber: 2, created: true });
    // The form a customer loaded before still submits against version 1.
    await submit(s, { q_top: 'S', q_fit: 'slim' });
    await submit({ slug: s.slug, versionId: published.survey.currentVersionId! }, { q_top: 'L', q_fit: 'slim' });
    const { rows } = await listResponses(db(), s.id, parseResponseFilter({}));
    expect(rows.map((r) => r.versionNumber).sort()).toEqual([1, 1, 2]);
    const csv = Papa.parse<string[]>(responsesCsv(rows, await surveyDefinitions(db(), s.id))).data;
    expect(csv[0]).toEqual([
      'response_id',
      'submitted_at',
      'email',
      'version',
      'completed',
      'Top size',
      'Preferred fit',
      'Styles',
      'Why loose?',
    ]);
    const old = csv.find((line) => line[2] === 'old@example.test')!;
    expect(old.slice(3)).toEqual(['1', 'no', 'M', 'Loose', '', 'Comfort']);
    // Publishing an unchanged draft adds no version.
    const again = await publishSurvey(db(), SYSTEM_ACTOR, { id: s.id, version: published.survey.version });
    expect(again).toMatchObject({ versionNumber: 2, created: false });
    const actions = (
      await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, s.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'save_draft', 'publish']));
  });
});

describe('analytics and export', () => {
  it('the export equals the filtered table, and the charts count under the same filter', async () => {
    const s = await makePublishedSurvey(db());
    const answers = [
      { q_top: 'M', q_fit: 'slim', q_styles: ['boho', 'minimal'] },
      { q_top: 'M', q_fit: 'loose', q_why: 'Room' },
      { q_top: 'L', q_fit: 'slim', q_styles: 'boho' },
      { q_top: 'S', q_fit: 'slim' },
    ];
    for (const [i, a] of answers.entries()) await submit(s, a, { email: `c${i}@example.test` });
    const filter = parseResponseFilter({ question: 'styles', answer: 'boho' });
    const table = await listResponses(db(), s.id, filter);
    // The export's keyset batches (one row each here), both ways, give the table's rows in the table's order.
    const exported = [];
    for await (const batch of responseBatches(db(), s.id, filter, 1)) exported.push(...batch);
    const oldest = [];
    for await (const batch of responseBatches(db(), s.id, { ...filter, dir: 'asc' }, 1)) oldest.push(...batch);
    expect(table.rows.map((r) => r.email).sort()).toEqual(['c0@example.test', 'c2@example.test']);
    expect(exported.map((r) => r.id)).toEqual(table.rows.map((r) => r.id));
    expect(oldest.map((r) => r.id)).toEqual(table.rows.map((r) => r.id).reverse());
    const csv = Papa.parse<string[]>(responsesCsv(exported, await surveyDefinitions(db(), s.id)).trim()).data;
    expect(csv.slice(1).map((l) => l[0])).toEqual(table.rows.map((r) => r.id));
    const stats = await surveyAnalytics(db(), s.id, parseResponseFilter({}), ['top', 'fit', 'styles']);
    expect(stats.total).toBe(4);
    expect(stats.completed).toBe(2);
    expect(stats.counts.top).toEqual({ M: 2, L: 1, S: 1 });
    expect(stats.counts.styles).toEqual({ boho: 2, minimal: 1 });
    expect(stats.perDay.reduce((n, d) => n + d.n, 0)).toBe(4);
    const filtered = await surveyAnalytics(db(), s.id, parseResponseFilter({ question: 'top', answer: 'M' }), ['fit']);
    expect(filtered.counts.fit).toEqual({ slim: 1, loose: 1 });
    expect((await listResponses(db(), s.id, parseResponseFilter({ email: 'C3@' }))).rows).toHaveLength(1);
  });
});

describe('abuse guards', () => {
  it('a double submit under concurrency stores one response and merges the profile once', async () => {
    const s = await makePublishedSurvey(db());
    const same = token();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        submit(
          s,
          { q_top: 'M', q_fit: 'slim', q_styles: 'boho' },
          { email: 'dup@example.test', idempotencyToken: same },
        ),
      ),
    );
    expect(new Set(results.map((r) => r.responseId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await db().select().from(surveyResponses)).toHaveLength(1);
    const [profile] = await db().select().from(customerProfiles);
    expect(profile!.preferences.unverified!.styles).toHaveLength(1);
  });

  it('concurrent responses of one customer both merge', async () => {
    const s = await makePublishedSurvey(db());
    await Promise.all([
      submit(s, { q_top: 'M', q_fit: 'slim', q_styles: 'boho' }, { email: 'two@example.test' }),
      submit(s, { q_top: 'M', q_fit: 'slim', q_styles: 'minimal' }, { email: 'two@example.test' }),
    ]);
    const [profile] = await db().select().from(customerProfiles);
    expect(profile!.styles.sort()).toEqual(['boho', 'minimal']);
  });

  it('the per-address limit holds under concurrent hits', async () => {
    const limit = { max: 5, windowSeconds: 600 };
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => hitRateLimit(db(), 'ip:1', limit)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .every((o) => (o as PromiseRejectedResult).reason instanceof RateLimited),
    ).toBe(true);
    await expect(hitRateLimit(db(), 'ip:2', limit)).resolves.toBe(1); // another address has its own window
  });
});

describe('demand vs stock', () => {
  it('sets the share of customers per size beside available stock in the mapped categories', async () => {
    const s = await makePublishedSurvey(db());
    for (const [i, size] of ['M', 'M', 'M', 'S'].entries())
      await submit(s, { q_top: size, q_fit: 'slim' }, { email: `d${i}@example.test` });
    const tops = await makeCategory(db(), 'Tops');
    const other = await makeCategory(db(), 'Accessories');
    const p = await makeProduct(db(), tops.id);
    const q = await makeProduct(db(), other.id, { slug: 'scarf-x', name: 'Scarf' });
    const [vs, vm] = await createVariants(db(), SYSTEM_ACTOR, p.id, [
      variant('T-S', { size: 'S' }),
      variant('T-M', { size: 'M' }),
    ]);
    const [scarf] = await createVariants(db(), SYSTEM_ACTOR, q.id, [variant('SC-M', { size: 'M' })]);
    const loc = await makeLocation(db());
    await receive(db(), vs!.id, loc.id, 30);
    await receive(db(), vm!.id, loc.id, 10);
    await receive(db(), scarf!.id, loc.id, 500); // not a top: ignored
    const view = await getDemandVsStock(db(), 'tops');
    const bySize = Object.fromEntries(view.rows.map((r) => [r.size, r]));
    expect(bySize.M).toMatchObject({ customers: 3, demandShare: 0.75, available: 10, stockShare: 0.25, short: true });
    expect(bySize.S).toMatchObject({ customers: 1, demandShare: 0.25, available: 30, short: false });
    expect(bySize.XL).toMatchObject({ customers: 0, available: 0, short: false });
    expect(view).toMatchObject({ customers: 4, units: 40 });
  });
});

describe('demo seed', () => {
  it('seeds a published survey whose answers all validate, profiles, and a draft; only once', async () => {
    const { seedDemoSurveys } = await import('@/db/seed-surveys');
    expect(await seedDemoSurveys(db())).toBe(true);
    expect(await seedDemoSurveys(db())).toBe(false);
    expect(await db().select().from(surveyResponses)).toHaveLength(40);
    expect((await listCustomerProfiles(db(), { page: 1 })).rows.length).toBeGreaterThan(10);
  });
});
