'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { EditConflictPanel, useVersionedForm, type ConflictField } from '@/components/ui/edit-conflict';
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
    Object.entries(values).map(([k, v]) => [
      k,
      Array.isArray(v) ? v : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v),
    ]),
  );
}

type StoredProduct = Omit<FormProduct, 'id' | 'version'>;

/** The form's values of a stored product (also of the stored version after a conflict). */
function formValuesOf(p: StoredProduct | undefined) {
  return {
    name: p?.name ?? '',
    slug: p?.slug ?? '',
    description: p?.description ?? '',
    categoryId: p?.categoryId ?? '',
    status: p?.status ?? 'draft',
    basePrice: p ? formatMoneyPlain(p.basePrice) : '',
    currency: p?.currency ?? 'EUR',
    supplierId: p?.supplierId ?? '',
    tags: p?.tags.join(', ') ?? '',
    attributes: toFormAttributes(p?.attributes ?? {}),
  };
}
type ProductFormValues = ReturnType<typeof formValuesOf>;

/**
 * Create and edit form. Controlled and submitted through onSubmit (not the form's `action`), so values
 * survive a refused save (React 19 resets forms after an action). The edit form carries the version it was
 * loaded with; a save over a newer one (someone else's, or the same person's in another tab) is refused and
 * opens the shared conflict panel, which merges field by field and saves against the stored version.
 */
export function ProductForm({
  product,
  categories,
  suppliers,
}: {
  product?: FormProduct;
  categories: Category[];
  suppliers: { id: string; name: string }[];
}) {
  const router = useRouter();
  const action = product ? updateProductAction : createProductAction;
  const [result, submit, pending] = useActionState<ActionResult<{ id: string }> | null, FormData>(action, null);
  const loaded = formValuesOf(product);
  const { attributes: loadedAttributes, ...loadedValues } = loaded;
  const [values, setValues] = useState(loadedValues);
  const [attributes, setAttributes] = useState<AttributeFormValues>(loadedAttributes);
  const formRef = useRef<HTMLFormElement>(null);
  const versioned = useVersionedForm<ProductFormValues>({
    version: product?.version ?? 0,
    values: loaded,
    result,
    formRef,
    apply: ({ attributes: a, ...v }) => {
      setValues(v);
      setAttributes(a);
    },
    fromStored: (current) => formValuesOf(current as StoredProduct),
  });
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const category = categories.find((c) => c.id === values.categoryId);

  useEffect(() => {
    if (result?.ok && !product) router.push(`/catalog/products/${result.data.id}?created=1`);
  }, [result, product, router]);

  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setValues((v) => ({ ...v, [name]: e.target.value })),
    errors: errors?.[name],
  });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(() => submit(new FormData(event.currentTarget)));
  };

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={product ? 'Edit product' : 'New product'}
      className="space-y-6"
    >
      {product && (
        <>
          <input type="hidden" name="id" value={product.id} />
          <input type="hidden" name="version" value={versioned.version} />
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" autoComplete="off" {...bind('name')} />
        <TextField
          label="Slug"
          hint="Left empty, it is made from the name."
          placeholder="linen-wrap-dress"
          {...bind('slug')}
        />
        <SelectField
          label="Category"
          options={[
            { value: '', label: 'Choose a category…' },
            ...categories.map((c) => ({ value: c.id, label: c.name })),
          ]}
          {...bind('categoryId')}
        />
        <SelectField
          label="Status"
          options={PRODUCT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          {...bind('status')}
        />
        <div className="grid grid-cols-[1fr_7rem] gap-2">
          <TextField label="Base price" inputMode="decimal" placeholder="49.90" {...bind('basePrice')} />
          <SelectField
            label="Currency"
            options={CURRENCIES.map((c) => ({ value: c, label: c }))}
            {...bind('currency')}
          />
        </div>
        <SelectField
          label="Supplier"
          options={[{ value: '', label: 'No supplier' }, ...suppliers.map((s) => ({ value: s.id, label: s.name }))]}
          {...bind('supplierId')}
        />
        <TextField label="Tags" hint="Comma-separated, e.g. bestseller, summer" {...bind('tags')} />
        <div className="sm:col-span-2">
          <label htmlFor="f-description" className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">
            Description
          </label>
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
          <AttributeInputs
            defs={category.attributeDefs}
            values={attributes}
            onChange={(k, v) => setAttributes((a) => ({ ...a, [k]: v }))}
            errors={errors}
          />
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
      {versioned.conflict && versioned.theirs && (
        <EditConflictPanel
          key={versioned.conflict.version}
          conflict={versioned.conflict}
          fields={conflictFields(categories, suppliers)}
          base={versioned.base}
          mine={{ ...values, attributes }}
          theirs={versioned.theirs}
          onResolve={versioned.resolve}
          onDismiss={versioned.dismiss}
        />
      )}
    </form>
  );
}

/** The product fields the conflict panel compares, shown as the form shows them. */
function conflictFields(categories: Category[], suppliers: { id: string; name: string }[]): ConflictField[] {
  const nameOf = (list: { id: string; name: string }[], empty: string) => (v: unknown) =>
    list.find((x) => x.id === v)?.name ?? empty;
  return [
    { name: 'name', label: 'Name' },
    { name: 'slug', label: 'Slug' },
    { name: 'description', label: 'Description' },
    { name: 'categoryId', label: 'Category', show: nameOf(categories, '(none)') },
    { name: 'status', label: 'Status', show: (v) => STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? String(v) },
    { name: 'basePrice', label: 'Base price' },
    { name: 'currency', label: 'Currency' },
    { name: 'supplierId', label: 'Supplier', show: nameOf(suppliers, 'No supplier') },
    { name: 'tags', label: 'Tags' },
    {
      name: 'attributes',
      label: 'Attributes',
      show: (v) =>
        Object.entries((v ?? {}) as AttributeFormValues)
          .filter(([, x]) => x !== '' && !(Array.isArray(x) && x.length === 0))
          .map(([k, x]) => `${k}: ${Array.isArray(x) ? x.join(', ') : x}`)
          .join('; ') || '(none)',
    },
  ];
}
