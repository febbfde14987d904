'use client';

import Link from 'next/link';
import { startTransition, useActionState, useEffect, useState } from 'react';
import { ProductThumb } from '@/components/product-thumb';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import {
  PRODUCT_STATUSES,
  STATUS_LABELS,
  STATUS_TONES,
  formatMoney,
  type ProductStatus,
} from '@/lib/catalog/constants';
import type { ActionResult } from '@/lib/server/action';
import { bulkUpdateProductsAction } from '../actions';
import { productsHref, type ProductSearch } from './search-params';

type Row = {
  id: string;
  name: string;
  slug: string;
  status: ProductStatus;
  basePrice: number;
  currency: string;
  tags: string[];
  categoryName: string;
  supplierName: string | null;
  variantCount: number;
  thumb?: { url: string; alt: string } | null;
  completeness?: number | null;
};

const th = 'px-3 py-2.5 font-medium';
// The shared input class without its full width, for the inline bulk bar.
const inline = inputClass.replace('w-full', '');

function SortHeader({
  label,
  sort,
  search,
}: {
  label: string;
  sort: 'name' | 'price' | 'completeness';
  search: ProductSearch;
}) {
  const current = search.sort === sort ? 'asc' : search.sort === `-${sort}` ? 'desc' : null;
  const next = current === 'asc' ? (`-${sort}` as const) : sort;
  return (
    <Link
      href={productsHref(search, { sort: next, page: undefined })}
      className="inline-flex items-center gap-1 hover:text-zinc-800 dark:hover:text-zinc-200"
      aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : undefined}
    >
      {label}
      <span aria-hidden>{current === 'asc' ? '↑' : current === 'desc' ? '↓' : '↕'}</span>
    </Link>
  );
}

/** The product table; writers get row checkboxes and a bulk bar (status, category, tag). */
export function ProductTable({
  rows,
  canWrite,
  categories,
  search,
}: {
  rows: Row[];
  canWrite: boolean;
  categories: { id: string; name: string }[];
  search: ProductSearch;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [op, setOp] = useState<'status' | 'category' | 'addTag' | 'removeTag'>('status');
  const [value, setValue] = useState('');
  const [result, submit, pending] = useActionState<ActionResult<{ updated: number }> | null, FormData>(
    bulkUpdateProductsAction,
    null,
  );

  useEffect(() => {
    if (result?.ok) setSelected(new Set());
  }, [result]);
  useEffect(() => setValue(''), [op]);

  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData();
    fd.set('op', op);
    for (const id of selected) fd.append('ids', id);
    if (op === 'status') fd.set('status', value);
    else if (op === 'category') fd.set('categoryId', value);
    else fd.set('tag', value);
    startTransition(() => submit(fd));
  };

  return (
    <>
      {canWrite && (
        <form
          onSubmit={onSubmit}
          aria-label="Bulk change"
          className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900/60"
        >
          <span className="text-zinc-600 dark:text-zinc-400" data-testid="selected-count">
            {selected.size ? `${selected.size} selected` : 'Select rows to change them together'}
          </span>
          {selected.size > 0 && (
            <>
              <label className="sr-only" htmlFor="bulk-op">
                Change
              </label>
              <select
                id="bulk-op"
                value={op}
                onChange={(e) => setOp(e.target.value as typeof op)}
                className={`${inline} w-auto py-1.5`}
              >
                <option value="status">Set status</option>
                <option value="category">Move to category</option>
                <option value="addTag">Add tag</option>
                <option value="removeTag">Remove tag</option>
              </select>
              <label className="sr-only" htmlFor="bulk-value">
                Value
              </label>
              {op === 'status' ? (
                <select
                  id="bulk-value"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  className={`${inline} w-auto py-1.5`}
                >
                  <option value="">Choose status…</option>
                  {PRODUCT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              ) : op === 'category' ? (
                <select
                  id="bulk-value"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  className={`${inline} w-auto py-1.5`}
                >
                  <option value="">Choose category…</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id="bulk-value"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  placeholder="tag"
                  className={`${inline} w-40 py-1.5`}
                />
              )}
              <button type="submit" disabled={pending || !value} className={buttonClass('primary', 'py-1.5')}>
                {pending ? 'Applying…' : `Apply to ${selected.size}`}
              </button>
              <button type="button" className={buttonClass('ghost', 'py-1.5')} onClick={() => setSelected(new Set())}>
                Clear selection
              </button>
            </>
          )}
          <FormMessage result={result} testId="bulk-message" />
        </form>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="product-table">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
            <tr>
              {canWrite && (
                <th scope="col" className="w-10 px-3 py-2.5">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)))}
                  />
                </th>
              )}
              <th scope="col" className={th}>
                <SortHeader label="Product" sort="name" search={search} />
              </th>
              <th scope="col" className={th}>
                Category
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={`${th} text-right`}>
                <SortHeader label="Price" sort="price" search={search} />
              </th>
              <th scope="col" className={`${th} text-right`}>
                Variants
              </th>
              <th scope="col" className={`${th} text-right`}>
                <SortHeader label="Complete" sort="completeness" search={search} />
              </th>
              <th scope="col" className={`${th} hidden md:table-cell`}>
                Supplier
              </th>
              <th scope="col" className={`${th} hidden lg:table-cell`}>
                Tags
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((p) => (
              <tr
                key={p.id}
                data-testid={`product-row-${p.slug}`}
                className={selected.has(p.id) ? 'bg-brand-50/60 dark:bg-brand-500/10' : undefined}
              >
                {canWrite && (
                  <td className="px-3 py-2.5">
                    <input
                      type="checkbox"
                      aria-label={`Select ${p.name}`}
                      checked={selected.has(p.id)}
                      onChange={() => toggle(p.id)}
                    />
                  </td>
                )}
                <td className="px-3 py-2.5">
                  <div className="flex items-center gap-3">
                    <ProductThumb thumb={p.thumb} label={p.name} />
                    <div className="min-w-0">
                      <Link
                        href={`/catalog/products/${p.id}`}
                        className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                      >
                        {p.name}
                      </Link>
                      <p className="text-xs text-zinc-500">{p.slug}</p>
                    </div>
                  </div>
                </td>
                <td className="px-3 py-2.5">{p.categoryName}</td>
                <td className="px-3 py-2.5">
                  <Badge tone={STATUS_TONES[p.status]}>{STATUS_LABELS[p.status]}</Badge>
                </td>
                <td className="px-3 py-2.5 text-right tabular-nums">{formatMoney(p.basePrice, p.currency)}</td>
                <td className="px-3 py-2.5 text-right tabular-nums">{p.variantCount}</td>
                <td className="px-3 py-2.5 text-right tabular-nums" data-testid="completeness">
                  {p.completeness == null ? (
                    <span className="text-zinc-500">—</span>
                  ) : (
                    <Badge tone={p.completeness === 100 ? 'green' : p.completeness >= 60 ? 'amber' : 'red'}>
                      {p.completeness}%
                    </Badge>
                  )}
                </td>
                <td className="hidden px-3 py-2.5 md:table-cell">
                  {p.supplierName ?? <span className="text-zinc-500">—</span>}
                </td>
                <td className="hidden px-3 py-2.5 lg:table-cell">
                  <div className="flex flex-wrap gap-1">
                    {p.tags.map((t) => (
                      <Badge key={t}>{t}</Badge>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
