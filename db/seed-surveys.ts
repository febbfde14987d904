import { count } from 'drizzle-orm';
import type { Db } from './client';
import { surveys } from './schema';
import { SYSTEM_ACTOR } from './queries/audit';
import { ensureCustomer } from './queries/customers';
import { submitResponse } from './queries/survey-responses';
import { createSurvey, publishSurvey, saveDraft } from './queries/surveys';
import type { SurveyDefinition } from '../lib/surveys/questions';

const opts = (...labels: string[]) =>
  labels.map((label) => ({
    id: label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
    label,
  }));

/** The demo survey: sizes, fit with a follow-up, styles, colours, budget, a rating and free text. */
export const DEMO_SURVEY: SurveyDefinition = {
  title: 'Autumn fit check',
  intro: 'Tell us what you wear and how you like it to fit. It takes about two minutes.',
  thankYou: 'Thank you! We use your answers to decide which sizes and styles to make more of.',
  questions: [
    {
      id: 'top_size',
      type: 'size',
      garment: 'tops',
      label: 'Which size do you usually wear in tops?',
      help: '',
      required: true,
      showIf: null,
      profileField: 'size',
    },
    {
      id: 'bottom_size',
      type: 'size',
      garment: 'bottoms',
      label: 'And in trousers and skirts?',
      help: 'EU sizes.',
      required: false,
      showIf: null,
      profileField: 'size',
    },
    {
      id: 'fit',
      type: 'single',
      label: 'How do you like clothes to fit?',
      help: '',
      required: true,
      showIf: null,
      profileField: 'fit',
      options: opts('Slim', 'Regular', 'Relaxed'),
    },
    {
      id: 'relaxed_why',
      type: 'single',
      label: 'What makes relaxed fits work for you?',
      help: '',
      required: false,
      showIf: { questionId: 'fit', optionIds: ['relaxed'] },
      profileField: null,
      options: opts('Comfort', 'Layering', 'Between sizes'),
    },
    {
      id: 'styles',
      type: 'style',
      label: 'Which styles do you reach for?',
      help: 'Pick any.',
      required: false,
      showIf: null,
      profileField: 'styles',
      options: opts('Minimal', 'Boho', 'Workwear', 'Vintage'),
    },
    {
      id: 'colours',
      type: 'multi',
      label: 'Favourite colours',
      help: '',
      required: false,
      showIf: null,
      profileField: 'colours',
      options: opts('Navy', 'Black', 'Olive', 'Rust', 'Cream'),
    },
    {
      id: 'budget',
      type: 'single',
      label: 'What do you usually spend on a dress or trousers?',
      help: '',
      required: false,
      showIf: null,
      profileField: 'budget',
      options: opts('Under €50', '€50–100', 'Over €100'),
    },
    {
      id: 'happy',
      type: 'rating',
      label: 'How happy are you with our fit so far?',
      help: '',
      required: false,
      showIf: null,
      profileField: null,
      min: 1,
      max: 5,
      minLabel: 'Not at all',
      maxLabel: 'Very',
    },
    {
      id: 'wish',
      type: 'long_text',
      label: 'Anything you wish we made?',
      help: '',
      required: false,
      showIf: null,
      profileField: null,
    },
  ],
};

/** Deterministic pseudo-random numbers, so the demo looks the same on every first start. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Demo surveys: the published fit check with 40 responses (and so profiles) over two weeks, and a draft. */
export async function seedDemoSurveys(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(surveys);
  if ((row?.n ?? 0) > 0) return false;
  const created = await createSurvey(db, SYSTEM_ACTOR, { title: DEMO_SURVEY.title });
  const saved = await saveDraft(db, SYSTEM_ACTOR, {
    id: created.id,
    version: created.version,
    definition: DEMO_SURVEY,
  });
  const { survey } = await publishSurvey(db, SYSTEM_ACTOR, { id: saved.id, version: saved.version });
  await createSurvey(db, SYSTEM_ACTOR, { title: 'Shoe sizes (draft)' });
  const rand = rng(11);
  const pick = <T>(xs: readonly T[], weights?: number[]): T => {
    const w = weights ?? xs.map(() => 1);
    let r = rand() * w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < xs.length; i++) if ((r -= w[i]!) < 0) return xs[i]!;
    return xs[xs.length - 1]!;
  };
  const names = [
    'ana',
    'ben',
    'chloe',
    'david',
    'elif',
    'femi',
    'greta',
    'hugo',
    'ines',
    'jonas',
    'kira',
    'luca',
    'mara',
    'noah',
    'olga',
    'pia',
    'rafa',
    'sara',
    'tom',
    'uma',
  ];
  const now = Date.now();
  for (let i = 0; i < 40; i++) {
    const fit = pick(['slim', 'regular', 'relaxed'], [2, 5, 3]);
    const raw: Record<string, unknown> = {
      q_top_size: pick(['XS', 'S', 'M', 'L', 'XL'], [1, 3, 6, 4, 1]),
      q_fit: fit,
      q_styles: ['minimal', 'boho', 'workwear', 'vintage'].filter(() => rand() < 0.4),
      q_colours: ['navy', 'black', 'olive', 'rust', 'cream'].filter(() => rand() < 0.35),
      q_happy: String(pick([2, 3, 4, 5], [1, 2, 4, 3])),
    };
    const thorough = i % 3 === 0; // a third answer everything, so the completion rate means something
    if (thorough)
      raw.q_wish = pick(['Longer inseams, please.', 'More linen in navy.', 'Relaxed trousers with pockets.']);
    if (thorough && !(raw.q_styles as string[]).length) raw.q_styles = ['minimal'];
    if (thorough && !(raw.q_colours as string[]).length) raw.q_colours = ['navy'];
    if (thorough || rand() < 0.7) raw.q_bottom_size = pick(['36', '38', '40', '42'], [2, 4, 3, 1]);
    if (fit === 'relaxed' && (thorough || rand() < 0.8))
      raw.q_relaxed_why = pick(['comfort', 'layering', 'between-sizes']);
    if (thorough || rand() < 0.6) raw.q_budget = pick(['under-50', '50-100', 'over-100'], [2, 4, 1]);
    // Half the people answer twice (20 customers): their profile shows the merge rule at work.
    const email = rand() < 0.85 ? `${names[i % names.length]}@example.com` : undefined;
    // Every other customer answers through their personal link (verified); the rest type their email.
    const customerToken = email && i % 2 === 0 ? (await ensureCustomer(db, { email })).token : undefined;
    await submitResponse(db, {
      slug: survey.slug,
      versionId: survey.currentVersionId!,
      idempotencyToken: `demo-${i}-${survey.id}`,
      raw,
      email,
      customerToken,
      ipHash: 'demo',
      submittedAt: new Date(now - (40 - i) * 8 * 3600_000),
    });
  }
  return true;
}
