import type { FieldErrors } from '../errors';
import { coerceAttributeValue, type AttributeDefinition, type AttributeValue } from './attributes';
import { formatMoneyPlain, parseMoney } from './constants';

/**
 * The bulk editor's rules, shared by the grid (client) and the save (server): its columns, how a cell's text
 * becomes a value (and why not), TSV paste, fill down and undo. Cells hold text while edited, as a spreadsheet
 * does; the server parses the same text with the same functions, so a cell the grid accepts is one the save
 * accepts (and the other way round, apart from the version checks).
 */

export const BULK_MAX_ROWS = 2_000;
export const MAX_PRICE = 99_999_999;
export const MAX_REORDER_POINT = 1_000_000;
const BARCODE_RE = /^\d{8,14}$/;

export type BulkColumn =
  | { key: 'sku' | 'product'; kind: 'readonly'; label: string }
  | { key: 'price'; kind: 'money'; label: string }
  | { key: 'barcode'; kind: 'barcode'; label: string }
  | { key: 'status'; kind: 'status'; label: string }
  | { key: `attr.${string}`; kind: 'attr'; label: string; def: AttributeDefinition }
  | { key: `reorder.${string}`; kind: 'reorder'; label: string; locationId: string };

export type BulkColumnKind = BulkColumn['kind'];

export const STATUS_OPTIONS = ['Active', 'Inactive'] as const;

/** The grid's columns: fixed ones, then every attribute of the categories shown, then a reorder point per location. */
export function bulkColumns(
  attributeDefs: readonly AttributeDefinition[],
  locations: readonly { id: string; code: string }[],
): BulkColumn[] {
  return [
    { key: 'sku', kind: 'readonly', label: 'SKU' },
    { key: 'product', kind: 'readonly', label: 'Product' },
    { key: 'price', kind: 'money', label: 'Price override' },
    { key: 'barcode', kind: 'barcode', label: 'Barcode' },
    { key: 'status', kind: 'status', label: 'Status' },
    ...attributeDefs
      .filter((d) => d.type !== 'multi_enum' || (d.options?.length ?? 0) > 0)
      .map((def) => ({ key: `attr.${def.key}` as const, kind: 'attr' as const, label: def.label, def })),
    ...locations.map((l) => ({
      key: `reorder.${l.id}` as const,
      kind: 'reorder' as const,
      label: `Reorder point ${l.code}`,
      locationId: l.id,
    })),
  ];
}

/** Attribute definitions of several categories merged by key (the first definition of a key wins). */
export function mergeDefinitions(lists: readonly (readonly AttributeDefinition[])[]): AttributeDefinition[] {
  const byKey = new Map<string, AttributeDefinition>();
  for (const list of lists) for (const d of list) if (!byKey.has(d.key)) byKey.set(d.key, d);
  return [...byKey.values()];
}

// ---- cell text <-> values ----

export type CellValue = number | string | boolean | null | AttributeValue | undefined;
export type Parsed = { value: CellValue } | { error: string };

const TRUE = new Set(['active', 'yes', 'y', 'true', '1', 'on']);
const FALSE = new Set(['inactive', 'no', 'n', 'false', '0', 'off']);

/**
 * A cell's text as the value to store, or the message to show beside the cell. `def` is the row's own
 * definition for an attribute column (undefined: the row's category has no such attribute, so the cell is blank
 * and not editable).
 */
export function parseCell(kind: BulkColumnKind, text: string, def?: AttributeDefinition): Parsed {
  const s = text.trim();
  switch (kind) {
    case 'readonly':
      return { error: 'This column cannot be changed here.' };
    case 'money': {
      if (s === '') return { value: null };
      const v = parseMoney(s);
      if (v === null) return { error: 'Enter a price like 49.90, or leave blank for the base price.' };
      return v > MAX_PRICE ? { error: 'This price is too high.' } : { value: v };
    }
    case 'barcode':
      return s === '' || BARCODE_RE.test(s) ? { value: s } : { error: 'Use 8 to 14 digits (EAN/UPC).' };
    case 'status': {
      const l = s.toLowerCase();
      if (TRUE.has(l)) return { value: true };
      if (FALSE.has(l)) return { value: false };
      return { error: 'Use Active or Inactive.' };
    }
    case 'reorder': {
      if (s === '') return { value: 0 };
      if (!/^\d+$/.test(s)) return { error: 'Enter a whole number, 0 or more.' };
      const n = Number(s);
      return n > MAX_REORDER_POINT ? { error: `Use at most ${MAX_REORDER_POINT.toLocaleString('en')}.` } : { value: n };
    }
    case 'attr': {
      if (!def) return s === '' ? { value: undefined } : { error: 'This product’s category has no such attribute.' };
      if (s === '')
        return def.required ? { error: `${def.label} is required in this category.` } : { value: undefined };
      const r = coerceAttributeValue(def, s);
      return 'error' in r ? r : { value: r.value };
    }
  }
}

/** A stored value as the cell's text (the inverse of parseCell for values it accepts). */
export function formatCell(kind: BulkColumnKind, value: CellValue): string {
  if (value === undefined || value === null) return '';
  switch (kind) {
    case 'money':
      return typeof value === 'number' ? formatMoneyPlain(value) : String(value);
    case 'status':
      return value ? 'Active' : 'Inactive';
    default:
      if (typeof value === 'boolean') return value ? 'Yes' : 'No';
      if (Array.isArray(value)) return value.join(', ');
      return String(value);
  }
}

// ---- TSV (what a spreadsheet puts on the clipboard) ----

/**
 * Clipboard text from a spreadsheet as rows of cells. Tabs separate cells, newlines rows; a cell holding a
 * tab, newline or quote arrives quoted with doubled quotes (Excel, LibreOffice, Google Sheets). One trailing
 * newline is not an extra row. Ragged rows are kept as they are.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const t = text.replace(/\r\n?/g, '\n');
  let atCellStart = true;
  while (i < t.length) {
    const c = t[i]!;
    if (atCellStart && c === '"') {
      // A quoted cell: up to the closing quote that is not doubled.
      let j = i + 1;
      let out = '';
      let closed = false;
      while (j < t.length) {
        if (t[j] === '"') {
          if (t[j + 1] === '"') {
            out += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        out += t[j];
        j += 1;
      }
      if (closed && (j === t.length || t[j] === '\t' || t[j] === '\n')) {
        cell = out;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell (a value that merely starts with a quote): read it literally.
    }
    atCellStart = false;
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else cell += c;
    i += 1;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Cells as clipboard text (quoted where a spreadsheet would quote). */
export function toTsv(rows: readonly (readonly string[])[]): string {
  const q = (s: string) => (/[\t\n"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(q).join('\t')).join('\n');
}

// ---- ranges, paste, fill down, undo ----

export type Pos = { row: number; col: number };
export type Range = { top: number; left: number; bottom: number; right: number };
export type CellWrite = { row: number; col: number; text: string };

export function rangeOf(a: Pos, b: Pos): Range {
  return {
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.col, b.col),
    right: Math.max(a.col, b.col),
  };
}

export function inRange(r: Range, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

/**
 * The writes of pasting `block` with its top-left at `at`. Clipped at the grid's edges; cells that are not
 * editable (read-only columns, attributes the row's category lacks) are skipped, not shifted into. A single
 * value pasted over a larger selection fills the selection, as spreadsheets do.
 */
export function pasteWrites(
  block: readonly (readonly string[])[],
  at: Pos,
  size: { rows: number; cols: number },
  editable: (row: number, col: number) => boolean,
  selection?: Range,
): CellWrite[] {
  const writes: CellWrite[] = [];
  const single = block.length === 1 && block[0]!.length === 1;
  if (single && selection && (selection.bottom > selection.top || selection.right > selection.left)) {
    for (let r = selection.top; r <= selection.bottom; r++)
      for (let c = selection.left; c <= selection.right; c++)
        if (editable(r, c)) writes.push({ row: r, col: c, text: block[0]![0]! });
    return writes;
  }
  block.forEach((cells, dr) => {
    const row = at.row + dr;
    if (row >= size.rows) return;
    cells.forEach((text, dc) => {
      const col = at.col + dc;
      if (col < size.cols && editable(row, col)) writes.push({ row, col, text });
    });
  });
  return writes;
}

/** Fill down (Ctrl+D): each column of the range takes its top cell's text. A one-row range fills from the row above. */
export function fillDownWrites(
  range: Range,
  textAt: (row: number, col: number) => string,
  editable: (row: number, col: number) => boolean,
): CellWrite[] {
  const source = range.bottom > range.top ? range.top : range.top - 1;
  if (source < 0) return [];
  const writes: CellWrite[] = [];
  for (let c = range.left; c <= range.right; c++) {
    const text = textAt(source, c);
    for (let r = source + 1; r <= range.bottom; r++) if (editable(r, c)) writes.push({ row: r, col: c, text });
  }
  return writes;
}

/**
 * Edits are text by cell key, kept only where they differ from the loaded text. A change records the text
 * before and after (undefined: the loaded value), so undo is applying the inverse.
 */
export type Edits = ReadonlyMap<string, string>;
export type Change = { key: string; before: string | undefined; after: string | undefined };

/** Applies writes (already resolved to keys and original texts) and returns the new edits and the undo record. */
export function applyWrites(
  edits: Edits,
  writes: readonly { key: string; text: string; original: string }[],
): { edits: Map<string, string>; changes: Change[] } {
  const next = new Map(edits);
  const changes: Change[] = [];
  for (const w of writes) {
    const before = next.get(w.key);
    const after = w.text === w.original ? undefined : w.text;
    if (before === after) continue;
    if (after === undefined) next.delete(w.key);
    else next.set(w.key, after);
    changes.push({ key: w.key, before, after });
  }
  return { edits: next, changes };
}

/** Undoes one batch of changes (last first, so a key changed twice in a batch returns to its first state). */
export function undoChanges(edits: Edits, changes: readonly Change[]): Map<string, string> {
  const next = new Map(edits);
  for (const c of [...changes].reverse()) {
    if (c.before === undefined) next.delete(c.key);
    else next.set(c.key, c.before);
  }
  return next;
}

// ---- the save's input, validated the same way on both sides ----

export type BulkVariantChange = {
  id: string;
  version: number;
  price?: string;
  barcode?: string;
  status?: string;
  /** Reorder point per location; `version` is the stock level's (null: there was no level there). */
  reorder?: { locationId: string; version: number | null; value: string }[];
};
export type BulkProductChange = { id: string; version: number; attributes: Record<string, string> };
export type BulkEditInput = { variants: BulkVariantChange[]; products: BulkProductChange[] };

export type ParsedVariantChange = {
  id: string;
  version: number;
  priceOverride?: number | null;
  barcode?: string;
  active?: boolean;
  reorder: { locationId: string; version: number | null; point: number }[];
};
export type ParsedProductChange = {
  id: string;
  version: number;
  /** undefined: remove the attribute. */
  attributes: Record<string, AttributeValue | undefined>;
};

/**
 * Parses a bulk save against each product's attribute definitions. Errors are keyed by row and column
 * (`variants.<id>.price`, `products.<id>.attr.fabric`, `variants.<id>.reorder.<locationId>`), the keys the grid
 * shows them on.
 */
export function validateBulkEdit(
  input: BulkEditInput,
  defsOfProduct: (productId: string) => readonly AttributeDefinition[] | undefined,
): { errors: FieldErrors; variants: ParsedVariantChange[]; products: ParsedProductChange[] } {
  const errors: FieldErrors = {};
  const take = (key: string, p: Parsed): CellValue => {
    if ('error' in p) {
      errors[key] = [p.error];
      return undefined;
    }
    return p.value;
  };
  // A row or location twice in one save would be written twice by one statement (Postgres refuses that), and a
  // barcode twice would break its unique index: each is a cell error, not a failed statement.
  const seenVariants = new Set<string>();
  const barcodeOwner = new Map<string, string>();
  const variants = input.variants.map((v) => {
    const out: ParsedVariantChange = { id: v.id, version: v.version, reorder: [] };
    const at = `variants.${v.id}`;
    if (seenVariants.has(v.id)) errors[at] = ['This row is in the save twice.'];
    seenVariants.add(v.id);
    const seenLocations = new Set<string>();
    for (const r of v.reorder ?? []) {
      if (seenLocations.has(r.locationId))
        errors[`${at}.reorder.${r.locationId}`] = ['This location is in the row twice.'];
      seenLocations.add(r.locationId);
    }
    if (v.price !== undefined) out.priceOverride = take(`${at}.price`, parseCell('money', v.price)) as number | null;
    if (v.barcode !== undefined) out.barcode = take(`${at}.barcode`, parseCell('barcode', v.barcode)) as string;
    if (out.barcode) {
      const other = barcodeOwner.get(out.barcode);
      if (other !== undefined && other !== v.id) errors[`${at}.barcode`] = ['This barcode is on another row too.'];
      barcodeOwner.set(out.barcode, v.id);
    }
    if (v.status !== undefined) out.active = take(`${at}.status`, parseCell('status', v.status)) as boolean;
    for (const r of v.reorder ?? []) {
      const point = take(`${at}.reorder.${r.locationId}`, parseCell('reorder', r.value));
      if (typeof point === 'number') out.reorder.push({ locationId: r.locationId, version: r.version, point });
    }
    return out;
  });
  const seenProducts = new Set<string>();
  const products = input.products.map((p) => {
    if (seenProducts.has(p.id)) errors[`products.${p.id}`] = ['This product is in the save twice.'];
    seenProducts.add(p.id);
    const defs = defsOfProduct(p.id);
    const out: ParsedProductChange = { id: p.id, version: p.version, attributes: {} };
    if (!defs) {
      errors[`products.${p.id}`] = ['This product no longer exists.'];
      return out;
    }
    for (const [key, text] of Object.entries(p.attributes)) {
      const def = defs.find((d) => d.key === key);
      const value = take(`products.${p.id}.attr.${key}`, parseCell('attr', text, def));
      if (!errors[`products.${p.id}.attr.${key}`]) out.attributes[key] = value as AttributeValue | undefined;
    }
    return out;
  });
  return { errors, variants, products };
}
