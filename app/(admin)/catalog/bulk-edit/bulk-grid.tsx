'use client';

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { AttributeDefinition } from '@/lib/catalog/attributes';
import {
  applyWrites,
  bulkColumns,
  fillDownWrites,
  formatCell,
  inRange,
  mergeDefinitions,
  parseCell,
  parseTsv,
  pasteWrites,
  rangeOf,
  STATUS_OPTIONS,
  toTsv,
  undoChanges,
  type BulkColumn,
  type BulkEditInput,
  type BulkVariantChange,
  type Change,
  type CellWrite,
  type Pos,
} from '@/lib/catalog/bulk-edit';
import type { BulkGrid as GridData, BulkGridProduct, BulkGridRow } from '@/db/queries/catalog-bulk-edit';
import type { FieldErrors } from '@/lib/errors';
import { bulkSaveVariantsAction } from '../actions';

/** Rows are a fixed height, so the window of rendered rows is arithmetic (2,000 rows render ~30 at a time). */
const ROW_H = 44;
const OVERSCAN = 8;
const WIDTH: Record<BulkColumn['kind'], number> = {
  readonly: 210,
  money: 120,
  barcode: 160,
  status: 120,
  attr: 150,
  reorder: 130,
};

const widthOf = (c: BulkColumn) => (c.key === 'sku' ? 240 : WIDTH[c.kind]);

type Editing = { text: string };
type Message = { tone: 'ok' | 'error'; text: string };

export function BulkGrid({ grid }: { grid: GridData }) {
  const [rows, setRows] = useState<BulkGridRow[]>(grid.rows);
  const [products, setProducts] = useState(() => new Map(grid.products.map((p) => [p.id, p])));
  const [edits, setEdits] = useState<Map<string, string>>(() => new Map());
  const [undoStack, setUndoStack] = useState<Change[][]>([]);
  const [active, setActive] = useState<Pos>({ row: 0, col: 2 });
  const [anchor, setAnchor] = useState<Pos>({ row: 0, col: 2 });
  const [editing, setEditingState] = useState<Editing | null>(null);
  // The editor's blur also commits: the ref makes a second commit (blur after Enter) a no-op.
  const editingRef = useRef<Editing | null>(null);
  const setEditing = (e: Editing | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [stale, setStale] = useState<Map<string, string>>(() => new Map());
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  // On a phone the SKU column scrolls with the others: kept in place it would cover most of the screen.
  const [narrow, setNarrow] = useState(false);
  const gridRef = useRef<HTMLDivElement>(null);

  const columns = useMemo(
    () => bulkColumns(mergeDefinitions(Object.values(grid.defsByCategory)), grid.locations),
    [grid.defsByCategory, grid.locations],
  );
  const selection = rangeOf(anchor, active);

  const productOf = useCallback((r: BulkGridRow) => products.get(r.productId)!, [products]);
  const defOf = useCallback(
    (r: BulkGridRow, col: BulkColumn): AttributeDefinition | undefined =>
      col.kind === 'attr'
        ? grid.defsByCategory[productOf(r).categoryId]?.find((d) => d.key === col.def.key)
        : undefined,
    [grid.defsByCategory, productOf],
  );
  /** The cell's key: also the key of its server error. Attributes belong to the product, so its rows share them. */
  const keyOf = useCallback(
    (r: BulkGridRow, col: BulkColumn) =>
      col.kind === 'attr' ? `products.${r.productId}.${col.key}` : `variants.${r.id}.${col.key}`,
    [],
  );
  const originalOf = useCallback(
    (r: BulkGridRow, col: BulkColumn): string => {
      switch (col.kind) {
        case 'readonly':
          return col.key === 'sku' ? r.sku : productOf(r).name;
        case 'money':
          return formatCell('money', r.priceOverride);
        case 'barcode':
          return r.barcode;
        case 'status':
          return formatCell('status', r.active);
        case 'attr':
          return formatCell('attr', productOf(r).attributes[col.def.key]);
        case 'reorder': {
          const level = r.levels[col.locationId];
          return level ? String(level.point) : '';
        }
      }
    },
    [productOf],
  );
  const editable = useCallback(
    (row: number, col: number) => {
      const c = columns[col];
      const r = rows[row];
      if (!c || !r || c.kind === 'readonly') return false;
      return c.kind !== 'attr' || defOf(r, c) !== undefined;
    },
    [columns, rows, defOf],
  );
  const textAt = useCallback(
    (row: number, col: number) => {
      const r = rows[row]!;
      const c = columns[col]!;
      return edits.get(keyOf(r, c)) ?? originalOf(r, c);
    },
    [rows, columns, edits, keyOf, originalOf],
  );
  const errorAt = useCallback(
    (r: BulkGridRow, c: BulkColumn): string | undefined => {
      const key = keyOf(r, c);
      const text = edits.get(key);
      if (text !== undefined) {
        const p = parseCell(c.kind, text, defOf(r, c));
        if ('error' in p) return p.error;
      }
      return serverErrors[key]?.[0];
    },
    [edits, serverErrors, keyOf, defOf],
  );

  // ---- writes and undo ----
  const write = useCallback(
    (writes: CellWrite[], note?: string) => {
      const resolved = writes.map((w) => {
        const r = rows[w.row]!;
        const c = columns[w.col]!;
        return { key: keyOf(r, c), text: w.text, original: originalOf(r, c) };
      });
      const { edits: next, changes } = applyWrites(edits, resolved);
      if (changes.length === 0) return;
      setEdits(next);
      setUndoStack((s) => [...s.slice(-199), changes]);
      setServerErrors((e) => {
        const copy = { ...e };
        for (const ch of changes) delete copy[ch.key];
        return copy;
      });
      if (note) setMessage({ tone: 'ok', text: note });
    },
    [rows, columns, edits, keyOf, originalOf],
  );
  const undo = () => {
    const last = undoStack.at(-1);
    if (!last) return setMessage({ tone: 'ok', text: 'Nothing to undo.' });
    setEdits(undoChanges(edits, last));
    setUndoStack((s) => s.slice(0, -1));
    setMessage({ tone: 'ok', text: `Undid ${last.length} cell${last.length === 1 ? '' : 's'}.` });
  };

  // ---- movement, scrolling ----
  const move = (row: number, col: number, extend = false) => {
    const p = { row: Math.max(0, Math.min(rows.length - 1, row)), col: Math.max(0, Math.min(columns.length - 1, col)) };
    setActive(p);
    if (!extend) setAnchor(p);
  };
  const headerH = ROW_H;
  useLayoutEffect(() => {
    const el = gridRef.current;
    if (!el) return;
    const top = active.row * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + el.clientHeight - headerH)
      el.scrollTop = top + ROW_H - el.clientHeight + headerH;
    // Horizontally by arithmetic too (scrollIntoView would also scroll the page); the first column is sticky.
    const widths = columns.map(widthOf);
    const left = widths.slice(0, active.col).reduce((a, b) => a + b, 0);
    const right = left + (widths[active.col] ?? 0);
    const pinned = narrow ? 0 : widths[0]!;
    if (active.col > 0 && left < el.scrollLeft + pinned) el.scrollLeft = left - pinned;
    else if (active.col === 0 && left < el.scrollLeft) el.scrollLeft = 0;
    else if (right > el.scrollLeft + el.clientWidth) el.scrollLeft = right - el.clientWidth;
  }, [active, headerH, columns, narrow]);
  useEffect(() => {
    const el = gridRef.current;
    if (!el) return;
    const measure = () => {
      setViewport(el.clientHeight);
      setNarrow(el.clientWidth < 600);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_H) + OVERSCAN);

  // ---- editing ----
  const startEdit = (initial?: string) => {
    if (!editable(active.row, active.col)) {
      setMessage({ tone: 'error', text: 'This cell cannot be changed here.' });
      return;
    }
    setEditing({ text: initial ?? textAt(active.row, active.col) });
  };
  const commit = (dRow: number, dCol: number) => {
    const current = editingRef.current;
    if (!current) return;
    setEditing(null);
    write([{ row: active.row, col: active.col, text: current.text }]);
    move(active.row + dRow, active.col + dCol);
    gridRef.current?.focus();
  };
  const cancel = () => {
    if (!editingRef.current) return;
    setEditing(null);
    gridRef.current?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (editing) return; // the editor handles its own keys
    const mod = e.ctrlKey || e.metaKey;
    const { row, col } = active;
    const page = Math.max(1, Math.floor(viewport / ROW_H) - 1);
    const keys: Record<string, () => void> = {
      ArrowUp: () => move(row - 1, col, e.shiftKey),
      ArrowDown: () => move(row + 1, col, e.shiftKey),
      ArrowLeft: () => move(row, col - 1, e.shiftKey),
      ArrowRight: () => move(row, col + 1, e.shiftKey),
      PageUp: () => move(row - page, col, e.shiftKey),
      PageDown: () => move(row + page, col, e.shiftKey),
      Home: () => move(mod ? 0 : row, 0, e.shiftKey),
      End: () => move(mod ? rows.length - 1 : row, columns.length - 1, e.shiftKey),
      Enter: () => startEdit(),
      F2: () => startEdit(),
      Delete: () => clearSelection(),
      Backspace: () => clearSelection(),
    };
    if (e.key === 'Tab') {
      const next = col + (e.shiftKey ? -1 : 1);
      if (next < 0 || next >= columns.length) return; // leave the grid
      e.preventDefault();
      move(row, next);
      return;
    }
    if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      undo();
      return;
    }
    if (mod && e.key.toLowerCase() === 'd') {
      e.preventDefault();
      const writes = fillDownWrites(selection, textAt, editable);
      if (writes.length === 0) setMessage({ tone: 'error', text: 'Select cells below a value to fill down.' });
      else write(writes, `Filled ${writes.length} cell${writes.length === 1 ? '' : 's'} down.`);
      return;
    }
    const handler = keys[e.key];
    if (handler && (!mod || e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End')) {
      e.preventDefault();
      handler();
      return;
    }
    // Typing replaces the cell's text, as in a spreadsheet.
    if (e.key.length === 1 && !mod && !e.altKey) {
      e.preventDefault();
      const c = columns[col]!;
      startEdit(
        c.kind === 'status' || (c.kind === 'attr' && c.def.type !== 'text' && c.def.type !== 'number')
          ? undefined
          : e.key,
      );
    }
  };
  const clearSelection = () => {
    const writes: CellWrite[] = [];
    for (let r = selection.top; r <= selection.bottom; r++)
      for (let c = selection.left; c <= selection.right; c++)
        if (editable(r, c)) writes.push({ row: r, col: c, text: '' });
    write(writes);
  };
  const onPaste = (e: React.ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    const block = parseTsv(text);
    const at = { row: selection.top, col: selection.left };
    const writes = pasteWrites(block, at, { rows: rows.length, cols: columns.length }, editable, selection);
    const height = block.length;
    const width = Math.max(...block.map((r) => r.length));
    write(
      writes,
      `Pasted ${height.toLocaleString('en')} × ${width.toLocaleString('en')} cell${height * width === 1 ? '' : 's'}${writes.length < height * width ? ` (${height * width - writes.length} outside the grid or not editable were skipped)` : ''}.`,
    );
    const bottom = Math.min(rows.length - 1, at.row + height - 1);
    const right = Math.min(columns.length - 1, at.col + width - 1);
    setAnchor(at);
    setActive({ row: bottom, col: right });
  };
  const onCopy = (e: React.ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    e.preventDefault();
    const out: string[][] = [];
    for (let r = selection.top; r <= selection.bottom; r++) {
      const line: string[] = [];
      for (let c = selection.left; c <= selection.right; c++) line.push(textAt(r, c));
      out.push(line);
    }
    e.clipboardData.setData('text/plain', toTsv(out));
  };

  // ---- save ----
  const save = async () => {
    if (edits.size === 0) return setMessage({ tone: 'ok', text: 'There are no changes to save.' });
    const rowById = new Map(rows.map((r, i) => [r.id, i]));
    const firstRowOfProduct = new Map<string, number>();
    rows.forEach((r, i) => {
      if (!firstRowOfProduct.has(r.productId)) firstRowOfProduct.set(r.productId, i);
    });
    const variantsOut = new Map<string, BulkVariantChange>();
    const productsOut = new Map<string, BulkEditInput['products'][number]>();
    let firstBad: Pos | null = null;
    let bad = 0;
    for (const [key, text] of edits) {
      const [scope, id, ...rest] = key.split('.');
      const colKey = rest.join('.');
      const rowIndex = scope === 'variants' ? rowById.get(id!) : firstRowOfProduct.get(id!);
      if (rowIndex === undefined) continue;
      const r = rows[rowIndex]!;
      const colIndex = columns.findIndex((c) => c.key === colKey);
      const col = columns[colIndex]!;
      if ('error' in parseCell(col.kind, text, defOf(r, col))) {
        bad += 1;
        firstBad ??= { row: rowIndex, col: colIndex };
        continue;
      }
      if (scope === 'products') {
        const p = productsOut.get(id!) ?? { id: id!, version: productOf(r).version, attributes: {} };
        p.attributes[colKey.slice('attr.'.length)] = text;
        productsOut.set(id!, p);
        continue;
      }
      const v = variantsOut.get(id!) ?? { id: id!, version: r.version };
      if (col.kind === 'money') v.price = text;
      else if (col.kind === 'barcode') v.barcode = text;
      else if (col.kind === 'status') v.status = text;
      else if (col.kind === 'reorder')
        (v.reorder ??= []).push({
          locationId: col.locationId,
          version: r.levels[col.locationId]?.version ?? null,
          value: text,
        });
      variantsOut.set(id!, v);
    }
    if (firstBad) {
      move(firstBad.row, firstBad.col);
      gridRef.current?.focus();
      return setMessage({
        tone: 'error',
        text: `${bad} cell${bad === 1 ? ' needs' : 's need'} attention before saving (marked in red).`,
      });
    }
    setSaving(true);
    setMessage(null);
    try {
      const result = await bulkSaveVariantsAction({
        variants: [...variantsOut.values()],
        products: [...productsOut.values()],
      });
      if (!result.ok) {
        setServerErrors(result.fieldErrors ?? {});
        setMessage({ tone: 'error', text: result.message });
        return;
      }
      const { data } = result;
      const savedVariants = new Map(data.variants.map((v) => [v.id, v]));
      const levels = new Map(data.levels.map((l) => [`${l.variantId}:${l.locationId}`, l]));
      setRows((rs) =>
        rs.map((r) => {
          const v = savedVariants.get(r.id);
          const touched = Object.keys(r.levels).some((loc) => levels.has(`${r.id}:${loc}`));
          const newLevels = data.levels.filter((l) => l.variantId === r.id);
          if (!v && !touched && newLevels.length === 0) return r;
          const next: BulkGridRow = { ...r, levels: { ...r.levels } };
          if (v)
            Object.assign(next, {
              version: v.version,
              priceOverride: v.priceOverride,
              barcode: v.barcode,
              active: v.active,
            });
          for (const l of newLevels) next.levels[l.locationId] = { point: l.point, version: l.version };
          return next;
        }),
      );
      setProducts((ps) => {
        const next = new Map(ps);
        for (const p of data.products)
          next.set(p.id, { ...(ps.get(p.id) as BulkGridProduct), version: p.version, attributes: p.attributes });
        return next;
      });
      // Saved cells leave the edits; a stale row keeps its edits (nothing of it is lost) and is marked.
      const staleMap = new Map(
        data.stale.map((s) => [`${s.kind === 'variant' ? 'variants' : 'products'}.${s.id}`, s.message]),
      );
      setEdits((e) => new Map([...e].filter(([key]) => staleMap.has(key.split('.').slice(0, 2).join('.')))));
      setStale(staleMap);
      setUndoStack([]);
      setServerErrors({});
      const savedRows = new Set([...data.variants.map((v) => v.id), ...data.levels.map((l) => l.variantId)]).size;
      setMessage({
        tone: data.stale.length ? 'error' : 'ok',
        text:
          `Saved ${savedRows.toLocaleString('en')} variant${savedRows === 1 ? '' : 's'} and ${data.products.length.toLocaleString('en')} product${data.products.length === 1 ? '' : 's'}.` +
          (data.stale.length
            ? ` ${data.stale.length} row${data.stale.length === 1 ? ' was' : 's were'} changed by someone else meanwhile and not saved: their edits are kept, marked below.`
            : ''),
      });
    } finally {
      setSaving(false);
    }
  };

  const dirtyCount = edits.size;
  const activeCol = columns[active.col];
  const activeRow = rows[active.row];
  const activeError = activeRow && activeCol ? errorAt(activeRow, activeCol) : undefined;
  const tableWidth = columns.reduce((n, c) => n + widthOf(c), 0);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={save} disabled={saving || dirtyCount === 0} data-testid="bulk-save">
          {saving ? 'Saving…' : dirtyCount ? `Save ${dirtyCount} change${dirtyCount === 1 ? '' : 's'}` : 'Save'}
        </Button>
        <Button variant="secondary" onClick={undo} disabled={undoStack.length === 0 || saving}>
          Undo
        </Button>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="bulk-count">
          {rows.length.toLocaleString('en')} variant{rows.length === 1 ? '' : 's'}
          {activeRow && activeCol ? ` · ${activeRow.sku}, ${activeCol.label}` : ''}
        </p>
      </div>
      <p
        role="status"
        aria-live="polite"
        data-testid="bulk-message"
        className={
          message?.tone === 'error'
            ? 'text-sm font-medium text-red-700 dark:text-red-400'
            : 'text-sm text-zinc-700 dark:text-zinc-300'
        }
      >
        {message?.text ?? ''}
      </p>
      {stale.size > 0 && (
        <ul
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
          data-testid="bulk-stale"
        >
          {[...stale.values()].map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div
        ref={gridRef}
        role="grid"
        aria-label="Variants"
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-multiselectable="true"
        aria-activedescendant={editing ? undefined : cellId(active.row, active.col)}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onCopy={onCopy}
        data-testid="bulk-grid"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        // The grid is its own scroll container, so the focusable element is the one that scrolls.
        className="max-h-[65vh] overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div style={{ width: tableWidth }} role="rowgroup" className="sticky top-0 z-20">
          <div
            role="row"
            tabIndex={-1}
            aria-rowindex={1}
            className="flex border-b border-zinc-200 bg-zinc-50 text-xs font-semibold text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
            style={{ height: ROW_H }}
          >
            {columns.map((c, i) => (
              <div
                key={c.key}
                role="columnheader"
                tabIndex={-1}
                aria-colindex={i + 1}
                className={`flex items-center border-r border-zinc-200 px-2 dark:border-zinc-700 ${i === 0 && !narrow ? 'sticky left-0 z-10 bg-zinc-50 dark:bg-zinc-800' : ''}`}
                style={{ width: widthOf(c), minWidth: widthOf(c) }}
              >
                <span className="truncate">
                  {c.label}
                  {c.kind === 'attr' && c.def.unit ? ` (${c.def.unit})` : ''}
                </span>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: rows.length * ROW_H, width: tableWidth, position: 'relative' }}>
          {rows.slice(first, last).map((r, k) => {
            const rowIndex = first + k;
            const staleMessage = stale.get(`variants.${r.id}`) ?? stale.get(`products.${r.productId}`);
            return (
              <div
                key={r.id}
                role="row"
                tabIndex={-1}
                aria-rowindex={rowIndex + 2}
                data-testid={`bulk-row-${r.sku}`}
                data-stale={staleMessage ? 'true' : undefined}
                title={staleMessage}
                className={`absolute left-0 flex border-b border-zinc-100 dark:border-zinc-800 ${staleMessage ? 'bg-red-50 dark:bg-red-950/60' : ''}`}
                style={{ top: rowIndex * ROW_H, height: ROW_H }}
              >
                {columns.map((c, colIndex) => {
                  const key = keyOf(r, c);
                  const can = editable(rowIndex, colIndex);
                  const dirty = edits.has(key);
                  const error = can ? errorAt(r, c) : undefined;
                  const isActive = active.row === rowIndex && active.col === colIndex;
                  const selected = inRange(selection, rowIndex, colIndex);
                  const id = cellId(rowIndex, colIndex);
                  return (
                    <div
                      key={c.key}
                      id={id}
                      role="gridcell"
                      tabIndex={-1}
                      aria-colindex={colIndex + 1}
                      aria-selected={selected}
                      aria-readonly={can ? undefined : true}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                      aria-label={`${c.label}, ${r.sku}`}
                      data-dirty={dirty ? 'true' : undefined}
                      data-testid={`cell-${r.sku}-${c.key}`}
                      onMouseDown={(e) => {
                        if (editing && isActive) return;
                        if (editing) commit(0, 0);
                        e.preventDefault();
                        gridRef.current?.focus();
                        move(rowIndex, colIndex, e.shiftKey);
                      }}
                      onDoubleClick={() => startEdit()}
                      className={[
                        'relative flex flex-col justify-center overflow-hidden border-r border-zinc-100 px-2 text-sm dark:border-zinc-800',
                        colIndex === 0 ? 'font-mono text-xs' : '',
                        colIndex === 0 && !narrow ? 'sticky left-0 z-10 bg-white dark:bg-zinc-900' : '',
                        !can ? 'text-zinc-600 dark:text-zinc-400' : '',
                        selected && !isActive ? 'bg-brand-50 dark:bg-brand-600/25' : '',
                        dirty && !error ? 'bg-amber-50 dark:bg-amber-950/50' : '',
                        error ? 'bg-red-50 dark:bg-red-950/60' : '',
                        isActive ? 'outline-2 -outline-offset-2 outline-brand-600 dark:outline-brand-100' : '',
                      ].join(' ')}
                      style={{ width: widthOf(c), minWidth: widthOf(c), height: ROW_H }}
                    >
                      {dirty && (
                        <span
                          aria-hidden="true"
                          className="absolute top-0 right-0 h-0 w-0 border-t-8 border-l-8 border-t-amber-500 border-l-transparent"
                        />
                      )}
                      {isActive && editing ? (
                        <CellEditor
                          column={c}
                          def={defOf(r, c)}
                          label={`${c.label}, ${r.sku}`}
                          value={editing.text}
                          onChange={(text) => setEditing({ text })}
                          onCommit={commit}
                          onCancel={cancel}
                        />
                      ) : (
                        <span
                          className={`truncate ${c.kind === 'money' || c.kind === 'reorder' ? 'text-right tabular-nums' : ''}`}
                        >
                          {c.kind === 'attr' && !can
                            ? '—'
                            : textAt(rowIndex, colIndex) || (c.kind === 'money' ? <Placeholder>base</Placeholder> : '')}
                        </span>
                      )}
                      {error && !(isActive && editing) && (
                        <span
                          id={`${id}-error`}
                          className="truncate text-[11px] leading-tight font-medium text-red-700 dark:text-red-300"
                          data-testid={`cell-error-${r.sku}-${c.key}`}
                        >
                          {error}
                        </span>
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      <p className="min-h-5 text-sm text-red-700 dark:text-red-400" data-testid="bulk-active-error">
        {activeError ? `${activeRow!.sku}, ${activeCol!.label}: ${activeError}` : ''}
      </p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Changed cells are marked with a corner; attributes belong to the product, so every variant of a product shows
        the same value. A row someone else saved meanwhile is not saved and keeps your edits.
      </p>
    </div>
  );
}

function Placeholder({ children }: { children: React.ReactNode }) {
  return <span className="text-zinc-500 dark:text-zinc-400">{children}</span>;
}

/** The editor takes focus when it opens (a callback ref rather than autoFocus: it opens on a key or a click). */
function focusOnMount(el: HTMLElement | null) {
  el?.focus();
}

function cellId(row: number, col: number) {
  return `bulk-cell-${row}-${col}`;
}

/** The in-cell editor: a select for closed lists (status, one-of, yes/no), a text input otherwise. */
function CellEditor({
  column,
  def,
  label,
  value,
  onChange,
  onCommit,
  onCancel,
}: {
  column: BulkColumn;
  def?: AttributeDefinition;
  label: string;
  value: string;
  onChange: (text: string) => void;
  onCommit: (dRow: number, dCol: number) => void;
  onCancel: () => void;
}) {
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      onCommit(e.shiftKey ? -1 : 1, 0);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      onCommit(0, e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };
  const cls =
    'h-8 w-full rounded border border-brand-500 bg-white px-1.5 text-sm text-zinc-900 focus:outline-none dark:bg-zinc-950 dark:text-zinc-100';
  const options =
    column.kind === 'status'
      ? [...STATUS_OPTIONS]
      : def?.type === 'enum'
        ? (def.options ?? [])
        : def?.type === 'boolean'
          ? ['Yes', 'No']
          : null;
  if (options) {
    const blank = column.kind === 'attr' && !def?.required;
    return (
      <select
        ref={focusOnMount}
        aria-label={label}
        className={cls}
        value={options.find((o) => o.toLowerCase() === value.trim().toLowerCase()) ?? (blank ? '' : value)}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => onCommit(0, 0)}
      >
        {blank && <option value="">(none)</option>}
        {!options.some((o) => o.toLowerCase() === value.trim().toLowerCase()) && value && !blank && (
          <option value={value}>{value}</option>
        )}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      ref={focusOnMount}
      aria-label={label}
      className={cls}
      value={value}
      inputMode={
        column.kind === 'money' || def?.type === 'number'
          ? 'decimal'
          : column.kind === 'reorder' || column.kind === 'barcode'
            ? 'numeric'
            : undefined
      }
      placeholder={def?.type === 'multi_enum' ? (def.options ?? []).join(', ') : undefined}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => onCommit(0, 0)}
      onFocus={(e) => {
        // Caret at the end: a typed first character must not be replaced by the next one.
        const n = e.currentTarget.value.length;
        e.currentTarget.setSelectionRange(n, n);
      }}
    />
  );
}
