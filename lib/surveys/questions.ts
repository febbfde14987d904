import { z } from '../zod';
import { GARMENT_TYPES, sizeOptionSchema, type SizeChart } from './size-chart';

/** Question types a survey may hold (Formbricks / Tally's common set, plus a size selector). */
export const QUESTION_TYPES = ['single', 'multi', 'rating', 'size', 'style', 'short_text', 'long_text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: 'Single choice',
  multi: 'Multiple choice',
  rating: 'Rating scale',
  size: 'Size selector',
  style: 'Colour / style picker',
  short_text: 'Short text',
  long_text: 'Long text',
};

/** Profile fields a question can feed. `size` goes to the garment type of the size question. */
export const PROFILE_FIELDS = ['size', 'styles', 'colours', 'fit', 'budget'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const PROFILE_FIELD_LABELS: Record<ProfileField, string> = {
  size: 'Preferred size (per garment type)',
  styles: 'Styles',
  colours: 'Colours',
  fit: 'Fit',
  budget: 'Budget',
};

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 2000;
export const MAX_QUESTIONS = 50;
export const MAX_OPTIONS = 30;

const id = z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'Use letters, digits, - or _.');
const optionSchema = z.object({
  id,
  label: z.string().trim().min(1, 'Give the option a label.').max(120),
  imageUrl: z
    .string()
    .trim()
    .max(500)
    .refine((u) => u === '' || /^(https:\/\/|\/)/.test(u), 'Use an https:// or /-relative image URL.')
    .optional(),
  /** A catalog image (product_images.id) picked in the builder: its current URL replaces imageUrl when shown. */
  imageId: z.uuid('Pick the catalog image again.').optional(),
});

const conditionSchema = z.object({
  questionId: id,
  optionIds: z.array(id).min(1, 'Pick at least one answer that shows this question.'),
});

const base = {
  id,
  label: z.string().trim().min(1, 'Write the question.').max(300),
  help: z.string().trim().max(500).default(''),
  required: z.boolean().default(false),
  showIf: conditionSchema.nullable().default(null),
  profileField: z.enum(PROFILE_FIELDS).nullable().default(null),
};
const options = z.array(optionSchema).min(2, 'Give at least two options.').max(MAX_OPTIONS);

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('single'), options }),
  z.object({ ...base, type: z.literal('multi'), options }),
  z.object({ ...base, type: z.literal('style'), options }),
  z.object({
    ...base,
    type: z.literal('rating'),
    min: z.number().int().min(0).max(1),
    max: z.number().int().min(2).max(10),
    minLabel: z.string().trim().max(60).default(''),
    maxLabel: z.string().trim().max(60).default(''),
  }),
  // `sizes`: the chart's list frozen into the version at publish (absent in drafts and in older versions).
  z.object({
    ...base,
    type: z.literal('size'),
    garment: z.enum(GARMENT_TYPES),
    sizes: z.array(sizeOptionSchema).max(60).optional(),
  }),
  z.object({ ...base, type: z.literal('short_text') }),
  z.object({ ...base, type: z.literal('long_text') }),
]);
export type Question = z.infer<typeof questionSchema>;

/** What a version freezes: the texts and the ordered questions. */
export const definitionSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the survey a title.').max(200),
    intro: z.string().trim().max(2000).default(''),
    thankYou: z.string().trim().max(1000).default(''),
    // Search engines may index the public page (noindex otherwise). Absent rather than false, so definitions
    // saved before the setting existed compare equal to drafts that leave it off.
    searchable: z.literal(true).optional(),
    questions: z.array(questionSchema).min(1, 'Add at least one question.').max(MAX_QUESTIONS),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, number>();
    def.questions.forEach((q, i) => {
      if (seen.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: 'Two questions share this id.' });
      seen.set(q.id, i);
      if ('options' in q && new Set(q.options.map((o) => o.id)).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'Two options share an id.' });
      }
      if (q.showIf) {
        const at = seen.get(q.showIf.questionId);
        const target = at === undefined || at >= i ? undefined : def.questions[at];
        if (!target) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'showIf'],
            message: 'A condition must refer to an earlier question.',
          });
        } else if (!('options' in target) || q.showIf.optionIds.some((o) => !target.options.some((t) => t.id === o))) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'showIf'],
            message: 'The condition names an answer the earlier question does not have.',
          });
        }
      }
      if (q.profileField === 'size' && q.type !== 'size') {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'profileField'],
          message: 'Only a size question can feed preferred sizes.',
        });
      }
    });
  });
export type SurveyDefinition = z.infer<typeof definitionSchema>;

/** A starting definition for a new survey. */
export function blankDefinition(title: string): SurveyDefinition {
  return {
    title,
    intro: '',
    thankYou: 'Thank you! Your answers help us make clothes that fit.',
    questions: [
      {
        id: 'q1',
        type: 'size',
        garment: 'tops',
        label: 'Which size do you usually wear in tops?',
        help: '',
        required: true,
        showIf: null,
        profileField: 'size',
      },
    ],
  };
}

/** JSON with sorted keys: JSONB does not keep key order, so plain JSON.stringify would see false changes. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** True when two definitions ask the same questions (texts included): publishing an identical draft is a no-op. */
export function sameDefinition(a: SurveyDefinition, b: SurveyDefinition): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The definition as a version stores it: every size question carries the chart's current list for its garment,
 * so later chart edits (a size renamed or removed) leave published versions, their answers and charts alone.
 */
export function freezeSizes(def: SurveyDefinition, chart: SizeChart): SurveyDefinition {
  return {
    ...def,
    questions: def.questions.map((q) =>
      q.type === 'size' ? { ...q, sizes: chart[q.garment].map((s) => ({ ...s })) } : q,
    ),
  };
}

/** The catalog images a definition's options refer to. */
export function catalogImageIds(def: SurveyDefinition): string[] {
  return def.questions.flatMap((q) => ('options' in q ? q.options.flatMap((o) => (o.imageId ? [o.imageId] : [])) : []));
}

/**
 * The definition with each catalog-image option showing the image's current URL; an option whose image was
 * deleted since shows none (rather than a broken picture).
 */
export function withCatalogImages(
  def: SurveyDefinition,
  images: ReadonlyMap<string, { displayUrl: string }>,
): SurveyDefinition {
  return {
    ...def,
    questions: def.questions.map((q) =>
      'options' in q && q.options.some((o) => o.imageId)
        ? {
            ...q,
            options: q.options.map((o) => {
              if (!o.imageId) return o;
              const found = images.get(o.imageId);
              const { imageUrl: _old, ...rest } = o;
              return found ? { ...rest, imageUrl: found.displayUrl } : rest;
            }),
          }
        : q,
    ),
  };
}
