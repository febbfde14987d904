import { rowsOf } from './client';

/**
 * One codec for raw SQL rows (`db.execute(sql…)`, `handle.query`) across the three drivers. PGlite,
 * node-postgres and Neon disagree on a few types (and on the same driver, a value cast to text or read through
 * an aggregate arrives as text): timestamps as `Date` or string, JSON as object or string, arrays as arrays or
 * PostgreSQL array literals (`{"a,b",NULL}`), bytea as `Buffer`/`Uint8Array` or `\x…` hex, bigint/numeric as
 * string. A row is decoded by naming each column's type once: `decodeRows({ at: col.instant, tags: col.textArray }, result)`.
 * tests/integration/row-codec.test.ts decodes the same row identically on every driver.
 */
export type Decoder<T> = (value: unknown, column: string) => T;

function fail(column: string, want: string, value: unknown): never {
  throw new TypeError(
    `column ${column}: expected ${want}, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value}`,
  );
}

/** Parses a one-dimensional PostgreSQL array literal: quoted elements (with `\` escapes), unquoted NULL. */
export function parseArrayLiteral(text: string): (string | null)[] {
  if (!text.startsWith('{') || !text.endsWith('}')) throw new TypeError(`not an array literal: ${text.slice(0, 40)}`);
  const out: (string | null)[] = [];
  const body = text.slice(1, -1);
  if (body === '') return out;
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '"') {
      let value = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i++];
      }
      out.push(value);
      i += 2; // closing quote and comma
    } else {
      const end = body.indexOf(',', i);
      const raw = body.slice(i, end === -1 ? body.length : end).trim();
      out.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = end === -1 ? body.length + 1 : end + 1;
    }
  }
  return out;
}

const instant: Decoder<Date> = (v, c) => {
  const d =
    v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : fail(c, 'a timestamp', v);
  return Number.isNaN(d.getTime()) ? fail(c, 'a timestamp', v) : d;
};

/**
 * A `timestamp` (without time zone): a wall-clock time, read as UTC. Every driver hands it over as text here
 * (drizzle's sessions, and the raw pools configured in client.ts), so no driver turns it into a local-time Date.
 */
const timestamp: Decoder<Date> = (v, c) => {
  if (v instanceof Date) return instant(v, c);
  if (typeof v !== 'string') return fail(c, 'a timestamp', v);
  return instant(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v.replace(' ', 'T')}Z`, c);
};

/** A `date` as its `YYYY-MM-DD` text (a calendar day has no instant; client.ts keeps every driver from making one). */
const date: Decoder<string> = (v, c) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : fail(c, 'a date (YYYY-MM-DD)', v);

const text: Decoder<string> = (v, c) => (typeof v === 'string' ? v : fail(c, 'text', v));

/** int2/int4/int8/numeric/float as a JS number (int8 and numeric arrive as strings from every driver). */
const number: Decoder<number> = (v, c) => {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' || typeof v === 'bigint' ? Number(v) : fail(c, 'a number', v);
  return Number.isNaN(n) ? fail(c, 'a number', v) : n;
};

const boolean: Decoder<boolean> = (v, c) =>
  typeof v === 'boolean'
    ? v
    : v === 't' || v === 'true'
      ? true
      : v === 'f' || v === 'false'
        ? false
        : fail(c, 'a boolean', v);

const json: Decoder<unknown> = (v) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

const textArray: Decoder<(string | null)[]> = (v, c) =>
  Array.isArray(v)
    ? v.map((x) => (x === null ? null : String(x)))
    : typeof v === 'string'
      ? parseArrayLiteral(v)
      : fail(c, 'an array', v);

const numberArray: Decoder<(number | null)[]> = (v, c) =>
  textArray(Array.isArray(v) ? v.map((x) => (x === null ? null : String(x))) : v, c).map((x) =>
    x === null ? null : number(x, c),
  );

const bytea: Decoder<Uint8Array> = (v, c) => {
  if (v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength); // Buffer included
  if (typeof v === 'string' && v.startsWith('\\x')) return new Uint8Array(Buffer.from(v.slice(2), 'hex'));
  return fail(c, 'bytea', v);
};

/** `decoder.nullable` accepts SQL NULL (and a missing column) as null. */
function nullable<T>(d: Decoder<T>): Decoder<T | null> {
  return (v, c) => (v === null || v === undefined ? null : d(v, c));
}

export const col = {
  instant,
  timestamp,
  date,
  text,
  number,
  boolean,
  json: json as <T = unknown>(v: unknown, c: string) => T,
  textArray,
  numberArray,
  bytea,
  nullable,
  /** An ISO-8601 string of a timestamptz (what JSON answers carry). */
  iso: ((v, c) => instant(v, c).toISOString()) as Decoder<string>,
  /** Epoch milliseconds of a timestamptz (chart points). */
  epochMs: ((v, c) => instant(v, c).getTime()) as Decoder<number>,
  /** Text that must be one of `values` (a CHECK-constrained or computed label), typed as their union. */
  oneOf:
    <T extends string>(...values: T[]): Decoder<T> =>
    (v, c) =>
      typeof v === 'string' && (values as string[]).includes(v) ? (v as T) : fail(c, values.join(' | '), v),
  /** A text array without NULL elements (e.g. `array_remove(…, null)`). */
  strings: ((v, c) => textArray(v, c).filter((x): x is string => x !== null)) as Decoder<string[]>,
} as const;

type Spec = Record<string, Decoder<unknown>>;
export type Decoded<S extends Spec> = { [K in keyof S]: ReturnType<S[K]> };

/** Decodes one raw row by its spec; columns not in the spec are dropped. */
export function decodeRow<S extends Spec>(spec: S, row: Record<string, unknown>): Decoded<S> {
  const out: Record<string, unknown> = {};
  for (const [column, decode] of Object.entries(spec)) out[column] = decode(row[column], column);
  return out as Decoded<S>;
}

/** Decodes the rows of a `db.execute` result or of a `handle.query` array. */
export function decodeRows<S extends Spec>(spec: S, result: unknown): Decoded<S>[] {
  const rows = Array.isArray(result) ? (result as Record<string, unknown>[]) : rowsOf<Record<string, unknown>>(result);
  return rows.map((row) => decodeRow(spec, row));
}
