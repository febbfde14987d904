'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useActionState, useEffect, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { AttributeDefinition, AttributeValues } from '@/lib/catalog/attributes';
import { CURRENCIES, PRODUCT_STATUSES, STATUS_LABELS, formatMoneyPlain } from '@/lib/catalog/constants';
import type { ActionResult } from '@/lib/server/action';
import { createProductAction, updateProductAction } from '../actions';
import { AttributeInputs, type AttributeFormValues } from './attribute-inputs';

export type FormProduct = {
  id: string;
  version: number;
  name: string;
  slug: string;
  description: string;
  categoryId: string;
  status: string;
  basePrice: number;
  currency: string;
  supplierId: string | null;
  tags: string[];
  attributes: AttributeValues;
};

type Category = { id: string; name: string; attributeDefs: AttributeDefinition[] };

function toFormAttributes(values: AttributeValues): AttributeFormValues {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)]),
  );
}

/**
 * Create and edit form. Controlled and submitted through onSubmit (not the form's `action`), so values
 * survive a refused save (React 19 resets forms after an action). The edit form carries the version it was
 * loaded with; a save over someone else's newer save is refused with what they changed.
 */
export function ProductForm({ product, categories, suppliers }: { product?: FormProduct; categories: Category[]; suppliers: { id: string; name: string }[] }) {
  const router = useRouter();
  const action = product ? updateProductAction : createProductAction;
  const [result, submit, pending] = useActionState<ActionResult<{ id: string }> | null, FormData>(action, null);
  const [values, setValues] = useState({
    name: product?.name ?? '',
    slug: product?.slug ?? '',
    description: product?.description ?? '',
    categoryId: product?.categoryId ?? '',
    status: product?.status ?? 'draft',
    basePrice: product ? formatMoneyPlain(product.basePrice) : '',
    currency: product?.currency ?? 'EUR',
    supplierId: product?.supplierId ?? '',
    tags: product?.tags.join(', ') ?? '',
  });
  const [attributes, setAttributes] = useState<AttributeFormValues>(toFormAttributes(product?.attributes ?? {}));
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const category = categories.find((c) => c.id === values.categoryId);

  useEffect(() => {
    if (result?.ok && !product) router.push(`/catalog/products/${result.data.id}?created=1`);
  }, [result, product, router]);

  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    errors: errors?.[name],
  });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(() => submit(new FormData(event.currentTarget)));
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={product ? 'Edit product' : 'New product'} className="space-y-6">
      {product && (
        <>
          <input type="hidden" name="id" value={product.id} />
          <input type="hidden" name="version" value={product.version} />
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" autoComplete="off" {...bind('name')} />
        <TextField label="Slug" hint="Left empty, it is made from the name." placeholder="linen-wrap-dress" {...bind('slug')} />
        <SelectField label="Category" options={[{ value: '', label: 'Choose a category…' }, ...categories.map((c) => ({ value: c.id, label: c.name }))]} {...bind('categoryId')} />
        <SelectField label="Status" options={PRODUCT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} {...bind('status')} />
        <div className="grid grid-cols-[1fr_7rem] gap-2">
          <TextField label="Base price" inputMode="decimal" placeholder="49.90" {...bind('basePrice')} />
          <SelectField label="Currency" options={CURRENCIES.map((c) => ({ value: c, label: c }))} {...bind('currency')} />
        </div>
        <SelectField label="Supplier" options={[{ value: '', label: 'No supplier' }, ...suppliers.map((s) => ({ value: s.id, label: s.name }))]} {...bind('supplierId')} />
        <TextField label="Tags" hint="Comma-separated, e.g. bestseller, summer" {...bind('tags')} />
        <div className="sm:col-span-2">
          <label htmlFor="f-description" className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">Description</label>
          <textarea
            id="f-description"
            name="description"
            rows={3}
            value={values.description}
            onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
            className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        </div>
      </div>
      <fieldset className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
        <legend className="px-1 text-sm font-semibold">Attributes{category ? ` of ${category.name}` : ''}</legend>
        {category ? (
          <AttributeInputs defs={category.attributeDefs} values={attributes} onChange={(k, v) => setAttributes((a) => ({ ...a, [k]: v }))} errors={errors} />
        ) : (
          <p className="text-sm text-zinc-500">Choose a category to see its attributes.</p>
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} aria-busy={pending} className={buttonClass('primary')}>
          {pending ? 'Saving…' : product ? 'Save changes' : 'Create product'}
        </button>
        <FormMessage result={result} testId="product-form-message" />
      </div>
    </form>
  );
}
