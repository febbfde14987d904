'use client';

import { useActionState } from 'react';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/server/action';
import { createSurveyAction } from './actions';

/** Starts a draft with a title; the builder opens next. */
export function CreateSurveyForm() {
  const [result, action] = useActionState<ActionResult<unknown> | null, FormData>(createSurveyAction, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1">
        <TextField
          label="New survey title"
          name="title"
          placeholder="e.g. Autumn fit check"
          errors={errors?.title}
          maxLength={200}
          required
        />
      </div>
      <SubmitButton pendingText="Creating…">Create survey</SubmitButton>
      {result && !result.ok && !errors?.title && <FormMessage result={result} />}
    </form>
  );
}
