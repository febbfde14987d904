'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { SurveyQuestions, answersFromForm } from '@/components/surveys/survey-form-body';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass } from '@/components/ui/field';
import type { Answers } from '@/lib/surveys/logic';
import type { SurveyDefinition } from '@/lib/surveys/questions';
import type { PublicActionResult } from '@/lib/server/public-action';
import { submitSurvey } from './actions';

type Result = PublicActionResult<{ thankYou: string; duplicate: boolean }>;

/** The submitted values per question (for refilling the form after an error, with or without JavaScript). */
function defaultsOf(submitted: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(submitted ?? {})) {
    if (!k.startsWith('q_')) continue;
    out[k.slice(2)] = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export function SurveyForm({
  slug,
  versionId,
  definition,
  idempotencyToken,
  customerToken,
  knownEmail,
}: {
  slug: string;
  versionId: string;
  definition: SurveyDefinition;
  idempotencyToken: string;
  customerToken?: string;
  knownEmail?: string | null;
}) {
  const [state, action] = useActionState(submitSurvey, null as Result | null);
  const result = state as Result | null;
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [answers, setAnswers] = useState<Answers | null>(null);

  // Hydrated: switch follow-ups to live visibility, from whatever the form holds now.
  useEffect(() => {
    if (formRef.current) setAnswers(answersFromForm(formRef.current, definition));
  }, [definition, state]);
  // After a refused submit, move focus to the error summary so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (result && !result.ok) summaryRef.current?.focus();
  }, [result]);

  if (result?.ok) {
    return (
      <div
        role="status"
        className="rounded-lg border border-emerald-300 bg-emerald-50 p-6 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        data-testid="survey-thanks"
      >
        <h2 className="text-lg font-semibold">Answers received</h2>
        <p className="mt-1">{result.data.thankYou || 'Thank you!'}</p>
      </div>
    );
  }
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const defaults = defaultsOf(result?.submitted);
  const questionErrors = definition.questions.filter((q) => errors?.[q.id]);
  return (
    <form
      ref={formRef}
      action={action}
      noValidate
      className="grid gap-5"
      onChange={(e) => setAnswers(answersFromForm(e.currentTarget, definition))}
      key={JSON.stringify(result?.submitted ?? null)}
    >
      {result && !result.ok && (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          aria-labelledby="error-summary-title"
          className="rounded-lg border-2 border-red-600 bg-red-50 p-4 text-red-900 focus:outline-none focus:ring-2 focus:ring-red-600 dark:bg-red-950 dark:text-red-200"
          data-testid="error-summary"
        >
          <h2 id="error-summary-title" className="font-semibold">
            {questionErrors.length
              ? `There ${questionErrors.length === 1 ? 'is a problem' : `are ${questionErrors.length} problems`} with your answers`
              : result.message}
          </h2>
          {questionErrors.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-sm">
              {questionErrors.map((q) => (
                <li key={q.id}>
                  <a href={`#q-${q.id}`} className="underline">
                    {q.label}: {errors![q.id]!.join(' ')}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {errors?.email && <p className="mt-2 text-sm">{errors.email.join(' ')}</p>}
        </div>
      )}
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="versionId" value={versionId} />
      <input type="hidden" name="idempotencyToken" value={idempotencyToken} />
      {customerToken && <input type="hidden" name="customerToken" value={customerToken} />}
      {/* Honeypot: off-screen and skipped by keyboard and screen readers; bots that fill every field give themselves away. */}
      <div aria-hidden className="absolute -left-[9999px] h-px w-px overflow-hidden">
        <label>
          Website <input type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>
      <SurveyQuestions definition={definition} defaults={defaults} errors={errors} answers={answers} />
      {knownEmail !== undefined ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          You are answering through your personal link{knownEmail ? ` (${knownEmail})` : ''}.
        </p>
      ) : (
        <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <label htmlFor="survey-email" className="block font-medium">
            Email <span className="text-xs font-normal text-zinc-500">(optional)</span>
          </label>
          <p id="survey-email-help" className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            Leave it to have us remember your sizes and style next time.
          </p>
          <input
            id="survey-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            defaultValue={typeof result?.submitted?.email === 'string' ? result.submitted.email : ''}
            aria-invalid={errors?.email ? true : undefined}
            aria-describedby={errors?.email ? 'survey-email-help survey-email-error' : 'survey-email-help'}
            className={`${inputClass} mt-2 text-base`}
          />
          {errors?.email && (
            <p id="survey-email-error" className="mt-2 text-sm font-medium text-red-700 dark:text-red-400">
              {errors.email.join(' ')}
            </p>
          )}
        </div>
      )}
      <SubmitButton pendingText="Sending…" className="w-full py-3 text-base sm:w-auto">
        Send answers
      </SubmitButton>
    </form>
  );
}
