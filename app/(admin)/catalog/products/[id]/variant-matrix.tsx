'use client';

import { startTransition, useActionState, useEffect, useMemo, useState } from 'react';
import { ProductThumb } from '@/components/product-thumb';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { parseList } from '@/lib/catalog/constants';
import { DEFAULT_SKU_PATTERN, generateSkus, markExisting, skuProblems } from '@/lib/catalog/sku';
import type { ActionResult } from '@/lib/server/action';
import { createVariantsAction } from '../../actions';

type Row = { size: string; colour: string; sku: string; priceOverride: string };
type Existing = { size: string; colour: string; sku: string };

/**
 * Size × colour matrix: lists of sizes and colours and a SKU pattern generate rows whose codes the
 * merchandiser can still edit before saving them all in one go.
 */
export function VariantMatrix({
  productId,
  productCode,
  existing,
  thumbs = {},
}: {
  productId: string;
  productCode: string;
  existing: Existing[];
  thumbs?: Record<string, { url: string; alt: string }>;
}) {
  // A row shows its colour's primary image, else the product's ('' key).
  const thumbOf = (colour: string) => thumbs[colour.trim().toLowerCase()] ?? thumbs[''] ?? null;
  const [open, setOpen] = useState(false);
  const [sizes, setSizes] = useState('S, M, L');
  const [colours, setColours] = useState('');
  const [pattern, setPattern] = useState(DEFAULT_SKU_PATTERN);
  const [rows, setRows] = useState<Row[]>([]);
  // Combinations the product already has: listed as existing, never generated again.
  const [already, setAlready] = useState<Existing[]>([]);
  const [result, submit, pending] = useActionState<ActionResult<unknown[]> | null, FormData>(
    createVariantsAction,
    null,
  );
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  useEffect(() => {
    if (result?.ok) {
      setRows([]);
      setAlready([]);
      setOpen(false);
    }
  }, [result]);

  const generate = () => {
    const generated = markExisting(generateSkus(pattern, productCode, parseList(sizes), parseList(colours)), existing);
    setRows(generated.filter((g) => !g.existingSku).map(({ existingSku: _e, ...g }) => ({ ...g, priceOverride: '' })));
    setAlready(
      generated.filter((g) => g.existingSku).map((g) => ({ size: g.size, colour: g.colour, sku: g.existingSku! })),
    );
    setGenerated(true);
  };

  const [generatedOnce, setGenerated] = useState(false);
  const taken = useMemo(() => new Set(existing.map((s) => s.sku.toLowerCase())), [existing]);
  const local = useMemo(() => skuProblems(rows.map((r) => r.sku)), [rows]);

  const save = () => {
    const fd = new FormData();
    fd.set('productId', productId);
    fd.set(
      'variants',
      JSON.stringify(rows.map((r) => ({ sku: r.sku, size: r.size, colour: r.colour, priceOverride: r.priceOverride }))),
    );
    startTransition(() => submit(fd));
  };

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-5 py-3 dark:border-zinc-800">
        <button type="button" className={buttonClass('secondary')} onClick={() => setOpen(true)}>
          Add variants (size × colour)
        </button>
        {result?.ok && <FormMessage result={result} testId="matrix-message" />}
      </div>
    );
  }

  return (
    <section aria-label="Variant matrix" className="space-y-4 border-t border-zinc-200 p-5 dark:border-zinc-800">
      <h3 className="text-sm font-semibold">Add variants</h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="m-sizes" className="mb-1 block text-sm font-medium">
            Sizes
          </label>
          <input
            id="m-sizes"
            value={sizes}
            onChange={(e) => setSizes(e.target.value)}
            className={inputClass}
            placeholder="XS, S, M, L"
          />
        </div>
        <div>
          <label htmlFor="m-colours" className="mb-1 block text-sm font-medium">
            Colours
          </label>
          <input
            id="m-colours"
            value={colours}
            onChange={(e) => setColours(e.target.value)}
            className={inputClass}
            placeholder="Navy, Sand, Olive"
          />
        </div>
        <div>
          <label htmlFor="m-pattern" className="mb-1 block text-sm font-medium">
            SKU pattern
          </label>
          <input
            id="m-pattern"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            className={`${inputClass} font-mono`}
          />
          <p className="mt-1 text-xs text-zinc-500">{'{product} {size} {colour} {n}'}</p>
        </div>
      </div>
      <div className="flex gap-2">
        <button type="button" className={buttonClass('secondary')} onClick={generate}>
          Generate rows
        </button>
        <button type="button" className={buttonClass('ghost')} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {generatedOnce && already.length > 0 && (
        <div
          className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900/60"
          data-testid="matrix-existing"
        >
          <p className="font-medium">
            {already.length} combination{already.length === 1 ? '' : 's'} already exist{already.length === 1 ? 's' : ''}
            {rows.length === 0 ? ': nothing to add.' : ' and will not be created again:'}
          </p>
          <ul className="mt-1 flex flex-wrap gap-1.5">
            {already.map((e) => (
              <li
                key={e.sku}
                className="inline-flex items-center gap-1.5 rounded bg-white px-2 py-0.5 text-xs text-zinc-600 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-700"
              >
                <ProductThumb thumb={thumbOf(e.colour)} size={20} />
                {[e.size, e.colour].filter(Boolean).join(' / ') || 'no size or colour'}{' '}
                <span className="font-mono">({e.sku})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows.length > 0 && (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {rows.length} new variant{rows.length === 1 ? '' : 's'}. Edit any SKU code before saving; leave the price
            empty to use the base price.
          </p>
          <div
            className="max-h-96 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800"
            tabIndex={0}
            role="region"
            aria-label="Variants to create"
          >
            <table className="w-full text-left text-sm" data-testid="matrix-table">
              <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-2 py-1.5">
                    <span className="sr-only">Image</span>
                  </th>
                  <th className="px-2 py-1.5">Size</th>
                  <th className="px-2 py-1.5">Colour</th>
                  <th className="px-2 py-1.5">SKU</th>
                  <th className="px-2 py-1.5">Price</th>
                  <th className="px-2 py-1.5">
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const problem =
                    errors?.[`variants.${i}.sku`]?.join(' ') ??
                    local.get(i) ??
                    (taken.has(r.sku.toLowerCase()) ? `SKU ${r.sku} is already used by this product.` : undefined);
                  const set = (patch: Partial<Row>) =>
                    setRows((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                  return (
                    <tr key={i} className="align-top" data-testid="matrix-row">
                      <td className="px-2 py-1">
                        <ProductThumb thumb={thumbOf(r.colour)} size={28} />
                      </td>
                      <td className="px-2 py-1">{r.size || '—'}</td>
                      <td className="px-2 py-1">{r.colour || '—'}</td>
                      <td className="px-2 py-1">
                        <input
                          aria-label={`SKU for ${r.size} ${r.colour}`}
                          value={r.sku}
                          onChange={(e) => set({ sku: e.target.value })}
                          aria-invalid={problem ? true : undefined}
                          className={`${inputClass} px-2 py-1 font-mono`}
                        />
                        {problem && (
                          <p
                            className="mt-0.5 text-xs text-red-600 dark:text-red-400"
                            data-testid={`matrix-error-${i}`}
                          >
                            {problem}
                          </p>
                        )}
                      </td>
                      <td className="px-2 py-1">
                        <input
                          aria-label={`Price for ${r.size} ${r.colour}`}
                          value={r.priceOverride}
                          onChange={(e) => set({ priceOverride: e.target.value })}
                          placeholder="base"
                          inputMode="decimal"
                          className={`${inputClass.replace('w-full', '')} w-28 px-2 py-1`}
                        />
                      </td>
                      <td className="px-2 py-1">
                        <button
                          type="button"
                          className={buttonClass('ghost', 'px-2 py-1')}
                          onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                          aria-label={`Remove ${r.sku}`}
                        >
                          ×
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <button type="button" className={buttonClass('primary')} disabled={pending} onClick={save}>
              {pending ? 'Saving…' : `Save ${rows.length} variants`}
            </button>
            <FormMessage result={result} testId="matrix-message" />
          </div>
        </>
      )}
    </section>
  );
}
