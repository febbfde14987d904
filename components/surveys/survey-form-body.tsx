'use client';

import { isVisible, type Answers } from '@/lib/surveys/logic';
import type { SurveyDefinition } from '@/lib/surveys/questions';
import type { FieldErrors } from '@/lib/errors';
import type { SizeChart } from '@/lib/surveys/size-chart';
import { QuestionField } from './question-field';

/** Raw form values as the answers the visibility rules read (option ids; lists for checkboxes). */
export function answersFromForm(form: HTMLFormElement, def: SurveyDefinition): Answers {
  const data = new FormData(form);
  const out: Answers = {};
  for (const q of def.questions) {
    const values = data.getAll(`q_${q.id}`).filter((v): v is string => typeof v === 'string' && v !== '');
    if (values.length) out[q.id] = q.type === 'multi' || q.type === 'style' ? values : values[0]!;
  }
  return out;
}

/**
 * The questions of a survey. Before hydration (or without JavaScript) every question shows, follow-ups say
 * when they apply, and the server drops answers to hidden ones; once hydrated, follow-ups appear only when
 * their condition holds.
 */
/** `chart`: the live size chart, for a draft's size questions (published versions carry their own sizes). */
export function SurveyQuestions({
  definition,
  defaults,
  errors,
  idPrefix,
  answers,
  chart,
}: {
  definition: SurveyDefinition;
  defaults: Record<string, string[]>;
  errors?: FieldErrors;
  idPrefix?: string;
  answers: Answers | null;
  chart?: SizeChart;
}) {
  let n = 0;
  return (
    <div className="grid gap-4">
      {definition.questions.map((q) => {
        if (answers && !isVisible(q, answers, definition.questions)) return null;
        n += 1;
        return (
          <QuestionField
            key={q.id}
            question={q}
            number={n}
            defaults={defaults[q.id]}
            error={errors?.[q.id]}
            definition={definition}
            idPrefix={idPrefix}
            chart={chart}
          />
        );
      })}
    </div>
  );
}
