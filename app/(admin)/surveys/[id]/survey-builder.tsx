'use client';

import { startTransition, useActionState, useEffect, useState } from 'react';
import { answersFromForm, SurveyQuestions } from '@/components/surveys/survey-form-body';
import type { SizeChart } from '@/lib/surveys/size-chart';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/server/action';
import type { Answers } from '@/lib/surveys/logic';
import {
  QUESTION_TYPES,
  QUESTION_TYPE_LABELS,
  type Question,
  type QuestionType,
  type SurveyDefinition,
} from '@/lib/surveys/questions';
import { saveSurveyAction } from '../actions';
import { nextId, QuestionEditor, retype, type Errors } from './question-editor';

const DRAG_TYPE = 'application/x-bobbin-question';

/** Moves item `from` to index `to`. */
function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * The survey builder: texts, ordered questions (reorder with the Up/Down buttons or by dragging a card),
 * and a live preview rendered by the same component as the public page. Saving posts the whole definition;
 * the server validates it and answers with errors per field path ("questions.2.label").
 */
export function SurveyBuilder({
  surveyId,
  version,
  initial,
  published,
  chart,
}: {
  surveyId: string;
  version: number;
  initial: SurveyDefinition;
  published: boolean;
  chart: SizeChart;
}) {
  const [def, setDef] = useState<SurveyDefinition>(initial);
  const [current, setCurrent] = useState(version);
  const [dragging, setDragging] = useState<number | null>(null);
  const [dirty, setDirty] = useState(false);
  const [previewAnswers, setPreviewAnswers] = useState<Answers>({});
  const [result, save, pending] = useActionState<ActionResult<{ id: string; version: number }> | null, FormData>(
    saveSurveyAction,
    null,
  );
  const errors: Errors = (result && !result.ok ? result.fieldErrors : undefined) ?? {};
  // Which cards to look at: error paths are "questions.<index>.<field>".
  const badQuestions = [
    ...new Set(
      Object.keys(errors)
        .map((k) => /^questions\.(\d+)/.exec(k)?.[1])
        .filter((n): n is string => n !== undefined),
    ),
  ].map((n) => Number(n) + 1);
  useEffect(() => {
    if (result?.ok) {
      setCurrent(result.data.version);
      setDirty(false);
    }
  }, [result]);
  useEffect(() => setCurrent(version), [version]); // publish/close bump the row version

  const update = (next: SurveyDefinition) => {
    setDef(next);
    setDirty(true);
  };
  const setQuestion = (i: number, q: Question) =>
    update({ ...def, questions: def.questions.map((x, j) => (j === i ? q : x)) });
  const moveQuestion = (from: number, to: number) => {
    if (to < 0 || to >= def.questions.length || from === to) return;
    // A question cannot depend on one below it: moving above its condition's question clears the condition.
    const moved = move(def.questions, from, to).map((q, i, all) =>
      q.showIf && !all.slice(0, i).some((e) => e.id === q.showIf!.questionId) ? { ...q, showIf: null } : q,
    );
    update({ ...def, questions: moved });
  };
  const addQuestion = (type: QuestionType) => {
    const id = nextId(
      'q',
      def.questions.map((q) => q.id),
    );
    const blank = retype(
      { id, type: 'short_text', label: '', help: '', required: false, showIf: null, profileField: null },
      type,
    );
    update({ ...def, questions: [...def.questions, blank] });
  };
  const removeQuestion = (i: number) => {
    const gone = def.questions[i]!.id;
    update({
      ...def,
      questions: def.questions
        .filter((_, j) => j !== i)
        .map((q) => (q.showIf?.questionId === gone ? { ...q, showIf: null } : q)),
    });
  };
  const onSave = () => {
    const fd = new FormData();
    fd.set('id', surveyId);
    fd.set('version', String(current));
    fd.set('definition', JSON.stringify(def));
    startTransition(() => save(fd));
  };

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <section aria-labelledby="builder-title" className="grid content-start gap-4">
        <h2 id="builder-title" className="sr-only">
          Builder
        </h2>
        {published && (
          <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800 dark:bg-sky-950 dark:text-sky-300">
            Customers answer the published version. Changes here stay in the draft until you publish them as a new
            version; earlier answers keep their version.
          </p>
        )}
        <div className="grid gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          {(
            [
              ['title', 'Title', false],
              ['intro', 'Intro', true],
              ['thankYou', 'Thank-you text', true],
            ] as const
          ).map(([k, label, long]) => (
            <label key={k}>
              <span className="mb-1 block text-sm font-medium">{label}</span>
              {long ? (
                <textarea
                  rows={2}
                  className={inputClass}
                  value={def[k]}
                  onChange={(e) => update({ ...def, [k]: e.target.value })}
                />
              ) : (
                <input
                  className={inputClass}
                  value={def[k]}
                  onChange={(e) => update({ ...def, [k]: e.target.value })}
                  aria-invalid={errors[k] ? true : undefined}
                />
              )}
              {errors[k] && (
                <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">{errors[k]!.join(' ')}</p>
              )}
            </label>
          ))}
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={def.searchable === true}
              onChange={(e) => {
                const { searchable: _off, ...rest } = def;
                update(e.target.checked ? { ...rest, searchable: true } : rest);
              }}
            />
            <span>
              <span className="font-medium">Search engines may list this survey</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                Off: the public page asks them not to (noindex). Applies when published.
              </span>
            </span>
          </label>
        </div>
        <ol className="grid gap-3" aria-label="Questions">
          {def.questions.map((q, i) => (
            <li
              key={q.id}
              // The dragged question travels in the drag data under its own type, so text fields do not take the drop.
              onDragOver={(e) => {
                if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
              }}
              onDrop={(e) => {
                const from = def.questions.findIndex((x) => x.id === e.dataTransfer.getData(DRAG_TYPE));
                if (from < 0) return;
                e.preventDefault();
                moveQuestion(from, i);
                setDragging(null);
              }}
              onDragEnd={() => setDragging(null)}
              className={`rounded-lg border bg-white p-4 dark:bg-zinc-900 ${dragging === i ? 'border-brand-500 opacity-60' : 'border-zinc-200 dark:border-zinc-800'}`}
              data-testid={`builder-question-${i}`}
            >
              <div className="mb-2 flex items-center gap-2 text-xs text-zinc-500">
                {/* Only the handle drags, so text in the card's inputs stays selectable; keyboard users have Up/Down. */}
                <span
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.effectAllowed = 'move';
                    e.dataTransfer.setData(DRAG_TYPE, q.id);
                    setDragging(i);
                  }}
                  data-testid={`drag-${i}`}
                  className="cursor-grab select-none rounded px-1 text-base hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  title="Drag to reorder (or use Up/Down)"
                  aria-hidden
                >
                  ⠿
                </span>
                {QUESTION_TYPE_LABELS[q.type]}
              </div>
              <QuestionEditor
                q={q}
                index={i}
                count={def.questions.length}
                earlier={def.questions.slice(0, i)}
                errors={errors}
                onChange={(next) => setQuestion(i, next)}
                onMove={(to) => moveQuestion(i, to)}
                onRemove={() => removeQuestion(i)}
              />
            </li>
          ))}
        </ol>
        {errors.questions && (
          <p className="text-sm font-medium text-red-600 dark:text-red-400">{errors.questions.join(' ')}</p>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <label className="text-sm">
            <span className="sr-only">Question type to add</span>
            <select
              className={`${inputClass} w-auto`}
              aria-label="Add a question"
              value=""
              onChange={(e) => {
                if (e.target.value) addQuestion(e.target.value as QuestionType);
              }}
            >
              <option value="">+ Add a question…</option>
              {QUESTION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {QUESTION_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 border-t border-zinc-200 bg-white px-3 py-3 shadow-[0_-4px_12px_rgba(0,0,0,0.04)] dark:border-zinc-800 dark:bg-zinc-950">
          <button
            type="button"
            className={buttonClass('primary')}
            onClick={onSave}
            disabled={pending}
            aria-busy={pending}
          >
            {pending ? 'Saving…' : 'Save draft'}
          </button>
          {dirty && !pending && <span className="text-sm text-amber-700 dark:text-amber-400">Unsaved changes</span>}
          <FormMessage result={result} testId="builder-message" />
          {badQuestions.length > 0 && (
            <span className="text-sm text-red-700 dark:text-red-400">Check question {badQuestions.join(', ')}.</span>
          )}
        </div>
      </section>
      <section aria-labelledby="preview-title" className="xl:sticky xl:top-4 xl:self-start">
        <h2 id="preview-title" className="mb-2 text-sm font-semibold uppercase tracking-wide text-zinc-500">
          Live preview
        </h2>
        <div
          className="max-h-[80vh] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="builder-preview"
          tabIndex={0}
          role="region"
          aria-label="The survey as respondents see it"
        >
          <p className="text-xl font-semibold">{def.title || 'Untitled survey'}</p>
          {def.intro && (
            <p className="mt-1 whitespace-pre-line text-sm text-zinc-600 dark:text-zinc-400">{def.intro}</p>
          )}
          <form
            className="mt-4"
            onChange={(e) => setPreviewAnswers(answersFromForm(e.currentTarget, def))}
            onSubmit={(e) => e.preventDefault()}
            aria-label="Preview of the public form"
          >
            <SurveyQuestions definition={def} defaults={{}} answers={previewAnswers} idPrefix="preview" chart={chart} />
          </form>
        </div>
      </section>
    </div>
  );
}
