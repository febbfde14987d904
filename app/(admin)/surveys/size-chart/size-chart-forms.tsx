'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/server/action';
import { moveItem, SIZE_CODE_MAX, SIZE_LABEL_MAX, type GarmentType, type SizeOption } from '@/lib/surveys/size-chart';
import { saveCategoriesAction, saveSizesAction } from './actions';

type Row = SizeOption & { key: number };
const small = `${inputClass} py-1 text-sm`;

/**
 * One garment's size list: add, rename (code and label), reorder and remove locally, then save the whole
 * ordered list at once (the server checks it and answers with errors per row, "sizes.<index>.code").
 */
export function SizesEditor({
  garment,
  label,
  initial,
}: {
  garment: GarmentType;
  label: string;
  initial: SizeOption[];
}) {
  const next = useRef(initial.length);
  const [rows, setRows] = useState<Row[]>(() => initial.map((s, i) => ({ ...s, key: i })));
  const [draft, setDraft] = useState('');
  const [result, save] = useActionState<ActionResult<unknown> | null, FormData>(saveSizesAction, null);
  const errors = (result && !result.ok ? result.fieldErrors : undefined) ?? {};
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (result?.ok) setDirty(false);
  }, [result]);
  const change = (list: Row[]) => {
    setRows(list);
    setDirty(true);
  };
  const add = () => {
    const code = draft.trim();
    if (!code) return;
    change([...rows, { code, label: code, key: next.current++ }]);
    setDraft('');
  };
  return (
    <form action={save} aria-label={`${label} sizes`}>
      <input type="hidden" name="garment" value={garment} />
      <input type="hidden" name="sizes" value={JSON.stringify(rows.map(({ code, label }) => ({ code, label })))} />
      <p className="mb-1 flex gap-1 text-xs font-medium text-zinc-500" aria-hidden>
        <span className="w-20 shrink-0">Code</span>
        <span>Label customers see</span>
      </p>
      <ol className="grid gap-2" data-testid={`sizes-${garment}`}>
        {rows.map((r, i) => {
          const err = [...(errors[`sizes.${i}.code`] ?? []), ...(errors[`sizes.${i}.label`] ?? [])];
          return (
            <li key={r.key} className="grid gap-1">
              <div className="flex items-center gap-1">
                <div className="w-20 shrink-0">
                  <input
                    className={`${small} font-mono`}
                    value={r.code}
                    maxLength={SIZE_CODE_MAX}
                    aria-label={`${label} size ${i + 1} code`}
                    aria-invalid={err.length ? true : undefined}
                    onChange={(e) => change(rows.map((x) => (x.key === r.key ? { ...x, code: e.target.value } : x)))}
                  />
                </div>
                <div className="min-w-0 flex-1">
                  <input
                    className={small}
                    value={r.label}
                    maxLength={SIZE_LABEL_MAX}
                    aria-label={`${label} size ${i + 1} label`}
                    onChange={(e) => change(rows.map((x) => (x.key === r.key ? { ...x, label: e.target.value } : x)))}
                  />
                </div>
                <Button
                  variant="ghost"
                  className="px-2"
                  aria-label={`Move ${label} size ${r.code} up`}
                  disabled={i === 0}
                  onClick={() => change(moveItem(rows, i, -1))}
                >
                  ↑
                </Button>
                <Button
                  variant="ghost"
                  className="px-2"
                  aria-label={`Move ${label} size ${r.code} down`}
                  disabled={i === rows.length - 1}
                  onClick={() => change(moveItem(rows, i, 1))}
                >
                  ↓
                </Button>
                <Button
                  variant="ghost"
                  className="px-2 text-red-700 dark:text-red-400"
                  aria-label={`Remove ${label} size ${r.code}`}
                  onClick={() => change(rows.filter((x) => x.key !== r.key))}
                >
                  ✕
                </Button>
              </div>
              {err.length > 0 && <p className="text-xs font-medium text-red-700 dark:text-red-400">{err.join(' ')}</p>}
            </li>
          );
        })}
      </ol>
      {errors.sizes && (
        <p className="mt-2 text-xs font-medium text-red-700 dark:text-red-400">{errors.sizes.join(' ')}</p>
      )}
      <div className="mt-3 flex items-center gap-2">
        <input
          className={`${small} w-28`}
          value={draft}
          maxLength={SIZE_CODE_MAX}
          placeholder="New size"
          aria-label={`New ${label} size code`}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault(); // Enter adds the row; saving is the explicit button
              add();
            }
          }}
        />
        <Button variant="secondary" onClick={add} disabled={!draft.trim()}>
          Add size
        </Button>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <SubmitButton pendingText="Saving…">Save {label.toLowerCase()} sizes</SubmitButton>
        {dirty && <span className="text-xs text-amber-700 dark:text-amber-400">Unsaved changes</span>}
      </div>
      <div className="mt-2">
        <FormMessage result={result} testId={`sizes-message-${garment}`} />
      </div>
    </form>
  );
}

/** Which catalog categories count as this garment's stock; takes effect in the demand view at once. */
export function CategoriesForm({
  garment,
  label,
  categories,
  chosen,
}: {
  garment: GarmentType;
  label: string;
  categories: string[];
  chosen: string[];
}) {
  const [result, save] = useActionState<ActionResult<unknown> | null, FormData>(saveCategoriesAction, null);
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const lower = new Set(chosen.map((c) => c.toLowerCase()));
  const missing = chosen.filter((c) => !categories.some((x) => x.toLowerCase() === c.toLowerCase()));
  return (
    <form action={save} className="mt-5 border-t border-zinc-200 pt-4 dark:border-zinc-800">
      <input type="hidden" name="garment" value={garment} />
      <fieldset>
        <legend className="mb-2 text-sm font-medium">{label} stock comes from</legend>
        <div className="grid grid-cols-2 gap-1 text-sm">
          {categories.map((c) => (
            <label key={c} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="categories"
                value={c}
                defaultChecked={lower.has(c.toLowerCase())}
                className="size-4 accent-brand-600"
              />
              {c}
            </label>
          ))}
        </div>
        {categories.length === 0 && <p className="text-sm text-zinc-500">No catalog categories yet.</p>}
        {missing.length > 0 && (
          <p className="mt-1 text-xs text-zinc-500">
            Mapped but not in the catalog: {missing.join(', ')} (saving drops them).
          </p>
        )}
        {errors?.categories && (
          <p className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">{errors.categories.join(' ')}</p>
        )}
      </fieldset>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <SubmitButton variant="secondary" pendingText="Saving…">
          Save {label.toLowerCase()} categories
        </SubmitButton>
        <FormMessage result={result} />
      </div>
    </form>
  );
}
