/**
 * A seeded generator of hostile input for the fuzz test (tests/integration/hostile-input.test.ts): the
 * classes a security review sent (NUL bytes, lone surrogates, impossible dates, out-of-range instants, bad
 * cursors, malformed percent-encoding, huge numbers, injection-looking text) mixed with plausible values so
 * the cases reach past the first check. Deterministic: the same seed gives the same cases.
 */
import { seeded as seededRandom } from '../../lib/random';

export type Rng = () => number;

/** mulberry32 (lib/random.ts): small, fast, good enough to spread cases. */
export const seeded: (seed: number) => Rng = seededRandom;

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const hex = (r: Rng, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(r, 0, 15)]).join('');
const uuidLike = (r: Rng) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;

/** Hostile strings by class; each entry makes one. */
const HOSTILE: ((r: Rng) => string)[] = [
  // NUL bytes and control characters
  () => 'a\u0000b',
  () => '\u0000',
  (r) => `${hex(r, 4)}\u0000@example.test`,
  () => '\u0001\u0008\u001b[31m',
  // lone surrogates
  () => '\ud800',
  () => 'x\udc00y',
  () => '\udfff\ud800',
  // impossible and out-of-range dates and instants
  () => '2026-02-30',
  () => '2026-13-01',
  () => '2025-02-29',
  () => '0000-00-00',
  () => '275760-09-13',
  () => '+275760-09-13T00:00:00.000Z',
  () => '-271821-04-20T00:00:00.000Z',
  () => '1899-12-31',
  () => '0001-01-01T00:00:00Z',
  () => '9999-12-31T23:59:59Z',
  () => '2026-02-30T10:00:00Z',
  () => '2026-01-01T25:61:61Z',
  () => 'infinity',
  () => '-infinity',
  () => 'epoch',
  // numbers
  () => 'NaN',
  () => '1e309',
  () => '-1',
  () => '0',
  () => '99999999999999999999',
  () => '9223372036854775808',
  () => String(Number.MAX_SAFE_INTEGER + 2),
  () => '1.5',
  () => '0x1F',
  () => ' 12 ',
  () => '-0',
  // paging cursors
  () => 'T10:00:00Z_1',
  () => '2026-01-01T00:00:00Z_99999999999999999999',
  () => '2026-02-30T00:00:00.000Z_1',
  () => '2026-01-01T99:99:99Z_1',
  () => 'abc_def',
  () => 'eyJpZCI6MX0',
  // percent-encoding and path tricks
  () => '%ZZ',
  () => '%00',
  () => '%',
  () => '%E0%A4%A',
  () => '../../etc/passwd',
  () => '/api/auth/signout',
  () => '//evil.example',
  () => 'http://[::1',
  () => 'javascript:alert(1)',
  // injection-looking and odd text
  () => "'; select pg_sleep(1);--",
  () => '\\',
  () => '_%',
  () => '*',
  () => '(?<',
  () => '[]',
  () => '{}',
  () => 'null',
  () => 'undefined',
  () => '__proto__',
  () => 'constructor',
  () => '<script>alert(1)</script>',
  () => '=cmd|"/c calc"!A1',
  () => '',
  () => ' ',
  (r) => 'x'.repeat(int(r, 300, 5000)),
  () => '😀'.repeat(40),
  () => '\u202eevil',
  () => '\ufeff',
  // ids
  (r) => uuidLike(r),
  () => '00000000-0000-0000-0000-000000000000',
  () => '------------------------------------',
  () => 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  // random junk, printable and not
  (r) => String.fromCharCode(...Array.from({ length: int(r, 1, 24) }, () => int(r, 0, 0x2fff))),
  (r) => String.fromCharCode(...Array.from({ length: int(r, 1, 12) }, () => int(r, 0xd700, 0xe100))),
];

/** Plausible values, so a case can pass one check and fail a later one. */
const PLAUSIBLE = [
  'custom',
  '24h',
  '7d',
  '30d',
  '1h',
  'overview',
  'operations',
  'errors',
  'proxies',
  'sessions',
  'active',
  'draft',
  'archived',
  'FAILED',
  'SUCCESS',
  'TIMEOUT',
  'GET_REVIEWS',
  '2FA',
  'NORMAL',
  '1',
  '2',
  'true',
  'on',
  'name',
  '-name',
  'price',
  'M',
  'tops',
  'check',
  'commit',
  '2026-01-01',
  '2026-11-27',
  '2026-01-01T00:00',
  '2026-11-27T10:00:00.000Z',
  '2026-11-27T10:00:00.000Z_12',
  'slim',
  'fit:slim',
  'receipt',
  'BER',
];

export function hostileString(r: Rng): string {
  return pick(r, HOSTILE)(r);
}

export function anyString(r: Rng): string {
  return r() < 0.7 ? hostileString(r) : pick(r, PLAUSIBLE);
}

/** Query parameter names the pages and routes read (plus a few they do not). */
export const PARAM_NAMES = [
  'q',
  'page',
  'size',
  'colour',
  'style',
  'after',
  'before',
  'kind',
  'location',
  'low',
  'sku',
  'inactive',
  'a',
  'a.fabric',
  'category',
  'min',
  'max',
  'sort',
  'status',
  'supplier',
  'tag',
  'range',
  'from',
  'to',
  'op',
  'auth',
  'proxy',
  'refresh',
  'view',
  'version',
  'question',
  'answer',
  'qa',
  'email',
  'callbackUrl',
  'error',
  't',
  'type',
  'account',
  'mode',
  'cursor',
  'id',
  'role',
  'entity',
  'garment',
  'user',
  '\u0000',
  'x',
  'cols',
  'views',
] as const;

/** A query: the case's focus parameter (cycling through all) plus a few others; some repeated. */
export function hostileQuery(r: Rng, focus: string): [string, string][] {
  const out: [string, string][] = [[focus, anyString(r)]];
  if (focus === 'from' || focus === 'to') out.push(['range', 'custom']);
  for (let i = int(r, 0, 3); i > 0; i--) out.push([pick(r, PARAM_NAMES), anyString(r)]);
  if (r() < 0.1) out.push([focus, anyString(r)]);
  return out;
}

/** A JSON-able value to put where a field is expected: hostile strings, extreme numbers, wrong shapes. */
export function hostileValue(r: Rng, depth = 0): unknown {
  const k = r();
  if (k < 0.55) return anyString(r);
  if (k < 0.7)
    return pick(r, [
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      2 ** 53,
      2 ** 63,
      Number.MAX_SAFE_INTEGER,
      8.64e15,
      8.64e15 + 1,
      1e21,
      -0,
    ]);
  if (k < 0.78) return pick(r, [null, true, false]);
  if (k < 0.88 || depth > 2) return depth > 2 ? null : [hostileValue(r, depth + 1), hostileValue(r, depth + 1)];
  return { [anyString(r)]: hostileValue(r, depth + 1), __proto__x: hostileValue(r, depth + 1) };
}

/** A JSON body: a valid template with fields replaced, keys added, or raw text that is not JSON at all. */
export function hostileJsonBody(r: Rng, template: Record<string, unknown>, listKey?: string): string {
  const k = r();
  if (k < 0.08)
    return pick(r, [
      '',
      '{',
      'null',
      '[]',
      '"x"',
      '{"a":1,}',
      '\u0000',
      '{"x":"\\ud800"}',
      '{"x":"\\u0000"}',
      '1e999',
      '{"__proto__":{"admin":true}}',
    ]);
  const entry: Record<string, unknown> = { ...template };
  for (let i = int(r, 1, 3); i > 0; i--) {
    const key = r() < 0.85 ? pick(r, Object.keys(template)) : anyString(r);
    entry[key] = hostileValue(r);
  }
  const body = listKey ? { [listKey]: r() < 0.1 ? hostileValue(r) : [entry] } : entry;
  let text = JSON.stringify(body);
  // JSON.stringify escapes lone surrogates; put one back raw-escaped half the time to test the parser's output.
  if (r() < 0.15) text = text.replace(/"(userId|sku|name|errorMessage)":"/, '"$1":"\\ud800');
  return text;
}
