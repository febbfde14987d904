'use client';

import { startTransition, useActionState } from 'react';
import { ProductThumb } from '@/components/product-thumb';
import { Badge } from '@/components/ui/badge';
import { inputClass } from '@/components/ui/field';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { formatMoney, formatMoneyPlain } from '@/lib/catalog/constants';
import type { ActionResult } from '@/lib/server/action';
import { updateVariantAction } from '../../actions';

type Variant = {
  id: string;
  version: number;
  sku: string;
  size: string;
  colour: string;
  priceOverride: number | null;
  barcode: string;
  weightGrams: number | null;
  active: boolean;
  /** Purchase cost in cents (writers only: it values the stock). */
  unitCost?: number | null;
  thumb?: { url: string; alt: string } | null;
};

const cell = 'px-2 py-1.5';
// The shared input class without its full width: each column sets its own.
const small = `${inputClass.replace('w-full', '')} py-1 px-2`;

/** One variant as an inline-edit row: its own form (by `form` attribute), version and field errors. */
function VariantRow({ v }: { v: Variant }) {
  const [result, save, pending] = useActionState<ActionResult<unknown> | null, FormData>(updateVariantAction, null);
  // onSubmit rather than `action`: React would reset the row's inputs after a refused save.
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    startTransition(() => save(new FormData(e.currentTarget)));
  };
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const formId = `variant-${v.id}`;
  const err = (name: string) => errors?.[name]?.join(' ');
  const field = (
    name: keyof Variant,
    value: string,
    label: string,
    width = 'w-24',
    extra: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <td className={cell}>
      <input
        form={formId}
        name={name}
        defaultValue={value}
        aria-label={`${label} of ${v.sku}`}
        aria-invalid={err(name) ? true : undefined}
        className={`${small} ${width}`}
        {...extra}
      />
      {err(name) && (
        <p className="mt-0.5 text-xs text-red-600 dark:text-red-400" data-testid={`error-${name}`}>
          {err(name)}
        </p>
      )}
    </td>
  );
  return (
    <tr data-testid={`variant-row-${v.sku}`} className="align-top">
      <td className={cell}>
        <ProductThumb thumb={v.thumb} size={36} label={`${v.sku}`} />
      </td>
      {field('sku', v.sku, 'SKU', 'w-64')}
      {field('size', v.size, 'Size', 'w-20')}
      {field('colour', v.colour, 'Colour', 'w-24')}
      {field(
        'priceOverride',
        v.priceOverride === null ? '' : formatMoneyPlain(v.priceOverride),
        'Price override',
        'w-24',
        { placeholder: 'base', inputMode: 'decimal' },
      )}
      {field('unitCost', v.unitCost == null ? '' : formatMoneyPlain(v.unitCost), 'Unit cost', 'w-24', {
        placeholder: '—',
        inputMode: 'decimal',
      })}
      {field('barcode', v.barcode, 'Barcode', 'w-36', { inputMode: 'numeric' })}
      {field('weightGrams', v.weightGrams === null ? '' : String(v.weightGrams), 'Weight in grams', 'w-16', {
        inputMode: 'numeric',
      })}
      <td className={`${cell} text-center`}>
        <input
          form={formId}
          type="checkbox"
          name="active"
          defaultChecked={v.active}
          aria-label={`${v.sku} active`}
          className="mt-2"
        />
      </td>
      <td className={cell}>
        <form id={formId} onSubmit={onSubmit} className="flex items-center gap-2">
          <input type="hidden" name="id" value={v.id} />
          <input type="hidden" name="version" value={v.version} />
          <button
            type="submit"
            disabled={pending}
            aria-busy={pending}
            aria-label={`Save ${v.sku}`}
            className={buttonClass('secondary', 'px-2 py-1')}
          >
            {pending ? '…' : 'Save'}
          </button>
        </form>
        {result && (
          <p
            className={`mt-0.5 max-w-48 text-xs ${result.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-600 dark:text-red-400'}`}
            role="status"
          >
            {result.message}
          </p>
        )}
      </td>
    </tr>
  );
}

/** The product's variants: inline-editable rows for writers, a plain table for readers. */
export function VariantsTable({
  variants,
  currency,
  basePrice,
  canWrite,
}: {
  variants: Variant[];
  currency: string;
  basePrice: number;
  canWrite: boolean;
}) {
  if (variants.length === 0) {
    return (
      <div className="p-5">
        <EmptyState title="No variants yet">
          {canWrite
            ? 'Create sizes and colours with the matrix below.'
            : 'A merchandiser has not added sizes or colours yet.'}
        </EmptyState>
      </div>
    );
  }
  const head = canWrite
    ? ['', 'SKU', 'Size', 'Colour', 'Price', 'Unit cost', 'Barcode', 'Weight (g)', 'Active', '']
    : ['', 'SKU', 'Size', 'Colour', 'Price', 'Barcode', 'Weight (g)', 'Active'];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="variants-table">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-2 py-2 font-medium">
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {canWrite
            ? variants.map((v) => <VariantRow key={v.id} v={v} />)
            : variants.map((v) => (
                <tr key={v.id} data-testid={`variant-row-${v.sku}`}>
                  <td className="px-2 py-2">
                    <ProductThumb thumb={v.thumb} size={36} label={v.sku} />
                  </td>
                  <td className="px-2 py-2 font-mono">{v.sku}</td>
                  <td className="px-2 py-2">{v.size}</td>
                  <td className="px-2 py-2">{v.colour}</td>
                  <td className="px-2 py-2 tabular-nums">{formatMoney(v.priceOverride ?? basePrice, currency)}</td>
                  <td className="px-2 py-2 font-mono">{v.barcode || '—'}</td>
                  <td className="px-2 py-2">{v.weightGrams ?? '—'}</td>
                  <td className="px-2 py-2">
                    {v.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
                  </td>
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}
