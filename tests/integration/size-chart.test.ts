import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, surveyResponses, surveyVersions } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { getDemandVsStock } from '@/db/queries/customers';
import { getGarmentCategories, getSizeChart, saveGarmentCategories, saveGarmentSizes } from '@/db/queries/size-chart';
import { submitResponse, surveyAnalytics } from '@/db/queries/survey-responses';
import { getSurvey, publishSurvey, saveDraft } from '@/db/queries/surveys';
import { createVariants } from '@/db/queries/catalog-variants';
import { InvalidInput } from '@/lib/errors';
import { DEFAULT_SIZE_CHART, sizeOptionsOf } from '@/lib/surveys/size-chart';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeCategory, makeProduct, variant } from '../support/factories';
import { makeLocation, receive } from '../support/inventory-factories';
import { makePublishedSurvey } from '../support/survey-factories';

const t = useTestDatabase();
const db = () => t.handle.db;
const submit = (s: { slug: string; versionId: string }, raw: Record<string, unknown>, email?: string) =>
  submitResponse(db(), {
    slug: s.slug,
    versionId: s.versionId,
    raw,
    idempotencyToken: crypto.randomUUID(),
    email,
    ipHash: 'h',
  });
const codes = (list: { code: string }[]) => list.map((s) => s.code);

describe(`size chart (${TEST_DRIVER})`, () => {
  it('starts with the chart and mapping the migration seeded (the values that used to be in code)', async () => {
    expect(await getSizeChart(db())).toEqual(DEFAULT_SIZE_CHART);
    expect(await getGarmentCategories(db())).toEqual({
      tops: ['Dresses', 'Knitwear', 'Tops'],
      bottoms: ['Skirts', 'Trousers'],
      shoes: ['Shoes'],
    });
  });

  it('saves an edited list in order with an audit row, and refuses a bad one with errors per row', async () => {
    await saveGarmentSizes(db(), SYSTEM_ACTOR, {
      garment: 'tops',
      sizes: [
        { code: 'S', label: 'Small' },
        { code: 'XXS', label: '' },
        { code: 'M', label: 'M' },
      ],
    });
    expect((await getSizeChart(db())).tops).toEqual([
      { code: 'S', label: 'Small' },
      { code: 'XXS', label: 'XXS' },
      { code: 'M', label: 'M' },
    ]);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'size_chart'), eq(auditLog.entityId, 'tops')));
    expect(audit!.action).toBe('update_sizes');
    const err = await saveGarmentSizes(db(), SYSTEM_ACTOR, {
      garment: 'tops',
      sizes: [
        { code: 'S', label: '' },
        { code: 's', label: '' },
      ],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidInput);
    expect((err as InvalidInput).fieldErrors).toEqual({ 'sizes.1.code': ['Size s is listed twice.'] });
    expect(codes((await getSizeChart(db())).tops)).toEqual(['S', 'XXS', 'M']); // nothing saved
  });

  it('a chart edit changes the demand view (sizes and categories)', async () => {
    const shoes = await makeCategory(db(), 'Shoes');
    const boots = await makeCategory(db(), 'Boots');
    const p = await makeProduct(db(), shoes.id);
    const b = await makeProduct(db(), boots.id, { slug: 'boot-x', name: 'Boot' });
    const [v46] = await createVariants(db(), SYSTEM_ACTOR, p.id, [variant('SH-46', { size: '46' })]);
    const [b40] = await createVariants(db(), SYSTEM_ACTOR, b.id, [variant('BO-40', { size: '40' })]);
    const loc = await makeLocation(db());
    await receive(db(), v46!.id, loc.id, 7);
    await receive(db(), b40!.id, loc.id, 5);
    let view = await getDemandVsStock(db(), 'shoes');
    expect(view.rows.map((r) => r.size)).not.toContain('46');
    expect(view.units).toBe(0); // 46 is not a chart size, Boots is not mapped
    await saveGarmentSizes(db(), SYSTEM_ACTOR, {
      garment: 'shoes',
      sizes: [...DEFAULT_SIZE_CHART.shoes, { code: '46', label: '46' }],
    });
    await saveGarmentCategories(db(), SYSTEM_ACTOR, { garment: 'shoes', categories: ['shoes', 'Boots'] });
    view = await getDemandVsStock(db(), 'shoes');
    expect(view.rows.at(-1)).toMatchObject({ size: '46', available: 7 });
    expect(view.rows.find((r) => r.size === '40')).toMatchObject({ available: 5 });
    expect(view.units).toBe(12);
    await expect(
      saveGarmentCategories(db(), SYSTEM_ACTOR, { garment: 'shoes', categories: ['Sandals'] }),
    ).rejects.toMatchObject({ fieldErrors: { categories: ['Unknown category: Sandals.'] } });
  });

  it('removing a size leaves a published version, its answers and its chart alone; the next publish offers the new list', async () => {
    const s = await makePublishedSurvey(db());
    const [version] = await db().select().from(surveyVersions).where(eq(surveyVersions.id, s.versionId));
    const frozen = version!.definition.questions.find((q) => q.type === 'size');
    expect(frozen && 'sizes' in frozen ? frozen.sizes : null).toEqual(DEFAULT_SIZE_CHART.tops);
    await submit(s, { q_top: 'XL', q_fit: 'slim' }, 'xl@example.test');

    // XL goes, XXL comes: the old version still takes and charts XL, and refuses XXL.
    await saveGarmentSizes(db(), SYSTEM_ACTOR, {
      garment: 'tops',
      sizes: [...DEFAULT_SIZE_CHART.tops.slice(0, 4), { code: 'XXL', label: 'XXL' }],
    });
    await expect(submit(s, { q_top: 'XL', q_fit: 'slim' })).resolves.toMatchObject({ duplicate: false });
    await expect(submit(s, { q_top: 'XXL', q_fit: 'slim' })).rejects.toMatchObject({
      fieldErrors: { top: ['Choose one of the listed answers.'] },
    });
    const charts = await surveyAnalytics(db(), s.id, { page: 1 }, ['top']);
    expect(charts.counts.top).toEqual({ XL: 2 });
    // The responses page charts a version's own sizes, so XL keeps its bar.
    expect(codes(sizeOptionsOf(frozen as { garment: 'tops'; sizes?: { code: string; label: string }[] }))).toContain(
      'XL',
    );
    expect(await db().select().from(surveyResponses)).toHaveLength(2);

    // The draft follows the live chart: the builder says there is something to publish, and publishing freezes the new list.
    const before = await getSurvey(db(), s.id);
    expect(before!.unpublishedChanges).toBe(true);
    const { versionNumber, created, survey } = await publishSurvey(db(), SYSTEM_ACTOR, {
      id: s.id,
      version: before!.survey.version,
    });
    expect({ versionNumber, created }).toEqual({ versionNumber: 2, created: true });
    expect((await getSurvey(db(), s.id))!.unpublishedChanges).toBe(false);
    const v2 = { slug: s.slug, versionId: survey.currentVersionId! };
    await expect(submit(v2, { q_top: 'XXL', q_fit: 'slim' })).resolves.toMatchObject({ duplicate: false });
    await expect(submit(v2, { q_top: 'XL', q_fit: 'slim' })).rejects.toBeInstanceOf(InvalidInput);
    // A response to version 1 is still valid after version 2 is out.
    await expect(submit(s, { q_top: 'XL', q_fit: 'loose', q_why: 'Room' })).resolves.toMatchObject({
      duplicate: false,
    });
  });

  it('a draft saved with a sizes list drops it (drafts follow the chart)', async () => {
    const s = await makePublishedSurvey(db());
    const got = await getSurvey(db(), s.id);
    const def = {
      ...got!.survey.draft,
      questions: got!.survey.draft.questions.map((q) =>
        q.type === 'size' ? { ...q, sizes: [{ code: 'Q', label: 'Q' }] } : q,
      ),
    };
    const saved = await saveDraft(db(), SYSTEM_ACTOR, { id: s.id, version: got!.survey.version, definition: def });
    expect(saved.draft.questions.find((q) => q.type === 'size')).not.toHaveProperty('sizes');
  });
});
