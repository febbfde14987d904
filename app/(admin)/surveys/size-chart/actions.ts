'use server';

import { z } from '@/lib/zod';
import { saveGarmentCategories, saveGarmentSizes } from '@/db/queries/size-chart';
import { defineAction } from '@/lib/server/action';
import { GARMENT_LABELS, GARMENT_TYPES } from '@/lib/surveys/size-chart';

const paths = ['/surveys/size-chart', '/surveys/demand', '/customers'];
const garment = z.enum(GARMENT_TYPES, { error: 'Choose a garment type.' });

/** The editor posts the whole ordered list as JSON; the query checks it (pure rules in lib/surveys/size-chart). */
export const saveSizesAction = defineAction(
  {
    name: 'surveys.sizeChart.saveSizes',
    permission: 'surveys.manage',
    input: z.object({
      garment,
      sizes: z
        .string({ error: 'Nothing to save.' })
        .max(20_000)
        .transform((s, ctx) => {
          try {
            return JSON.parse(s) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'The size list could not be read; reload the page.' });
            return z.NEVER;
          }
        }),
    }),
    revalidate: paths,
    successMessage: (d: { garment: string; count: number }) =>
      `${GARMENT_LABELS[d.garment as keyof typeof GARMENT_LABELS]} sizes saved (${d.count}). New drafts and newly published versions offer them.`,
  },
  async (input, { db, actor }) => {
    const sizes = await saveGarmentSizes(db, actor, input);
    return { garment: input.garment, count: sizes.length };
  },
);

export const saveCategoriesAction = defineAction(
  {
    name: 'surveys.sizeChart.saveCategories',
    permission: 'surveys.manage',
    // Checkboxes: absent when none is ticked, one string for one, a list for several.
    input: z.object({
      garment,
      categories: z.preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(z.string().max(200)).max(200),
      ),
    }),
    revalidate: paths,
    successMessage: 'Categories saved; the demand view uses them now.',
  },
  async (input, { db, actor }) => ({ categories: await saveGarmentCategories(db, actor, input) }),
);
