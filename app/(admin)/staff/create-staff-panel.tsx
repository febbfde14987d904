'use client';

import { startTransition, useActionState, useEffect, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { StaffMember } from '@/db/queries/staff';
import { ROLES, ROLE_LABELS } from '@/lib/roles';
import type { ActionResult } from '@/lib/server/action';
import { createStaffAction } from './actions';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const EMPTY = { email: '', name: '', role: 'merchandiser', password: '' };

/**
 * "Add staff member": a disclosure with the create form. Submitted through onSubmit rather than the form's
 * `action`, because React 19 resets a form after its action runs and a controlled <select> then shows its
 * first option while the state keeps the chosen one (react#30580). Values survive a failed submit.
 */
export function CreateStaffPanel() {
  const [open, setOpen] = useState(false);
  const [result, submit, pending] = useActionState<ActionResult<StaffMember> | null, FormData>(createStaffAction, null);
  const [values, setValues] = useState(EMPTY);
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  useEffect(() => {
    if (result?.ok) setValues(EMPTY);
  }, [result]);

  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setValues((v) => ({ ...v, [name]: e.target.value })),
    errors: errors?.[name],
  });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => submit(data));
  };

  return (
    <div className="mb-6">
      {!open && result?.ok && (
        <div className="mb-3">
          <FormMessage result={result} testId="create-staff-message" />
        </div>
      )}
      {open ? (
        <form
          onSubmit={onSubmit}
          noValidate
          className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900"
          aria-label="Add staff member"
        >
          <h2 className="mb-4 text-base font-semibold">Add staff member</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Name" autoComplete="off" {...bind('name')} />
            <TextField label="Email" type="email" autoComplete="off" {...bind('email')} />
            <SelectField label="Role" options={ROLE_OPTIONS} {...bind('role')} />
            <TextField
              label="Initial password"
              type="password"
              autoComplete="new-password"
              hint="At least 12 characters. Share it privately."
              {...bind('password')}
            />
          </div>
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass('primary')}>
              {pending ? 'Adding…' : 'Add staff member'}
            </button>
            <button type="button" className={buttonClass('ghost')} onClick={() => setOpen(false)}>
              Close
            </button>
            <FormMessage result={result} testId="create-staff-message" />
          </div>
        </form>
      ) : (
        <button type="button" className={buttonClass('primary')} onClick={() => setOpen(true)}>
          Add staff member
        </button>
      )}
    </div>
  );
}
