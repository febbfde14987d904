'use client';

import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { EditConflictPanel, useVersionedForm, type ConflictField } from '@/components/ui/edit-conflict';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/server/action';
import { createSupplierAction, updateSupplierAction } from '../actions';

type Supplier = { id: string; version: number; name: string; contact: string; leadTimeDays: number; notes: string };

type Stored = Omit<Supplier, 'id' | 'version'>;
const formValuesOf = (s: Stored) => ({
  name: s.name,
  contact: s.contact,
  leadTimeDays: String(s.leadTimeDays),
  notes: s.notes,
});
const FIELDS: ConflictField[] = [
  { name: 'name', label: 'Name' },
  { name: 'contact', label: 'Contact' },
  { name: 'leadTimeDays', label: 'Lead time (days)' },
  { name: 'notes', label: 'Notes' },
];

/**
 * Create (no `supplier`) or edit form; controlled so values survive a refused save. An edit refused because the
 * supplier was saved meanwhile opens the shared conflict panel (components/ui/edit-conflict).
 */
export function SupplierForm({ supplier }: { supplier?: Supplier }) {
  const empty = { name: '', contact: '', leadTimeDays: '14', notes: '' };
  const initial = supplier ? formValuesOf(supplier) : empty;
  const [values, setValues] = useState(initial);
  const [result, submit, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    supplier ? updateSupplierAction : createSupplierAction,
    null,
  );
  const formRef = useRef<HTMLFormElement>(null);
  const versioned = useVersionedForm({
    version: supplier?.version ?? 0,
    values: initial,
    result,
    formRef,
    apply: setValues,
    fromStored: (c) => formValuesOf(c as Stored),
  });
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
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={supplier ? `Edit ${supplier.name}` : 'Add supplier'}>
      {supplier && (
        <>
          <input type="hidden" name="id" value={supplier.id} />
          <input type="hidden" name="version" value={versioned.version} />
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
      {versioned.conflict && versioned.theirs && (
        <div className="mt-3">
          <EditConflictPanel
            key={versioned.conflict.version}
            conflict={versioned.conflict}
            fields={FIELDS}
            base={versioned.base}
            mine={values}
            theirs={versioned.theirs}
            onResolve={versioned.resolve}
            onDismiss={versioned.dismiss}
          />
        </div>
      )}
    </form>
  );
}
