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
import { DataTable, type Column } from '@/components/data-table/data-table';
import { catalogList, type CatalogState } from '@/lib/lists/catalog';

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

// The shared input class without its full width, for the inline bulk bar.
const inline = inputClass.replace('w-full', '');

const muted = <span className="text-zinc-600 dark:text-zinc-400">—</span>;

const columns: Column<Row>[] = [
  {
    key: 'product',
    label: 'Product',
    sortable: true,
    cell: (p) => (
      <div className="flex items-center gap-3">
        <ProductThumb thumb={p.thumb} label={p.name} />
        <div className="min-w-0">
          <Link
            href={`/catalog/products/${p.id}`}
            className="font-medium text-brand-700 hover:underline dark:text-brand-100"
          >
            {p.name}
          </Link>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{p.slug}</p>
        </div>
      </div>
    ),
  },
  { key: 'category', label: 'Category', cell: (p) => p.categoryName },
  {
    key: 'status',
    label: 'Status',
    cell: (p) => <Badge tone={STATUS_TONES[p.status]}>{STATUS_LABELS[p.status]}</Badge>,
  },
  {
    key: 'price',
    label: 'Price',
    sortable: true,
    align: 'right',
    cell: (p) => formatMoney(p.basePrice, p.currency),
  },
  { key: 'variants', label: 'Variants', align: 'right', cell: (p) => p.variantCount },
  {
    key: 'completeness',
    label: 'Complete',
    sortable: true,
    align: 'right',
    cell: (p) =>
      p.completeness == null ? (
        muted
      ) : (
        <span data-testid="completeness">
          <Badge tone={p.completeness === 100 ? 'green' : p.completeness >= 60 ? 'amber' : 'red'}>
            {p.completeness}%
          </Badge>
        </span>
      ),
  },
  { key: 'supplier', label: 'Supplier', hideBelow: 'md', cell: (p) => p.supplierName ?? muted },
  {
    key: 'tags',
    label: 'Tags',
    hideBelow: 'lg',
    cell: (p) => (
      <div className="flex flex-wrap gap-1">
        {p.tags.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </div>
    ),
  },
];

/**
 * The product list through the shared data table. The header "Product" sorts by name (the list's `name` sort);
 * writers get row selection (checkboxes, Space on a focused row) and a bulk bar (status, category, tag).
 */
export function ProductTable({
  rows,
  canWrite,
  categories,
  state,
  params,
  count,
  pager,
  empty,
}: {
  rows: Row[];
  canWrite: boolean;
  categories: { id: string; name: string }[];
  /** The list's parsed URL state (plain data: it crosses from the server page). */
  state: Pick<CatalogState, 'filters' | 'sort' | 'columns'>;
  /** The page's query string, for the column chooser. */
  params: string;
  count: React.ReactNode;
  pager: { prev: string | null; next: string | null };
  empty: { title: string; body?: React.ReactNode; action?: React.ReactNode };
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

  // The name sort shows on the Product header.
  const sort = state.sort.key === 'name' ? { ...state.sort, key: 'product' } : state.sort;
  const bulk = canWrite ? (
    <form onSubmit={onSubmit} aria-label="Bulk change" className="flex flex-wrap items-center gap-2 text-sm">
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
  ) : null;

  return (
    <DataTable
      label="Products"
      testId="product-table"
      columns={columns}
      visible={state.columns}
      required={catalogList.required}
      rows={rows}
      rowKey={(p) => p.id}
      rowTestId={(p) => `product-row-${p.slug}`}
      sort={sort}
      sortHref={(s) => catalogList.href(state, { sort: s.key === 'product' ? { ...s, key: 'name' } : s })}
      params={new URLSearchParams(params)}
      empty={empty}
      toolbar={bulk ?? <span data-testid="product-count">{count}</span>}
      pager={{ label: bulk ? <span data-testid="product-count">{count}</span> : undefined, ...pager }}
      select={
        canWrite
          ? {
              header: (
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={allOnPage}
                  onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)))}
                />
              ),
              cell: (p) => (
                <input
                  type="checkbox"
                  data-select
                  aria-label={`Select ${p.name}`}
                  checked={selected.has(p.id)}
                  onChange={() => toggle(p.id)}
                />
              ),
              selected: (p) => selected.has(p.id),
            }
          : undefined
      }
    />
  );
}
