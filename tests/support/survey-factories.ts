import type { Db } from '@/db/client';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { createSurvey, publishSurvey, saveDraft } from '@/db/queries/surveys';
import type { SurveyDefinition } from '@/lib/surveys/questions';

/** A fit survey: a tops size, a fit question with a follow-up shown for "loose", styles and colours. */
export const FIT_SURVEY: SurveyDefinition = {
  title: 'Fit survey',
  intro: 'Two minutes.',
  thankYou: 'Thanks!',
  questions: [
    {
      id: 'top',
      type: 'size',
      garment: 'tops',
      label: 'Top size',
      help: '',
      required: true,
      showIf: null,
      profileField: 'size',
    },
    {
      id: 'fit',
      type: 'single',
      label: 'Fit',
      help: '',
      required: true,
      showIf: null,
      profileField: 'fit',
      options: [
        { id: 'slim', label: 'Slim' },
        { id: 'loose', label: 'Loose' },
      ],
    },
    {
      id: 'why',
      type: 'short_text',
      label: 'Why loose?',
      help: '',
      required: true,
      showIf: { questionId: 'fit', optionIds: ['loose'] },
      profileField: null,
    },
    {
      id: 'styles',
      type: 'style',
      label: 'Styles',
      help: '',
      required: false,
      showIf: null,
      profileField: 'styles',
      options: [
        { id: 'boho', label: 'Boho' },
        { id: 'minimal', label: 'Minimal' },
      ],
    },
  ],
};

/** A published survey with `def`; returns its id, slug and current version id. */
export async function makePublishedSurvey(db: Db, def: SurveyDefinition = FIT_SURVEY) {
  const created = await createSurvey(db, SYSTEM_ACTOR, { title: def.title });
  const saved = await saveDraft(db, SYSTEM_ACTOR, { id: created.id, version: created.version, definition: def });
  const { survey } = await publishSurvey(db, SYSTEM_ACTOR, { id: saved.id, version: saved.version });
  return { id: survey.id, slug: survey.slug, versionId: survey.currentVersionId!, version: survey.version };
}
