'use client';

import { startTransition, useActionState, useRef } from 'react';
import { buttonClass } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/server/action';

type FormAction = (state: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * A form posting to a server action. It submits through onSubmit (not the `action` prop), so React does not
 * reset the inputs: a refused save keeps what was typed; `resetOnSuccess` clears it after a success.
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  variant = 'primary',
  label,
  resetOnSuccess = false,
  className = '',
  testId,
  id,
}: {
  /** Lets inputs outside the form join it (`form="<id>"`), e.g. row checkboxes in a table. */
  id?: string;
  action: FormAction;
  children?: React.ReactNode;
  submitLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
  label: string;
  resetOnSuccess?: boolean;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLFormElement>(null);
  const [result, submit, pending] = useActionState<ActionResult<unknown> | null, FormData>(async (prev, fd) => {
    const r = await action(prev, fd);
    if (r.ok && resetOnSuccess) ref.current?.reset();
    return r;
  }, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <form
      ref={ref}
      id={id}
      aria-label={label}
      noValidate
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        startTransition(() => submit(fd));
      }}
    >
      {children}
      {errors && Object.keys(errors).length > 0 && (
        <ul className="mt-2 text-xs text-red-600 dark:text-red-400">
          {Object.entries(errors).flatMap(([k, v]) =>
            v.map((message, i) => (
              <li key={`${k}.${i}`} data-field={k}>
                {message}
              </li>
            )),
          )}
        </ul>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass(variant)}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        <div data-testid={testId}>
          <FormMessage result={result} />
        </div>
      </div>
    </form>
  );
}
