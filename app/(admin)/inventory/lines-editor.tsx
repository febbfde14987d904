'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { bumpLine } from '@/lib/inventory/lines';
import { ScanField, type ScanFeedback } from './scan-field';

type Match = { id: string; sku: string; product: string; barcode: string; available: number };

async function lookup(q: string, location?: string, signal?: AbortSignal): Promise<Match[]> {
  const params = new URLSearchParams({ q });
  if (location) params.set('location', location);
  const res = await fetch(`/api/inventory/skus?${params}`, { signal });
  if (!res.ok) return [];
  return ((await res.json()) as { matches: Match[] }).matches;
}

/**
 * Line entry for purchase orders, transfers and counts: a SKU combobox (ARIA 1.2 combobox pattern: arrows move,
 * Enter picks, Escape closes) searching SKU, product name and barcode with available stock, and optionally a
 * scan box; both add to the "SKU qty" text box, which stays the place to paste or correct lines.
 */
export function LinesEditor({
  name,
  label,
  placeholder,
  rows = 4,
  scan = false,
  locationField,
}: {
  name: string;
  label: string;
  placeholder: string;
  rows?: number;
  scan?: boolean;
  /** The name of the form's location select, whose value scopes "available". */
  locationField?: string;
}) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<Match[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [note, setNote] = useState('');
  const id = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const listId = `${id}-list`;

  const location = () => {
    if (!locationField) return undefined;
    const form = wrap.current?.closest('form');
    const el = form?.elements.namedItem(locationField) as HTMLSelectElement | null;
    return el?.value || undefined;
  };

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setMatches([]);
      return;
    }
    const ctrl = new AbortController();
    // A short pause so typing a whole SKU sends one request, not one per key.
    const timer = setTimeout(() => {
      lookup(q, location(), ctrl.signal)
        .then((m) => {
          setMatches(m);
          setActive(m.length ? 0 : -1);
          setOpen(true);
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: location() reads the form at request time
  }, [query]);

  const pick = (m: Match) => {
    const next = bumpLine(text, m.sku);
    setText(next.text);
    setNote(`${m.sku} added: ${next.quantity} on its line.`);
    setQuery('');
    setOpen(false);
    setActive(-1);
  };

  const onScan = async (code: string): Promise<ScanFeedback> => {
    const found = (await lookup(code, location())).find(
      (m) => (m.barcode && m.barcode === code) || m.sku.toLowerCase() === code.toLowerCase(),
    );
    if (!found) return { tone: 'error', text: `Unknown barcode ${code}. Nothing was added.` };
    const next = bumpLine(text, found.sku);
    setText(next.text);
    return next.quantity > 1
      ? { tone: 'warn', text: `${found.sku} scanned again: now ${next.quantity}.` }
      : { tone: 'ok', text: `${found.sku}: 1.` };
  };

  return (
    <div ref={wrap} className="mt-3">
      {scan && <ScanField onScan={onScan} label="Scan to count" testId="count-scan" />}
      <div className="relative">
        <label className="block text-sm" htmlFor={`${id}-input`}>
          <span className="mb-1 block font-medium">Find a SKU</span>
        </label>
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={open && matches.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
          autoComplete="off"
          value={query}
          placeholder="SKU, product name or barcode"
          className={inputClass}
          data-testid={`${name}-combobox`}
          onChange={(e) => setQuery(e.target.value)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, matches.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              // Enter picks; it never submits the form from here.
              e.preventDefault();
              const m = matches[active];
              if (open && m) pick(m);
            } else if (e.key === 'Escape') {
              setOpen(false);
            }
          }}
        />
        <div
          id={listId}
          role="listbox"
          aria-label="Matching SKUs"
          hidden={!open || matches.length === 0}
          className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {matches.map((m, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard (aria-activedescendant)
            <div
              key={m.id}
              tabIndex={-1}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer justify-between gap-3 px-3 py-1.5 ${i === active ? 'bg-brand-50 dark:bg-zinc-800' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(m)}
            >
              <span>
                <span className="font-mono">{m.sku}</span>
                <span className="ml-2 text-zinc-600 dark:text-zinc-400">{m.product}</span>
              </span>
              <span className="whitespace-nowrap tabular-nums text-zinc-600 dark:text-zinc-400">
                {m.available} available
              </span>
            </div>
          ))}
        </div>
        <p className="sr-only" role="status" aria-live="polite">
          {open && query.trim() ? `${matches.length} SKU${matches.length === 1 ? '' : 's'} found.` : note}
        </p>
      </div>
      <label className="mt-3 block text-sm">
        <span className="mb-1 block font-medium">{label}</span>
        <textarea
          name={name}
          rows={rows}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className={`${inputClass} font-mono`}
          placeholder={placeholder}
        />
      </label>
    </div>
  );
}
