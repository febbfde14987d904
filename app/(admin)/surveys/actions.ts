'use server';

import { redirect } from 'next/navigation';
import { z } from '@/lib/zod';
import { closeSurvey, createSurvey, publishSurvey, saveDraft } from '@/db/queries/surveys';
import { defineAction } from '@/lib/server/action';

const ref = { id: z.uuid({ error: 'Choose a survey.' }), version: z.coerce.number().int().min(1) };
const paths = (id: string) => ['/surveys', `/surveys/${id}`, `/surveys/${id}/responses`];

export const createSurveyAction = defineAction(
  {
    name: 'surveys.create',
    permission: 'surveys.manage',
    input: z.object({
      title: z.string({ error: 'Give the survey a title.' }).trim().min(1, 'Give the survey a title.').max(200),
    }),
  },
  async (input, { db, actor }) => {
    const survey = await createSurvey(db, actor, input);
    redirect(`/surveys/${survey.id}`);
  },
);

/** The builder posts the whole definition as one JSON field; the query validates it with the definition schema. */
export const saveSurveyAction = defineAction(
  {
    name: 'surveys.save',
    permission: 'surveys.manage',
    input: z.object({
      ...ref,
      definition: z
        .string({ error: 'Nothing to save.' })
        .max(200_000)
        .transform((s, ctx) => {
          try {
            return JSON.parse(s) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'The survey could not be read; reload the builder.' });
            return z.NEVER;
          }
        }),
    }),
    revalidate: (_s: unknown, input: { id: string }) => paths(input.id),
    successMessage: 'Draft saved.',
  },
  async (input, { db, actor }): Promise<{ id: string; version: number }> => {
    const s = await saveDraft(db, actor, input);
    return { id: s.id, version: s.version };
  },
);

export const publishSurveyAction = defineAction(
  {
    name: 'surveys.publish',
    permission: 'surveys.manage',
    input: z.object(ref),
    revalidate: (_d: unknown, input: { id: string }) => paths(input.id),
    successMessage: (d: { created: boolean; versionNumber: number }) =>
      d.created ? `Published as version ${d.versionNumber}.` : 'Published; the questions are unchanged.',
  },
  async (input, { db, actor }) => {
    const r = await publishSurvey(db, actor, input);
    return { id: r.survey.id, version: r.survey.version, versionNumber: r.versionNumber, created: r.created };
  },
);

export const closeSurveyAction = defineAction(
  {
    name: 'surveys.close',
    permission: 'surveys.manage',
    input: z.object(ref),
    revalidate: (_d: unknown, input: { id: string }) => paths(input.id),
    successMessage: 'Closed: the public page no longer takes answers.',
  },
  async (input, { db, actor }) => {
    const s = await closeSurvey(db, actor, input);
    return { id: s.id, version: s.version };
  },
);
