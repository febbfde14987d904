'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { ROLES, ROLE_LABELS } from '@/lib/roles';
import { createStaffAction } from './actions';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** "Add staff member": a disclosure with the create form. Values survive a failed submit. */
export function CreateStaffPanel() {
  const [open, setOpen] = useState(false);
  const [result, submit] = useActionState(createStaffAction, null);
  const [values, setValues] = useState({ email: '', name: '', role: 'merchandiser', password: '' });
  const formRef = useRef<HTMLFormElement>(null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  useEffect(() => {
    if (result?.ok) setValues({ email: '', name: '', role: 'merchandiser', password: '' });
  }, [result]);

  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    errors: errors?.[name],
  });

  return (
    <div className="mb-6">
      {!open && result?.ok && <div className="mb-3"><FormMessage result={result} testId="create-staff-message" /></div>}
      {open ? (
        <form ref={formRef} action={submit} className="rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Add staff member">
          <h2 className="mb-4 text-base font-semibold">Add staff member</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Name" autoComplete="off" {...bind('name')} />
            <TextField label="Email" type="email" autoComplete="off" {...bind('email')} />
            <SelectField label="Role" options={ROLE_OPTIONS} {...bind('role')} />
            <TextField label="Initial password" type="password" autoComplete="new-password" hint="At least 12 characters. Share it privately." {...bind('password')} />
          </div>
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <SubmitButton pendingText="Adding…">Add staff member</SubmitButton>
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
