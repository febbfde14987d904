import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { col, decodeRows, type Decoder } from '@/db/codec';
import { insertOperationLogs, toStoredEntry } from '@/db/queries/oplog-write';
import { userFilterOptions } from '@/db/queries/support';
import { operationLogEntry } from '@/lib/oplog/entry';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';

const t = useTestDatabase();

/** One row of every awkward type, and the same values cast to text (how aggregates and casts hand them over). */
const ROW = `
  select '2026-01-02T03:04:05.678Z'::timestamptz as at,
         '2026-01-02 03:04:05.678'::timestamp as wall,
         '2026-03-04'::date as day,
         '{"a":[1,"x,y"],"b":null}'::jsonb as doc,
         array['a,b', 'c"d', null, 'plain', 'back\\slash', '{brace}', 'NULL']::text[] as tags,
         array[1, 2, 300000]::int[] as ints,
         array[0.5, 0.95]::float8[] as ps,
         '\\x00ff10'::bytea as bytes,
         9007199254740991::bigint as big,
         12.50::numeric as price,
         true as flag,
         null::timestamptz as missing`;
const AS_TEXT = `select at::text as at, wall::text as wall, day::text as day, doc::text as doc, tags::text as tags, ints::text as ints, ps::text as ps, big, price, flag::text as flag, missing from (${ROW}) r`;

const SPEC = {
  at: col.instant,
  wall: col.timestamp,
  day: col.date,
  doc: col.json<{ a: unknown[]; b: null }>,
  tags: col.textArray,
  ints: col.numberArray,
  ps: col.numberArray,
  big: col.number,
  price: col.number,
  flag: col.boolean,
  missing: col.nullable(col.instant),
};
const EXPECTED = {
  at: new Date('2026-01-02T03:04:05.678Z'),
  wall: new Date('2026-01-02T03:04:05.678Z'),
  day: '2026-03-04',
  doc: { a: [1, 'x,y'], b: null },
  tags: ['a,b', 'c"d', null, 'plain', 'back\\slash', '{brace}', 'NULL'],
  ints: [1, 2, 300000],
  ps: [0.5, 0.95],
  big: 9007199254740991,
  price: 12.5,
  flag: true,
  missing: null,
};

describe(`raw row codec (${TEST_DRIVER})`, () => {
  it('decodes the same row identically through drizzle execute and the raw query', async () => {
    const viaDrizzle = decodeRows({ ...SPEC, bytes: col.bytea }, await t.handle.db.execute(sql.raw(ROW)));
    const viaQuery = decodeRows({ ...SPEC, bytes: col.bytea }, await t.handle.query(ROW));
    for (const rows of [viaDrizzle, viaQuery]) {
      expect(rows).toHaveLength(1);
      expect({ ...rows[0]!, bytes: [...rows[0]!.bytes] }).toEqual({ ...EXPECTED, bytes: [0x00, 0xff, 0x10] });
    }
  });

  it('decodes the text forms (array literals with quoted elements, JSON text, t/f) to the same values', async () => {
    const [row] = decodeRows(SPEC, await t.handle.db.execute(sql.raw(AS_TEXT)));
    expect(row).toEqual(EXPECTED);
  });

  it('decodes SQL NULL of every type as null through both paths', async () => {
    const nulls = `select null::timestamptz as at, null::timestamp as wall, null::date as day, null::jsonb as doc,
      null::text[] as tags, null::int[] as ints, null::float8[] as ps, null::bytea as bytes, null::bigint as big,
      null::numeric as price, null::boolean as flag, null::timestamptz as missing`;
    const spec = Object.fromEntries(
      Object.entries({ ...SPEC, bytes: col.bytea }).map(([k, d]) => [k, col.nullable(d as Decoder<unknown>)]),
    );
    const all = Object.fromEntries(Object.keys(spec).map((k) => [k, null]));
    expect(decodeRows(spec, await t.handle.db.execute(sql.raw(nulls)))).toEqual([all]);
    expect(decodeRows(spec, await t.handle.query(nulls))).toEqual([all]);
  });

  it('decodes bytea sent as hex text', async () => {
    const [row] = decodeRows(
      { b: col.bytea },
      await t.handle.db.execute(sql.raw(`select '\\x00ff10'::bytea::text as b`)),
    );
    expect([...row!.b]).toEqual([0x00, 0xff, 0x10]);
  });

  it('gives the support timeline filter menus array elements with commas and quotes whole', async () => {
    const at = new Date(Date.now() - 60_000);
    const entries = ['proxy "a,b"', 'plain', null].map((proxyUsed, i) =>
      toStoredEntry(
        operationLogEntry.parse({
          createdAt: at.toISOString(),
          userId: 'codec-user',
          platformAccountId: 'a',
          operationType: 'GET_REVIEWS',
          status: 'FAILED',
          errorType: i ? 'TIMEOUT' : 'RATE, LIMIT',
          executionTimeMs: 5,
          proxyUsed,
        }),
      ),
    );
    await insertOperationLogs(t.log.query, entries);
    const options = await userFilterOptions(t.log.db, {
      userId: 'codec-user',
      from: new Date(at.getTime() - 1000),
      to: new Date(),
    });
    expect(options).toEqual({ errorTypes: ['RATE, LIMIT', 'TIMEOUT'], proxies: ['plain', 'proxy "a,b"'] });
    expect(await userFilterOptions(t.log.db, { userId: 'nobody', from: new Date(0), to: new Date() })).toEqual({
      errorTypes: [],
      proxies: [],
    });
  });

  it('refuses a value of the wrong type, naming the column', async () => {
    expect(() => decodeRows({ at: col.instant }, [{ at: 'not a time' }])).toThrow(/column at: expected a timestamp/);
    expect(() => decodeRows({ n: col.number }, [{ n: null }])).toThrow(/column n/);
  });
});
