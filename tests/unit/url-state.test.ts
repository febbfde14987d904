import { describe, expect, it } from 'vitest';
import { csvLines, formulaSafe } from '@/lib/csv';
import { catalogList, catalogQueryOf } from '@/lib/lists/catalog';
import { parseUserSearch, timelineParams, userQuery } from '@/lib/lists/support';
import { dashboardParams, dashboardSearch, parseDashboardParams } from '@/lib/observability/range';
import { filterQuery, parseResponseFilter, responseParams } from '@/lib/surveys/filters';
import { lowStockList, movementList, stockList } from '@/lib/lists/inventory';
import { defineList, field, keepFields, parseSort } from '@/lib/url-state';

const LOC = '3f1c2a8e-1b2c-4d5e-8f90-123456789abc';

describe('url-state: one parser and serializer per list', () => {
  it('round-trips a full state through the query string', () => {
    const state = stockList.parse({
      q: 'DRS-',
      location: LOC,
      low: '1',
      sort: '-available',
      cols: 'sku,available,onHand',
    });
    expect(state).toMatchObject({
      filters: { q: 'DRS-', location: LOC, low: true },
      sort: { key: 'available', dir: 'desc' },
      columns: ['sku', 'onHand', 'available'],
      dropped: [],
    });
    const again = stockList.parse(new URLSearchParams(stockList.query(state).slice(1)));
    expect(again).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(stockList.query(stockList.parse({}))).toBe('');
    expect(movementList.query(movementList.parse({ sort: '-when' }))).toBe('');
    expect(movementList.query(movementList.parse({ sort: 'when' }))).toBe('?sort=when');
  });

  it('falls back to defaults on malformed input and names what it dropped', () => {
    const s = stockList.parse({
      location: 'not-a-uuid',
      low: 'yes',
      sort: '-password',
      cols: 'sku,secret',
      page: '-3',
      q: 'x'.repeat(61),
    });
    expect(s.filters).toEqual({});
    expect(s.paging).toEqual({});
    expect(s.sort).toEqual({ key: 'sku', dir: 'asc' });
    expect(s.columns).toEqual(['sku']);
    expect(s.dropped.sort()).toEqual(['cols', 'location', 'low', 'page', 'q', 'sort']);
  });

  it('refuses text the database cannot hold, repeated and array values take the first', () => {
    expect(stockList.parse({ q: 'a\u0000b' }).dropped).toEqual(['q']);
    expect(stockList.parse({ q: '\ud800' }).dropped).toEqual(['q']);
    expect(stockList.parse({ q: ['AB', 'CD'] }).filters.q).toBe('AB');
    expect(movementList.parse({ kind: 'receipt' }).filters.kind).toBe('receipt');
    expect(movementList.parse({ kind: 'nonsense' }).dropped).toEqual(['kind']);
  });

  it('keeps required columns and the list order whatever the URL says', () => {
    expect(stockList.parse({ cols: ['available', 'location'] }).columns).toEqual(['sku', 'location', 'available']);
    expect(lowStockList.parse({}).columns).not.toContain('onHand');
  });

  it('links drop paging, keep filters, and carry sort and columns into forms', () => {
    const s = stockList.parse({ q: 'A', after: '40', page: '3', sort: 'onHand' });
    expect(s.paging).toEqual({ after: 40, page: 3 });
    expect(stockList.href(s, { sort: { key: 'available', dir: 'desc' } })).toBe('/inventory?q=A&sort=-available');
    expect(stockList.href(s, {}, { after: 9 })).toBe('/inventory?q=A&sort=onHand&after=9');
    expect(keepFields(stockList, s)).toEqual({ sort: 'onHand' });
  });

  it('parses sorts strictly', () => {
    expect(parseSort('-a', ['a'])).toEqual({ key: 'a', dir: 'desc' });
    expect(parseSort('--a', ['a'])).toBeUndefined();
    expect(parseSort('b', ['a'])).toBeUndefined();
  });

  it('a list declares dates and numbers once', () => {
    const list = defineList({
      path: '/x',
      permission: 'home.read',
      fields: { from: field.date(), n: field.id() },
      sorts: ['a'],
      defaultSort: { key: 'a', dir: 'asc' },
      columns: ['a'],
    });
    expect(list.parse({ from: '2026-02-30', n: '1e3' }).dropped).toEqual(['from']);
    expect(list.parse({ from: '2026-02-28', n: '12' }).filters).toEqual({ from: '2026-02-28', n: 12 });
    expect(list.parse({ from: '2026-99-01' }).dropped).toEqual(['from']);
  });
});

describe('csv: one formula-safe writer', () => {
  it('escapes cells a spreadsheet would run, leading spaces included', () => {
    for (const bad of ['=1+1', '+A1', '-x', '@SUM(A1)', '\tx', '\rx', '  =HYPERLINK("x")', ' \t+1', "'=x"]) {
      expect(formulaSafe(bad)).toBe(`'${bad}`);
    }
    for (const ok of ['plain', 'a=b', '', ' x']) expect(formulaSafe(ok)).toBe(ok);
  });

  it('numbers pass unchanged; text is quoted per RFC 4180', () => {
    expect(
      csvLines(
        ['a', 'b'],
        [
          [-2, ' =1'],
          ['x,y', null],
        ],
      ),
    ).toBe('a,b\r\n-2,\' =1\r\n"x,y",\r\n');
    expect(csvLines(['a'], [])).toBe('a\r\n');
  });
});

describe('url-state: the catalog list (repeatable attribute filters, prices, page size)', () => {
  const CAT = '3f1c2a8e-1b2c-4d5e-8f90-123456789abd';

  it('round-trips filters, repeated attributes, sort and columns', () => {
    const state = catalogList.parse(
      new URLSearchParams(
        `q=linen&category=${CAT}&status=active&tag=Summer&min=12.5&max=80&incomplete=1&size=50` +
          '&a=fabric:linen&a=colour:navy, sand&sort=-price&cols=product,price,tags&page=3',
      ),
    );
    expect(state.filters).toEqual({
      q: 'linen',
      category: CAT,
      status: 'active',
      tag: 'summer',
      min: '12.5',
      max: '80',
      incomplete: true,
      size: '50',
      a: ['fabric:linen', 'colour:navy, sand'],
    });
    expect(state.sort).toEqual({ key: 'price', dir: 'desc' });
    expect(state.columns).toEqual(['product', 'price', 'tags']);
    expect(state.dropped).toEqual([]);
    const again = catalogList.parse(new URLSearchParams(catalogList.query(state).slice(1)));
    expect(again.filters).toEqual(state.filters);
    expect(again.sort).toEqual(state.sort);
    expect(again.columns).toEqual(state.columns);
    // The page number is paging: links that change the list drop it.
    expect(catalogList.query(state)).not.toContain('page=');
    expect(catalogQueryOf(state)).toMatchObject({
      priceMin: 1250,
      priceMax: 8000,
      attrs: [
        ['fabric', 'linen'],
        ['colour', 'navy, sand'],
      ],
      sort: '-price',
      pageSize: 50,
      page: 3,
      incomplete: true,
    });
  });

  it('maps header sorts onto the query; the default is recently changed and stays out of the URL', () => {
    expect(catalogQueryOf(catalogList.parse({})).sort).toBe('updated');
    expect(catalogList.query(catalogList.parse({ sort: '-updated' }))).toBe('');
    expect(catalogQueryOf(catalogList.parse({ sort: 'name' })).sort).toBe('name');
    expect(catalogQueryOf(catalogList.parse({ sort: '-completeness' })).sort).toBe('-completeness');
  });

  it('falls back to defaults on invalid input, never throws, and names what it dropped', () => {
    const s = catalogList.parse({
      category: 'nope',
      status: 'deleted',
      min: 'abc',
      max: '1e9',
      size: '1000',
      sort: 'password',
      a: ['no-colon', 'Fabric:linen', 'fabric:', `fabric:${'x'.repeat(81)}`, 'ok:yes'],
      cols: 'secret',
      page: '0',
      incomplete: 'yes',
    });
    expect(s.filters).toEqual({ a: ['ok:yes'] });
    expect(s.sort).toEqual(catalogList.defaultSort);
    expect(s.columns).toEqual([...catalogList.defaultColumns]);
    expect(s.dropped.sort()).toEqual(
      ['a', 'category', 'cols', 'incomplete', 'max', 'min', 'page', 'size', 'sort', 'status'].sort(),
    );
    expect(catalogQueryOf(s)).toMatchObject({ priceMin: undefined, priceMax: undefined, pageSize: undefined });
  });

  it('keeps at most five attribute filters, without repeats', () => {
    const a = ['a:1', 'b:2', 'a:1', 'c:3', 'd:4', 'e:5', 'f:6'];
    const s = catalogList.parse({ a });
    expect(s.filters.a).toEqual(['a:1', 'b:2', 'c:3', 'd:4', 'e:5']);
    expect(s.dropped).toEqual(['a']);
  });
});

describe('url-state: dashboard range and survey response filter (defineParams)', () => {
  const now = new Date('2026-03-10T12:34:56Z');

  it('dashboard params round-trip through dashboardSearch, custom range included', () => {
    const p = parseDashboardParams(
      {
        range: 'custom',
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-02T00:00:00.000Z',
        op: 'GET_REVIEWS',
        auth: '2FA',
        proxy: 'proxy-ams-2',
        refresh: '30s',
      },
      now,
    );
    expect(p).toMatchObject({ range: 'custom', operationType: 'GET_REVIEWS', authType: '2FA', refresh: '30s' });
    const again = parseDashboardParams(new URLSearchParams(dashboardSearch(p)), now);
    expect(again).toEqual(p);
    expect(dashboardSearch(parseDashboardParams({}, now))).toBe('range=24h');
  });

  it('dashboard params: invalid values fall back to the defaults, never throw', () => {
    const p = parseDashboardParams(
      { range: 'forever', op: 'DROP', auth: ['x'], proxy: 'a b', refresh: '1s', from: '\u0000' },
      now,
    );
    expect(p).toMatchObject({ range: '24h', refresh: 'off' });
    expect(p.operationType).toBeUndefined();
    expect(p.authType).toBeUndefined();
    expect(p.proxy).toBeUndefined();
    expect(p.to.getTime() - p.from.getTime()).toBe(24 * 3600_000);
    // A custom range backwards, unparseable or over 400 days is the default range.
    for (const [from, to] of [
      ['2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z'],
      ['yesterday', '2026-03-01T00:00:00Z'],
      ['2024-01-01T00:00:00Z', '2026-03-01T00:00:00Z'],
    ])
      expect(parseDashboardParams({ range: 'custom', from, to }, now).range).toBe('24h');
    expect(dashboardParams.parse({ range: 'forever', refresh: '1s' }).dropped).toEqual(['range', 'refresh']);
  });

  it('response filter round-trips (page when asked) and drops invalid parts', () => {
    const f = parseResponseFilter({
      from: '2026-01-01',
      to: '2026-01-31',
      version: '3',
      qa: 'top_size:M',
      email: 'ana@',
      page: '4',
    });
    expect(f).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      version: 3,
      question: 'top_size',
      answer: 'M',
      email: 'ana@',
      page: 4,
    });
    expect(parseResponseFilter(new URLSearchParams(filterQuery(f, true).slice(1)))).toEqual(f);
    expect(filterQuery(f)).not.toContain('page=');
    expect(
      parseResponseFilter({ from: '2026-02-30', version: '0', question: 'a b', page: 'x', email: 'x'.repeat(255) }),
    ).toEqual({ page: 1 });
    expect(responseParams.parse({ from: '2026-02-30', version: 'x' }).dropped).toEqual(['from', 'version']);
  });
});

describe("url-state: a user's support page (timeline filters and cursor)", () => {
  it('round-trips, leaving the default range out', () => {
    const s = parseUserSearch({
      account: 'acc-1',
      range: '30d',
      op: 'GET_REVIEWS',
      status: 'FAILED',
      error: 'SESSION_EXPIRED',
      proxy: 'proxy-ams-2',
      before: '2026-03-01T10:00:00.000Z_42',
    });
    expect(s).toMatchObject({
      range: '30d',
      op: 'GET_REVIEWS',
      status: 'FAILED',
      before: '2026-03-01T10:00:00.000Z_42',
    });
    expect(parseUserSearch(new URLSearchParams(userQuery(s).slice(1)))).toEqual(s);
    expect(userQuery({ range: '7d' })).toBe('');
  });

  it('falls back on invalid input', () => {
    const s = parseUserSearch({ range: '1y', op: 'DROP', status: 'x', error: 'lower', before: 'yesterday_1' });
    expect(s).toEqual({ range: '7d' });
    expect(timelineParams.parse({ range: '1y', before: 'nope' }).dropped).toEqual(['range', 'before']);
  });
});
