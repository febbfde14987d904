'use client';

import { startTransition, useActionState, useEffect, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/server/action';
import { createSupplierAction, updateSupplierAction } from '../actions';

type Supplier = { id: string; version: number; name: string; contact: string; leadTimeDays: number; notes: string };

/** Create (no `supplier`) or edit form; controlled so values survive a refused save. */
export function SupplierForm({ supplier }: { supplier?: Supplier }) {
  const empty = { name: '', contact: '', leadTimeDays: '14', notes: '' };
  const initial = supplier ? { name: supplier.name, contact: supplier.contact, leadTimeDays: String(supplier.leadTimeDays), notes: supplier.notes } : empty;
  const [values, setValues] = useState(initial);
  const [result, submit, pending] = useActionState<ActionResult<unknown> | null, FormData>(supplier ? updateSupplierAction : createSupplierAction, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  useEffect(() => {
    if (result?.ok && !supplier) setValues(empty);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);
  const prefix = supplier ? `s-${supplier.id}-` : 's-new-';
  const bind = (name: keyof typeof values) => ({
    id: `${prefix}${name}`,
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    errors: errors?.[name],
  });
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    startTransition(() => submit(new FormData(e.currentTarget)));
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={supplier ? `Edit ${supplier.name}` : 'Add supplier'}>
      {supplier && (
        <>
          <input type="hidden" name="id" value={supplier.id} />
          <input type="hidden" name="version" value={supplier.version} />
        </>
      )}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Name" {...bind('name')} />
        <TextField label="Contact" placeholder="email or phone" {...bind('contact')} />
        <TextField label="Lead time (days)" inputMode="numeric" {...bind('leadTimeDays')} />
        <TextField label="Notes" {...bind('notes')} />
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass(supplier ? 'secondary' : 'primary')}>
          {pending ? 'Saving…' : supplier ? 'Save' : 'Add supplier'}
        </button>
        <FormMessage result={result} />
      </div>
    </form>
  );
}
