import { describe, expect, it } from 'vitest';
import { answerText, validateAnswers } from '@/lib/surveys/answers';
import { isVisible, visibleQuestionIds } from '@/lib/surveys/logic';
import {
  coreColumns,
  effectivePreferences,
  emptyPreferences,
  mergePreferences,
  MULTI_KEEP,
  type Provenance,
} from '@/lib/surveys/profile';
import {
  catalogImageIds,
  definitionSchema,
  sameDefinition,
  withCatalogImages,
  type SurveyDefinition,
} from '@/lib/surveys/questions';
import { DEFAULT_SIZE_CHART } from '@/lib/surveys/size-chart';

const def: SurveyDefinition = definitionSchema.parse({
  title: 'Fit survey',
  questions: [
    { id: 'top', type: 'size', garment: 'tops', label: 'Top size', required: true, profileField: 'size' },
    {
      id: 'fit',
      type: 'single',
      label: 'Fit',
      required: true,
      profileField: 'fit',
      options: [
        { id: 'slim', label: 'Slim' },
        { id: 'loose', label: 'Loose' },
      ],
    },
    {
      id: 'why',
      type: 'single',
      label: 'Why loose?',
      required: true,
      showIf: { questionId: 'fit', optionIds: ['loose'] },
      options: [
        { id: 'comfort', label: 'Comfort' },
        { id: 'layering', label: 'Layering' },
      ],
    },
    {
      id: 'deeper',
      type: 'long_text',
      label: 'Anything else about comfort?',
      showIf: { questionId: 'why', optionIds: ['comfort'] },
    },
    {
      id: 'styles',
      type: 'style',
      label: 'Styles',
      profileField: 'styles',
      options: [
        { id: 'boho', label: 'Boho' },
        { id: 'minimal', label: 'Minimal', imageUrl: '/img/minimal.png' },
        { id: 'sport', label: 'Sporty' },
      ],
    },
    {
      id: 'colours',
      type: 'multi',
      label: 'Colours',
      profileField: 'colours',
      options: [
        { id: 'red', label: 'Red' },
        { id: 'navy', label: 'Navy' },
      ],
    },
    { id: 'rate', type: 'rating', label: 'How happy?', min: 1, max: 5, minLabel: 'Not', maxLabel: 'Very' },
    { id: 'note', type: 'short_text', label: 'Note' },
  ],
});

describe('survey definitions', () => {
  it('lets search engines index the public page only when the survey says so, and leaves older definitions unchanged', () => {
    const base = { title: 'x', questions: [{ id: 'a', type: 'short_text', label: 'A' }] };
    expect(definitionSchema.parse(base).searchable).toBeUndefined();
    expect(definitionSchema.parse({ ...base, searchable: true }).searchable).toBe(true);
    // "Off" is the key's absence, so a draft that leaves it off equals a version saved before the setting existed.
    expect(definitionSchema.safeParse({ ...base, searchable: false }).success).toBe(false);
    expect(definitionSchema.safeParse({ ...base, searchable: 'yes' }).success).toBe(false);
    expect(sameDefinition(definitionSchema.parse(base), definitionSchema.parse({ ...base, searchable: true }))).toBe(
      false,
    );
  });

  it('refuses a condition on a later question, an unknown answer, duplicate ids and a size field on a non-size question', () => {
    const bad = definitionSchema.safeParse({
      title: 'x',
      questions: [
        {
          id: 'a',
          type: 'short_text',
          label: 'A',
          showIf: { questionId: 'b', optionIds: ['y'] },
          profileField: 'size',
        },
        {
          id: 'b',
          type: 'single',
          label: 'B',
          options: [
            { id: 'y', label: 'Y' },
            { id: 'y', label: 'Z' },
          ],
        },
        {
          id: 'b',
          type: 'single',
          label: 'C',
          options: [
            { id: 'n', label: 'N' },
            { id: 'm', label: 'M' },
          ],
          showIf: { questionId: 'a', optionIds: ['q'] },
        },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'questions.0.showIf: A condition must refer to an earlier question.',
        'questions.0.profileField: Only a size question can feed preferred sizes.',
        'questions.1.options: Two options share an id.',
        'questions.2.id: Two questions share this id.',
        'questions.2.showIf: The condition names an answer the earlier question does not have.',
      ]),
    );
  });
  it('refuses a rating range outside 0/1..10 and an image URL that is not https or relative', () => {
    expect(
      definitionSchema.safeParse({ title: 'x', questions: [{ id: 'r', type: 'rating', label: 'R', min: 1, max: 11 }] })
        .success,
    ).toBe(false);
    expect(
      definitionSchema.safeParse({
        title: 'x',
        questions: [
          {
            id: 's',
            type: 'style',
            label: 'S',
            options: [
              { id: 'a', label: 'A', imageUrl: 'javascript:alert(1)' },
              { id: 'b', label: 'B' },
            ],
          },
        ],
      }).success,
    ).toBe(false);
  });
});

describe('conditional logic', () => {
  it('shows a follow-up only for the listed answer, and hides what hangs off a hidden question', () => {
    const [, , why, deeper] = def.questions;
    expect(isVisible(why!, { fit: 'slim' }, def.questions)).toBe(false);
    expect(isVisible(why!, { fit: 'loose' }, def.questions)).toBe(true);
    expect(isVisible(why!, {}, def.questions)).toBe(false);
    expect(isVisible(deeper!, { fit: 'slim', why: 'comfort' }, def.questions)).toBe(false);
    expect(visibleQuestionIds(def.questions, { fit: 'slim' })).toEqual([
      'top',
      'fit',
      'styles',
      'colours',
      'rate',
      'note',
    ]);
    expect(visibleQuestionIds(def.questions, { fit: 'loose', why: 'comfort' })).toContain('deeper');
  });
  it('works on multiple-choice answers', () => {
    const d = definitionSchema.parse({
      title: 't',
      questions: [
        {
          id: 'c',
          type: 'multi',
          label: 'C',
          options: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
        { id: 'f', type: 'short_text', label: 'F', showIf: { questionId: 'c', optionIds: ['b'] } },
      ],
    });
    expect(visibleQuestionIds(d.questions, { c: ['a', 'b'] })).toEqual(['c', 'f']);
    expect(visibleQuestionIds(d.questions, { c: ['a'] })).toEqual(['c']);
  });
});

describe('answer validation', () => {
  it('accepts valid answers, keeps the survey order of multiple choices and coerces ratings', () => {
    const r = validateAnswers(def, {
      q_top: 'M',
      q_fit: 'slim',
      q_styles: ['sport', 'boho'],
      q_colours: 'navy',
      q_rate: '4',
      q_note: ' hi ',
    });
    expect(r).toEqual({
      ok: true,
      completed: true,
      answers: { top: 'M', fit: 'slim', styles: ['boho', 'sport'], colours: ['navy'], rate: 4, note: 'hi' },
    });
  });
  it('requires visible required questions only, and drops answers to hidden ones', () => {
    const missing = validateAnswers(def, { q_fit: 'loose' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors).toEqual({
      top: ['Please choose an answer.'],
      why: ['Please choose an answer.'],
    });
    const hidden = validateAnswers(def, { q_top: 'S', q_fit: 'slim', q_why: 'comfort', q_deeper: 'ignored' });
    expect(hidden).toEqual({ ok: true, completed: false, answers: { top: 'S', fit: 'slim' } });
  });
  it('refuses sizes off the chart, unknown option ids, two single answers, out-of-range ratings and long text', () => {
    const r = validateAnswers(def, {
      q_top: 'XXXL',
      q_fit: ['slim', 'loose'],
      q_styles: ['boho', 'punk'],
      q_rate: '9',
      q_why: 'comfort',
    });
    expect(!r.ok && r.errors).toEqual({
      top: ['Choose one of the listed answers.'],
      fit: ['Choose one answer.'],
      styles: ['Choose from the listed answers.'],
      rate: ['Choose a number from 1 to 5.'],
    });
    const long = validateAnswers(def, { q_top: 'S', q_fit: 'slim', q_note: 'a'.repeat(201) });
    expect(!long.ok && long.errors).toEqual({ note: ['Use at most 200 characters (this has 201).'] });
    expect(validateAnswers(def, { q_top: 'S', q_fit: 'slim', q_rate: '3.5' }).ok).toBe(false);
  });
  it('renders answers as labels', () => {
    expect(answerText(def.questions[4]!, ['boho', 'minimal'])).toBe('Boho; Minimal');
    expect(answerText(def.questions[0]!, 'M')).toBe('M');
    expect(answerText(def.questions[6]!, undefined)).toBe('');
  });
});

describe('profile merge', () => {
  const src = (at: string, responseId = at): Provenance => ({
    surveyId: 's',
    surveyTitle: 'Fit survey',
    versionId: 'v',
    responseId,
    at,
  });
  it('latest answer wins for single-valued fields, and an older response does not override a newer one', () => {
    let p = mergePreferences(emptyPreferences(), def, { top: 'M', fit: 'slim' }, src('2026-01-02T00:00:00Z'), true);
    p = mergePreferences(p, def, { top: 'L' }, src('2026-01-03T00:00:00Z'), true);
    expect(p.sizes.tops).toEqual({ value: 'L', source: src('2026-01-03T00:00:00Z') });
    expect(p.fit?.value).toBe('Slim');
    p = mergePreferences(p, def, { top: 'XS', fit: 'loose' }, src('2026-01-01T00:00:00Z'), true);
    expect(p.sizes.tops?.value).toBe('L');
    expect(p.fit?.value).toBe('Slim');
  });
  it('multi-valued fields keep the newest distinct values, capped', () => {
    let p = mergePreferences(
      emptyPreferences(),
      def,
      { styles: ['boho', 'minimal'], colours: ['red'] },
      src('2026-01-01T00:00:00Z'),
      true,
    );
    p = mergePreferences(p, def, { styles: ['boho', 'sport'] }, src('2026-01-02T00:00:00Z'), true);
    expect(p.styles.map((s) => s.value)).toEqual(['Boho', 'Sporty', 'Minimal']);
    expect(p.styles[0]!.source.at).toBe('2026-01-02T00:00:00Z');
    expect(p.colours.map((s) => s.value)).toEqual(['Red']);
    for (let i = 0; i < MULTI_KEEP + 2; i++) p.styles.push({ value: `old${i}`, source: src('2025-01-01T00:00:00Z') });
    p = mergePreferences(p, def, { styles: ['minimal'] }, src('2026-01-03T00:00:00Z'), true);
    expect(p.styles).toHaveLength(MULTI_KEEP);
    expect(p.styles[0]!.value).toBe('Minimal');
    expect(coreColumns(p)).toEqual({
      sizes: [],
      styles: ['minimal', 'boho', 'sporty', 'old0', 'old1', 'old2'],
      colours: ['red'],
      fit: null,
    });
  });
  it('answers with only a typed email fill the unverified layer and never override verified values', () => {
    // A stranger types the customer's email first: the profile shows their answers, marked unverified.
    let p = mergePreferences(
      emptyPreferences(),
      def,
      { top: 'XS', fit: 'loose', styles: ['sport'] },
      src('2026-01-01T00:00:00Z'),
      false,
    );
    expect(p.sizes).toEqual({});
    expect(effectivePreferences(p)).toMatchObject({
      sizes: { tops: { value: 'XS', verified: false } },
      fit: { value: 'Loose', verified: false },
      styles: [{ value: 'Sporty', verified: false }],
    });
    // The customer answers through their personal link: those values win.
    p = mergePreferences(p, def, { top: 'M', colours: ['navy'] }, src('2026-01-02T00:00:00Z'), true);
    // The stranger again, later: stored in the unverified layer, but the verified size stays.
    p = mergePreferences(p, def, { top: 'XXL', fit: 'slim', colours: ['red'] }, src('2026-01-03T00:00:00Z'), false);
    const shown = effectivePreferences(p);
    expect(shown.sizes.tops).toMatchObject({ value: 'M', verified: true });
    expect(shown.colours).toEqual([{ value: 'Navy', source: src('2026-01-02T00:00:00Z'), verified: true }]);
    // Fields the customer never answered still show the unverified values, marked as such.
    expect(shown.fit).toMatchObject({ value: 'Slim', verified: false });
    expect(shown.styles).toMatchObject([{ value: 'Sporty', verified: false }]);
    expect(p.unverified?.sizes.tops?.value).toBe('XXL');
    expect(coreColumns(p)).toEqual({ sizes: ['tops:M'], styles: ['sporty'], colours: ['navy'], fit: 'Slim' });
  });
});

describe('demand vs stock', () => {
  it('compares shares over the chart sizes only and flags sizes where demand outruns stock', async () => {
    const { demandVsStock } = await import('@/lib/surveys/demand');
    const rows = demandVsStock(
      DEFAULT_SIZE_CHART.tops.map((s) => s.code),
      { S: 1, M: 6, L: 3, XXL: 50 },
      { S: 50, M: 30, L: 20, 'One size': 999, XL: -2 },
    );
    const by = Object.fromEntries(rows.map((r) => [r.size, r]));
    expect(rows.map((r) => r.size)).toEqual(['XS', 'S', 'M', 'L', 'XL']);
    expect(by.M).toMatchObject({ customers: 6, demandShare: 0.6, available: 30, stockShare: 0.3, short: true });
    expect(by.L).toMatchObject({ demandShare: 0.3, stockShare: 0.2, short: true });
    expect(by.S).toMatchObject({ demandShare: 0.1, stockShare: 0.5, short: false });
    expect(by.XL).toMatchObject({ customers: 0, available: 0, short: false }); // negative never shows
    expect(
      demandVsStock(
        DEFAULT_SIZE_CHART.shoes.map((s) => s.code),
        { '38': 1 },
        {},
      ).find((r) => r.size === '38'),
    ).toMatchObject({ short: true, stockShare: 0 });
    expect(
      demandVsStock(
        DEFAULT_SIZE_CHART.bottoms.map((s) => s.code),
        {},
        {},
      ).every((r) => r.demandShare === 0 && !r.short),
    ).toBe(true);
  });
});

describe('response filter', () => {
  it('reads the form select (qa=question:answer) and the separate params, drops junk, and round-trips to a query', async () => {
    const { filterQuery, parseResponseFilter } = await import('@/lib/surveys/filters');
    expect(parseResponseFilter({ qa: 'top_size:M', from: '2026-01-01', to: 'nope', version: '2', page: '3' })).toEqual({
      question: 'top_size',
      answer: 'M',
      from: '2026-01-01',
      version: 2,
      page: 3,
    });
    const f = parseResponseFilter(new URLSearchParams('question=fit&answer=slim&email=ana'));
    expect(f).toEqual({ question: 'fit', answer: 'slim', email: 'ana', page: 1 });
    expect(filterQuery(f)).toBe('?question=fit&answer=slim&email=ana');
    expect(parseResponseFilter(new URLSearchParams(filterQuery(f).slice(1)))).toEqual(f);
    expect(parseResponseFilter({ question: 'x y', page: '-1' })).toEqual({ page: 1 });
  });
});

describe('size chart rules', () => {
  it('checks an edited size list: normalises labels, flags duplicates (any case), bad codes, an empty list', async () => {
    const { checkSizeList } = await import('@/lib/surveys/size-chart');
    expect(
      checkSizeList([
        { code: ' S ', label: '' },
        { code: 'M', label: 'Medium' },
      ]),
    ).toEqual({
      ok: true,
      sizes: [
        { code: 'S', label: 'S' },
        { code: 'M', label: 'Medium' },
      ],
    });
    expect(
      checkSizeList([
        { code: 'S', label: '' },
        { code: 's', label: '' },
        { code: 'a:b', label: '' },
        { code: '', label: 'x'.repeat(41) },
      ]),
    ).toEqual({
      ok: false,
      errors: {
        'sizes.1.code': ['Size s is listed twice.'],
        'sizes.2.code': ['Use letters, digits, spaces and . / + - only.'],
        'sizes.3.code': ['Give the size a code.'],
        'sizes.3.label': ['Use at most 40 characters.'],
      },
    });
    expect(checkSizeList([])).toEqual({ ok: false, errors: { sizes: ['Keep at least one size.'] } });
    expect(checkSizeList('nope')).toEqual({ ok: false, errors: { sizes: ['Keep at least one size.'] } });
  });

  it('moves a size one place and ignores moves past either end', async () => {
    const { moveItem } = await import('@/lib/surveys/size-chart');
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('a version validates against its frozen sizes, a draft against the chart given, an older version against the old code chart', async () => {
    const { freezeSizes } = await import('@/lib/surveys/questions');
    const { sizeOptionsOf } = await import('@/lib/surveys/size-chart');
    const chart = {
      ...DEFAULT_SIZE_CHART,
      tops: [
        { code: 'S', label: 'Small' },
        { code: 'XXL', label: 'XXL' },
      ],
    };
    const def: SurveyDefinition = {
      title: 'T',
      intro: '',
      thankYou: '',
      questions: [
        {
          id: 'top',
          type: 'size',
          garment: 'tops',
          label: 'Top',
          help: '',
          required: true,
          showIf: null,
          profileField: 'size',
        },
      ],
    };
    const frozen = freezeSizes(def, chart);
    expect(frozen.questions[0]).toMatchObject({ sizes: chart.tops });
    expect(def.questions[0]).not.toHaveProperty('sizes'); // the draft is not changed
    expect(validateAnswers(frozen, { q_top: 'XXL' })).toMatchObject({ ok: true, answers: { top: 'XXL' } });
    expect(validateAnswers(frozen, { q_top: 'M' })).toMatchObject({
      ok: false,
      errors: { top: ['Choose one of the listed answers.'] },
    });
    // No frozen list: the chart as it was in code (versions published before sizes were frozen).
    expect(validateAnswers(def, { q_top: 'M' })).toMatchObject({ ok: true });
    expect(sizeOptionsOf({ garment: 'tops' }, chart)).toEqual(chart.tops);
    expect(sizeOptionsOf({ garment: 'tops', sizes: [{ code: 'L', label: 'L' }] }, chart)).toEqual([
      { code: 'L', label: 'L' },
    ]);
    expect(sizeOptionsOf({ garment: 'shoes' })).toEqual(DEFAULT_SIZE_CHART.shoes);
    expect(definitionSchema.safeParse(frozen).success).toBe(true);
  });
});

describe('catalog images on style options', () => {
  const IMG = '3f2b6a8e-1c4d-4e5f-8a9b-0c1d2e3f4a5b';
  const GONE = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  const def = definitionSchema.parse({
    title: 'Styles',
    questions: [
      {
        id: 'q1',
        type: 'style',
        label: 'Which?',
        options: [
          { id: 'a', label: 'Forest', imageId: IMG, imageUrl: '/media/catalog/old.webp' },
          { id: 'b', label: 'Sand', imageId: GONE, imageUrl: '/media/catalog/gone.webp' },
          { id: 'c', label: 'Plain', imageUrl: 'https://example.test/c.jpg' },
        ],
      },
      { id: 'q2', type: 'short_text', label: 'Why?' },
    ],
  });

  it('lists the referenced images and shows their current URLs; a deleted one shows none', () => {
    expect(catalogImageIds(def)).toEqual([IMG, GONE]);
    const shown = withCatalogImages(def, new Map([[IMG, { displayUrl: '/media/catalog/new.webp' }]]));
    const q = shown.questions[0]!;
    expect('options' in q && q.options).toEqual([
      { id: 'a', label: 'Forest', imageId: IMG, imageUrl: '/media/catalog/new.webp' },
      { id: 'b', label: 'Sand', imageId: GONE },
      { id: 'c', label: 'Plain', imageUrl: 'https://example.test/c.jpg' },
    ]);
  });

  it('a reference must be an image id', () => {
    const bad = definitionSchema.safeParse({
      title: 'S',
      questions: [
        {
          id: 'q1',
          type: 'style',
          label: 'W',
          options: [
            { id: 'a', label: 'A', imageId: 'not-an-id' },
            { id: 'b', label: 'B' },
          ],
        },
      ],
    });
    expect(bad.success).toBe(false);
  });
});
