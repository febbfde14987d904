import { z } from './zod';
import type { Permission } from './permissions';

/**
 * One URL-state layer for every list: a list declares its filters (zod schemas), its sortable columns, its
 * columns and its paging params once, and gets one parser and one serializer that the page, its CSV export route,
 * its links and forms and saved views all share. See docs/adr/0016-url-state.md for why this is not nuqs.
 *
 * Parsing never throws: a missing value takes the default; a malformed one takes the default too and is named in
 * `dropped` (a saved view that no longer parses says which of its parts were left out).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;
export type SortDir = 'asc' | 'desc';
export type Sort<K extends string = string> = { key: K; dir: SortDir };

type Fields = Record<string, z.ZodType>;
type FieldValues<F extends Fields> = { [K in keyof F]?: z.output<F[K]> };
type RepeatedValues<R extends Fields> = { [K in keyof R]?: z.output<R[K]>[] };

/** How many values one repeatable param keeps (`?a=…&a=…`): a bound on the query it drives. */
const MAX_REPEAT = 5;

export type ListSpec<
  F extends Fields,
  S extends string,
  C extends string,
  P extends Fields = Fields,
  R extends Fields = Fields,
> = {
  /** The page's path, e.g. `/inventory`. */
  path: string;
  /** Who may open the list (its page's capability): its views and export follow it. */
  permission: Permission;
  /** Filters: each a zod schema for one URL value (no `.catch`: the layer falls back). Saved views keep these. */
  fields: F;
  /**
   * Filters a URL may repeat (`?a=fabric:linen&a=colour:navy`), each value checked by its schema; parsed into an
   * array of up to five, serialized as one param per value. Commas are kept (values may contain them).
   */
  repeated?: R;
  /** Page number and keyset cursors: parsed like filters, but dropped by every link that changes the list. */
  paging?: P;
  /** Sortable column keys and the default sort. */
  sorts: readonly S[];
  defaultSort: Sort<S>;
  /** Every column key, in display order; `defaultColumns` are those shown when the URL names none. */
  columns: readonly C[];
  defaultColumns?: readonly C[];
  /** Columns that cannot be hidden (the row's identity). */
  required?: readonly C[];
};

export type ListState<F extends Fields, S extends string, C extends string, R extends Fields = Fields> = {
  filters: FieldValues<F> & RepeatedValues<R>;
  sort: Sort<S>;
  columns: C[];
};

export type Parsed<
  F extends Fields,
  S extends string,
  C extends string,
  P extends Fields = Fields,
  R extends Fields = Fields,
> = ListState<F, S, C, R> & {
  paging: FieldValues<P>;
  /** `?view=<id>`: the saved view this URL was opened from; `?view=none`: the plain list, skipping one's default. */
  view: string | 'none' | undefined;
  /** URL keys whose values were malformed (or named unknown sorts/columns) and fell back to defaults. */
  dropped: string[];
};

/** The first value of a param (forms and hand-typed URLs may repeat one). */
function firstOf(raw: RawParams, key: string): string | undefined {
  const v = raw instanceof URLSearchParams ? (raw.get(key) ?? undefined) : raw[key];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined || one === '' ? undefined : one;
}

function allOf(raw: RawParams, key: string): string[] {
  const v = raw instanceof URLSearchParams ? raw.getAll(key) : raw[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(',')).filter(Boolean);
}

/** `sku` → ascending, `-sku` → descending. */
export function parseSort<S extends string>(value: string | undefined, sorts: readonly S[]): Sort<S> | undefined {
  if (!value || value.length > 64) return undefined;
  const desc = value.startsWith('-');
  const key = (desc ? value.slice(1) : value) as S;
  return sorts.includes(key) ? { key, dir: desc ? 'desc' : 'asc' } : undefined;
}

export const sortParam = (s: Sort) => (s.dir === 'desc' ? `-${s.key}` : s.key);

/** Each field's first URL value through its schema; malformed values are left out and named in `dropped`. */
function parseFields<G extends Fields>(fields: G, raw: RawParams, dropped: string[]): FieldValues<G> {
  const out = {} as FieldValues<G>;
  for (const [key, schema] of Object.entries(fields) as [keyof G & string, z.ZodType][]) {
    const value = firstOf(raw, key);
    if (value === undefined) continue;
    // Text no database can store (NUL, lone surrogates) or absurdly long input is malformed like any other.
    const ok =
      value.length <= 2000 && value.isWellFormed() && !value.includes('\u0000') ? schema.safeParse(value) : null;
    if (ok?.success && ok.data !== undefined && ok.data !== '') out[key] = ok.data as FieldValues<G>[typeof key];
    else if (!ok?.success) dropped.push(key);
  }
  return out;
}

/** One URL value: true as `1`, a Date as its calendar day, anything else as text. */
function urlValue(value: unknown): string {
  return value === true ? '1' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

/**
 * URL state that is not a list (a dashboard's range and filters, a form's preset): the same field schemas, the
 * same never-throwing parse (malformed values fall back and are named in `dropped`) and one serializer, without
 * sorts or columns. `defineList` is this plus sorting, columns and paging.
 */
export function defineParams<F extends Fields>(fields: F) {
  return {
    fields,
    parse(raw: RawParams): { values: FieldValues<F>; dropped: string[] } {
      const dropped: string[] = [];
      return { values: parseFields(fields, raw, dropped), dropped };
    },
    /** The query string (without `?`) of values, in the fields' order; empty and false values are left out. */
    query(values: FieldValues<F>): string {
      const u = new URLSearchParams();
      for (const key of Object.keys(fields)) {
        const value = (values as Record<string, unknown>)[key];
        if (value === undefined || value === '' || value === false) continue;
        u.set(key, urlValue(value));
      }
      return u.toString();
    },
  };
}

export function defineList<
  F extends Fields,
  S extends string,
  C extends string,
  P extends Fields = Record<never, z.ZodType>,
  R extends Fields = Record<never, z.ZodType>,
>(spec: ListSpec<F, S, C, P, R>) {
  const defaults = (spec.defaultColumns ?? spec.columns) as readonly C[];
  const required = spec.required ?? [];

  function parseRepeated(raw: RawParams, dropped: string[]): RepeatedValues<R> {
    const out = {} as RepeatedValues<R>;
    for (const [key, schema] of Object.entries(spec.repeated ?? {}) as [keyof R & string, z.ZodType][]) {
      const v = raw instanceof URLSearchParams ? raw.getAll(key) : raw[key];
      const values = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s) => s !== '');
      const kept: unknown[] = [];
      for (const value of values) {
        const ok =
          value.length <= 2000 && value.isWellFormed() && !value.includes('\u0000') ? schema.safeParse(value) : null;
        if (ok?.success) {
          if (!kept.some((k) => JSON.stringify(k) === JSON.stringify(ok.data))) kept.push(ok.data);
        } else if (!dropped.includes(key)) dropped.push(key);
      }
      if (kept.length > MAX_REPEAT && !dropped.includes(key)) dropped.push(key);
      if (kept.length) out[key] = kept.slice(0, MAX_REPEAT) as RepeatedValues<R>[typeof key];
    }
    return out;
  }

  function parse(raw: RawParams): Parsed<F, S, C, P, R> {
    const dropped: string[] = [];
    const filters = { ...parseFields(spec.fields, raw, dropped), ...parseRepeated(raw, dropped) };
    const paging = parseFields(spec.paging ?? ({} as P), raw, dropped);
    const sortRaw = firstOf(raw, 'sort');
    const sort = parseSort(sortRaw, spec.sorts);
    if (sortRaw !== undefined && !sort) dropped.push('sort');
    const asked = allOf(raw, 'cols');
    let columns = [...defaults];
    if (asked.length) {
      const known = asked.filter((c): c is C => (spec.columns as readonly string[]).includes(c));
      if (known.length < asked.length) dropped.push('cols');
      // Display order is the list's, whatever order the URL names them in; required columns always show.
      if (known.length) columns = spec.columns.filter((c) => known.includes(c) || required.includes(c));
    }
    const viewRaw = firstOf(raw, 'view');
    const view = viewRaw === 'none' || (viewRaw !== undefined && UUID.test(viewRaw)) ? viewRaw : undefined;
    return { filters, paging, sort: sort ?? spec.defaultSort, columns, dropped, view };
  }

  /** The query string (with `?`, or '') for a state: defaults are left out, so URLs stay short and stable. */
  // Links are built from a parsed state plus a patch (a sort a header asks for): loosely typed, parsed again on arrival.
  type LinkState = { filters?: FieldValues<F> & RepeatedValues<R>; sort?: Sort; columns?: readonly string[] };
  const repeatedKeys = Object.keys(spec.repeated ?? {});

  function query(state: LinkState, extra: Record<string, string | number | undefined> = {}): string {
    const u = new URLSearchParams();
    for (const [key, value] of Object.entries((state.filters ?? {}) as Record<string, unknown>)) {
      if (value === undefined || value === '' || value === false) continue;
      if (repeatedKeys.includes(key) && Array.isArray(value)) {
        for (const one of value) u.append(key, String(one));
        continue;
      }
      u.set(key, urlValue(value));
    }
    if (state.sort && sortParam(state.sort) !== sortParam(spec.defaultSort)) u.set('sort', sortParam(state.sort));
    if (state.columns && !sameColumns(state.columns, defaults)) u.set('cols', state.columns.join(','));
    for (const [key, value] of Object.entries(extra))
      if (value !== undefined && value !== '') u.set(key, String(value));
    const s = u.toString();
    return s ? `?${s}` : '';
  }

  /** A link to this list with `patch` applied (paging params dropped unless given: a new sort starts at the top). */
  function href(state: LinkState, patch: LinkState = {}, extra: Record<string, string | number | undefined> = {}) {
    return `${spec.path}${query({ ...state, ...patch }, extra)}`;
  }

  return { ...spec, defaultColumns: defaults, required, parse, query, href };
}

function sameColumns(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** What code that works on any list (views, exports, forms) needs of one. */
export type AnyList = {
  path: string;
  permission: Permission;
  columns: readonly string[];
  required: readonly string[];
  query: (state: { filters?: Record<string, unknown>; sort?: Sort; columns?: readonly string[] }) => string;
  parse: (raw: RawParams) => {
    filters: Record<string, unknown>;
    sort: Sort;
    columns: string[];
    dropped: string[];
    view: string | undefined;
  };
};

/** Field schemas the lists share (URL values are strings; each coerces and bounds its own). */
export const field = {
  text: (max: number) => z.string().trim().max(max),
  uuid: () => z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  flag: () => z.enum(['1']).transform(() => true as const),
  page: () => z.coerce.number().int().min(1).max(10_000),
  /** A positive bigint id used as a keyset cursor. */
  id: () => z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** A calendar day, YYYY-MM-DD; 2026-02-30 is refused (Date would roll it over into March). */
  date: () =>
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine((s) => {
        const t = Date.parse(`${s}T00:00:00Z`);
        return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
      }),
};

/** The sort and columns of a state as form fields (hidden inputs of a filter form keep them). */
export function keepFields(list: AnyList, state: { sort: Sort; columns: readonly string[] }): Record<string, string> {
  const u = new URLSearchParams(list.query({ sort: state.sort, columns: [...state.columns] }).slice(1));
  return Object.fromEntries(u.entries());
}
