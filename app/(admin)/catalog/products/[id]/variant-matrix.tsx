'use client';

import { startTransition, useActionState, useEffect, useMemo, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { parseList } from '@/lib/catalog/constants';
import { DEFAULT_SKU_PATTERN, generateSkus, skuProblems } from '@/lib/catalog/sku';
import type { ActionResult } from '@/lib/server/action';
import { createVariantsAction } from '../../actions';

type Row = { size: string; colour: string; sku: string; priceOverride: string };

/**
 * Size × colour matrix: lists of sizes and colours and a SKU pattern generate rows whose codes the
 * merchandiser can still edit before saving them all in one go.
 */
export function VariantMatrix({ productId, productCode, existing }: { productId: string; productCode: string; existing: string[] }) {
  const [open, setOpen] = useState(false);
  const [sizes, setSizes] = useState('S, M, L');
  const [colours, setColours] = useState('');
  const [pattern, setPattern] = useState(DEFAULT_SKU_PATTERN);
  const [rows, setRows] = useState<Row[]>([]);
  const [result, submit, pending] = useActionState<ActionResult<unknown[]> | null, FormData>(createVariantsAction, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  useEffect(() => {
    if (result?.ok) {
      setRows([]);
      setOpen(false);
    }
  }, [result]);

  const generate = () => {
    const generated = generateSkus(pattern, productCode, parseList(sizes), parseList(colours));
    setRows(generated.map((g) => ({ ...g, priceOverride: '' })));
  };

  const taken = useMemo(() => new Set(existing.map((s) => s.toLowerCase())), [existing]);
  const local = useMemo(() => skuProblems(rows.map((r) => r.sku)), [rows]);

  const save = () => {
    const fd = new FormData();
    fd.set('productId', productId);
    fd.set('variants', JSON.stringify(rows.map((r) => ({ sku: r.sku, size: r.size, colour: r.colour, priceOverride: r.priceOverride }))));
    startTransition(() => submit(fd));
  };

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-5 py-3 dark:border-zinc-800">
        <button type="button" className={buttonClass('secondary')} onClick={() => setOpen(true)}>Add variants (size × colour)</button>
        {result?.ok && <FormMessage result={result} testId="matrix-message" />}
      </div>
    );
  }

  return (
    <section aria-label="Variant matrix" className="space-y-4 border-t border-zinc-200 p-5 dark:border-zinc-800">
      <h3 className="text-sm font-semibold">Add variants</h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="m-sizes" className="mb-1 block text-sm font-medium">Sizes</label>
          <input id="m-sizes" value={sizes} onChange={(e) => setSizes(e.target.value)} className={inputClass} placeholder="XS, S, M, L" />
        </div>
        <div>
          <label htmlFor="m-colours" className="mb-1 block text-sm font-medium">Colours</label>
          <input id="m-colours" value={colours} onChange={(e) => setColours(e.target.value)} className={inputClass} placeholder="Navy, Sand, Olive" />
        </div>
        <div>
          <label htmlFor="m-pattern" className="mb-1 block text-sm font-medium">SKU pattern</label>
          <input id="m-pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} className={`${inputClass} font-mono`} />
          <p className="mt-1 text-xs text-zinc-500">{'{product} {size} {colour} {n}'}</p>
        </div>
      </div>
      <div className="flex gap-2">
        <button type="button" className={buttonClass('secondary')} onClick={generate}>Generate rows</button>
        <button type="button" className={buttonClass('ghost')} onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {rows.length > 0 && (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{rows.length} variants. Edit any SKU code before saving; leave the price empty to use the base price.</p>
          <div className="max-h-96 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800" tabIndex={0} role="region" aria-label="Variants to create">
            <table className="w-full text-left text-sm" data-testid="matrix-table">
              <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-2 py-1.5">Size</th>
                  <th className="px-2 py-1.5">Colour</th>
                  <th className="px-2 py-1.5">SKU</th>
                  <th className="px-2 py-1.5">Price</th>
                  <th className="px-2 py-1.5"><span className="sr-only">Remove</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const problem = errors?.[`variants.${i}.sku`]?.join(' ') ?? local.get(i) ?? (taken.has(r.sku.toLowerCase()) ? `SKU ${r.sku} is already used by this product.` : undefined);
                  const set = (patch: Partial<Row>) => setRows((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                  return (
                    <tr key={i} className="align-top">
                      <td className="px-2 py-1">{r.size || '—'}</td>
                      <td className="px-2 py-1">{r.colour || '—'}</td>
                      <td className="px-2 py-1">
                        <input aria-label={`SKU for ${r.size} ${r.colour}`} value={r.sku} onChange={(e) => set({ sku: e.target.value })} aria-invalid={problem ? true : undefined} className={`${inputClass} px-2 py-1 font-mono`} />
                        {problem && <p className="mt-0.5 text-xs text-red-600 dark:text-red-400" data-testid={`matrix-error-${i}`}>{problem}</p>}
                      </td>
                      <td className="px-2 py-1">
                        <input aria-label={`Price for ${r.size} ${r.colour}`} value={r.priceOverride} onChange={(e) => set({ priceOverride: e.target.value })} placeholder="base" inputMode="decimal" className={`${inputClass.replace('w-full', '')} w-28 px-2 py-1`} />
                      </td>
                      <td className="px-2 py-1">
                        <button type="button" className={buttonClass('ghost', 'px-2 py-1')} onClick={() => setRows((all) => all.filter((_, j) => j !== i))} aria-label={`Remove ${r.sku}`}>×</button>
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
