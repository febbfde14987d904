import { describe, expect, it } from 'vitest';
import {
  attributeFilterFragment,
  validateAttributes,
  validateDefinitions,
  type AttributeDefinition,
} from '@/lib/catalog/attributes';
import { formatMoney, parseList, parseMoney, slugify } from '@/lib/catalog/constants';
import {
  BASE_COLUMNS,
  checkHeader,
  csvErrorsOf,
  csvFieldErrors,
  parseImagesCell,
  decodeUtf8,
  escapeCell,
  parseCsv,
  unescapeCell,
  validateRow,
  type ImportContext,
} from '@/lib/catalog/csv';
import { generateSkus, markExisting, skuProblems } from '@/lib/catalog/sku';
import { toPrefixQuery } from '@/db/queries/catalog-list';

const DEFS: AttributeDefinition[] = [
  { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Cotton'], required: true },
  { key: 'season', label: 'Season', type: 'multi_enum', options: ['Spring', 'Summer'] },
  { key: 'inseam', label: 'Inseam', type: 'number', unit: 'cm' },
  { key: 'lined', label: 'Lined', type: 'boolean' },
  { key: 'care', label: 'Care', type: 'text' },
];

describe('attribute definitions', () => {
  it('accepts a well-formed set', () => {
    expect(validateDefinitions(DEFS)).toEqual({});
  });

  it('names each problem by row and field', () => {
    const errors = validateDefinitions([
      { key: 'Fabric', label: '', type: 'enum', options: [] },
      { key: 'care', label: 'Care', type: 'text', unit: 'cm' },
      { key: 'care', label: 'Care 2', type: 'enum', options: ['A', 'a'] },
      { key: 'x', label: 'X', type: 'colour' as never },
    ]);
    expect(Object.keys(errors).sort()).toEqual([
      'attributeDefs.0.key',
      'attributeDefs.0.label',
      'attributeDefs.0.options',
      'attributeDefs.1.unit',
      'attributeDefs.2.key',
      'attributeDefs.2.options',
      'attributeDefs.3.type',
    ]);
    expect(errors['attributeDefs.2.key']).toEqual(['"care" is defined twice.']);
  });
});

describe('attribute values', () => {
  it('coerces form strings to the defined types and option spelling', () => {
    expect(
      validateAttributes(DEFS, {
        fabric: 'linen',
        season: 'summer, Spring',
        inseam: '81,5',
        lined: 'yes',
        care: '  30°C ',
      }),
    ).toEqual({
      values: { fabric: 'Linen', season: ['Summer', 'Spring'], inseam: 81.5, lined: true, care: '30°C' },
      errors: {},
    });
  });

  it('refuses unknown keys, missing required values and wrong types; drops blank optional ones', () => {
    const { values, errors } = validateAttributes(DEFS, {
      colour: 'red',
      season: ['Winter'],
      inseam: 'long',
      lined: 'maybe',
      care: '',
    });
    expect(values).toEqual({});
    expect(errors).toEqual({
      'attributes.colour': ['"colour" is not an attribute of this category.'],
      'attributes.fabric': ['Fabric is required in this category.'],
      'attributes.season': ['"Winter" is not allowed. Choose from: Spring, Summer.'],
      'attributes.inseam': ['Enter a number in cm.'],
      'attributes.lined': ['Use yes or no.'],
    });
  });

  it('types filter values so they match the stored JSON', () => {
    expect(attributeFilterFragment(DEFS[2], 'inseam', '81')).toEqual({ inseam: 81 });
    expect(attributeFilterFragment(DEFS[1], 'season', 'summer')).toEqual({ season: ['Summer'] });
    expect(attributeFilterFragment(DEFS[0], 'fabric', 'tweed')).toBeNull();
    expect(attributeFilterFragment(undefined, 'legacy', 'x')).toEqual({ legacy: 'x' });
  });
});

describe('SKU matrix', () => {
  it('generates one row per size × colour from the pattern', () => {
    expect(
      generateSkus('{product}-{size}-{colour}', 'ava-wrap-dress', ['S', 'M', 'L'], ['Navy Blue', 'Sand', 'Olive']),
    ).toHaveLength(9);
    expect(
      generateSkus('{product}-{size}-{colour}', 'ava-wrap-dress', ['S', 'M'], ['Navy Blue', 'Sand']).map((r) => r.sku),
    ).toEqual(['AVA-WRAP-DRESS-S-NAV', 'AVA-WRAP-DRESS-S-SAN', 'AVA-WRAP-DRESS-M-NAV', 'AVA-WRAP-DRESS-M-SAN']);
    expect(generateSkus('BB{n}/{size}', 'x', ['XS', 'One size'], []).map((r) => r.sku)).toEqual([
      'BB01/XS',
      'BB02/ONE-SIZE',
    ]);
  });

  it('flags duplicates (ignoring case) and invalid codes', () => {
    const rows = generateSkus('{product}-{size}', 'tee', ['S', 'S'], ['Navy', 'Sand']);
    expect([...skuProblems(rows.map((r) => r.sku)).keys()]).toEqual([1, 2, 3]);
    expect(skuProblems(['ok-1', 'OK-1', '-bad', 'has space'])).toEqual(
      new Map([
        [1, 'Same SKU as row 1.'],
        [2, expect.stringContaining('Use letters')],
        [3, expect.stringContaining('Use letters')],
      ]),
    );
  });
});

describe('money, slugs, lists, search', () => {
  it('parses and prints prices as integer minor units', () => {
    expect(parseMoney('49.9')).toBe(4990);
    expect(parseMoney('49,90')).toBe(4990);
    expect(parseMoney('12')).toBe(1200);
    expect(parseMoney('-1')).toBeNull();
    expect(parseMoney('1.234')).toBeNull();
    expect(formatMoney(4990, 'EUR')).toBe('€49.90');
  });
  it('slugs, lists and prefix queries', () => {
    expect(slugify('Élise Wrap Dress!')).toBe('elise-wrap-dress');
    expect(parseList(' a, b ,, a ')).toEqual(['a', 'b']);
    expect(toPrefixQuery("lin wrap's & | !")).toBe('lin:* & wrap:* & s:*');
    expect(toPrefixQuery('%%%')).toBeNull();
  });
});

describe('CSV row errors in the field-error shape', () => {
  it('keys them rows.<row>.<column> (rows.<row> for a whole row) and reads them back, dotted columns included', () => {
    const errors = [
      { row: 4, column: 'attr.fabric', message: 'Choose one of: Linen.' },
      { row: 4, column: 'attr.fabric', message: 'Second problem.' },
      { row: 7, column: '', message: 'Too many cells.' },
      { row: 12, column: 'name', message: 'Required.' },
    ];
    expect(csvFieldErrors(errors)).toEqual({
      'rows.4.attr.fabric': ['Choose one of: Linen.', 'Second problem.'],
      'rows.7': ['Too many cells.'],
      'rows.12.name': ['Required.'],
    });
    expect(csvErrorsOf(csvFieldErrors(errors))).toEqual(errors);
    expect(csvErrorsOf({ email: ['x'] })).toEqual([]);
    expect(csvErrorsOf(undefined)).toEqual([]);
  });
});

describe('CSV rows', () => {
  const ctx: ImportContext = {
    categories: new Map([
      ['trousers', { id: '11111111-1111-4111-8111-111111111111', name: 'Trousers', attributeDefs: DEFS }],
    ]),
    suppliers: new Map([['mill & thread', { id: '22222222-2222-4222-8222-222222222222', name: 'Mill & Thread' }]]),
  };
  const header = [...BASE_COLUMNS, 'attr.fabric', 'attr.season', 'attr.inseam'];
  const row = (patch: Record<string, string>) => {
    const base: Record<string, string> = {
      slug: 'wide-leg',
      name: 'Wide leg',
      category: 'trousers',
      status: 'active',
      base_price: '79.00',
      currency: 'eur',
      supplier: 'MILL & THREAD',
      tags: 'Summer|sale',
      sku: 'WL-38',
      size: '38',
      colour: 'Sand',
      active: 'yes',
      'attr.fabric': 'linen',
      'attr.season': 'Summer|Spring',
      'attr.inseam': '78',
    };
    const merged = { ...base, ...patch };
    return header.map((h) => merged[h] ?? '');
  };

  it('turns a valid row into typed product and variant fields', () => {
    const result = validateRow(header, row({}), 2, ctx);
    expect(result).toEqual({
      row: {
        line: 2,
        product: {
          slug: 'wide-leg',
          name: 'Wide leg',
          categoryId: ctx.categories.get('trousers')!.id,
          status: 'active',
          basePrice: 7900,
          currency: 'EUR',
          supplierId: ctx.suppliers.get('mill & thread')!.id,
          tags: ['summer', 'sale'],
          description: '',
          attributes: { fabric: 'Linen', season: ['Summer', 'Spring'], inseam: 78 },
        },
        variant: {
          sku: 'WL-38',
          size: '38',
          colour: 'Sand',
          priceOverride: null,
          barcode: '',
          weightGrams: null,
          active: true,
        },
        absentKeys: ['lined', 'care'],
        missingRequired: [],
        images: null,
      },
    });
  });

  it('reads the optional images column: stored catalog image paths (any host), by colour; nothing else', () => {
    const url = '/media/catalog/8d3f0c52-5b0e-4d7e-9a43-0d5a1f1f2b11/0123456789abcdef-display.webp';
    expect(parseImagesCell(`${url}| Navy = https://shop.example${url}`)).toEqual({
      refs: [
        { colour: '', url },
        { colour: 'Navy', url },
      ],
    });
    expect(parseImagesCell('')).toEqual({ refs: [] });
    expect(parseImagesCell('https://cdn.example/a.jpg')).toMatchObject({
      error: expect.stringContaining('not the address of a stored catalog image'),
    });
    expect(parseImagesCell('/media/catalog/../../etc/passwd')).toHaveProperty('error');
    expect(checkHeader([...BASE_COLUMNS, 'images'])).toEqual({ attrKeys: [] });
  });

  it('leaves a required attribute without a column to the import (the stored product may have it)', () => {
    const noFabric = header.filter((h) => h !== 'attr.fabric');
    const cells = row({}).filter((_, i) => header[i] !== 'attr.fabric');
    expect(validateRow(noFabric, cells, 2, ctx)).toMatchObject({
      row: { absentKeys: ['fabric', 'lined', 'care'], missingRequired: ['fabric'] },
    });
  });

  it('reports each bad cell with its row and column', () => {
    const result = validateRow(
      header,
      row({ slug: 'Wide Leg', base_price: '7,9,0', 'attr.inseam': 'x', weight_grams: '-2', sku: '', size: '38' }),
      7,
      ctx,
    );
    expect('errors' in result && result.errors.map((e) => `${e.row}:${e.column}`)).toEqual([
      '7:slug',
      '7:base_price',
      '7:attr.inseam',
      '7:sku',
    ]);
  });

  it('refuses formula cells and restores escaped ones', () => {
    for (const bad of ['=1+1', '+A1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      expect(unescapeCell(bad)).toHaveProperty('error');
    expect(unescapeCell("'=1+1")).toEqual({ value: '=1+1' });
    expect(unescapeCell('-2')).toEqual({ value: '-2' }); // a number, left to its column's check
    expect(unescapeCell("''=x")).toEqual({ value: "'=x" });
    expect(unescapeCell("'plain")).toEqual({ value: "'plain" });
    for (const s of ['=1+1', "'=x", '-minus', '@at', 'plain', "'plain"])
      expect(unescapeCell(escapeCell(s))).toEqual({ value: s });
    const result = validateRow(header, row({ name: '=HYPERLINK("http://evil")' }), 3, ctx);
    expect('errors' in result && result.errors[0]).toMatchObject({
      row: 3,
      column: 'name',
      message: expect.stringContaining('formula'),
    });
  });

  it('checks the header, the encoding and the CSV syntax', () => {
    expect(checkHeader([...BASE_COLUMNS, 'attr.fabric'])).toEqual({ attrKeys: ['fabric'] });
    expect(checkHeader(['slug', 'name', 'Price', 'slug'])).toEqual({
      error: expect.stringMatching(/missing columns category.*unknown column "Price".*repeated column slug/),
    });
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
    expect(decodeUtf8(new Uint8Array([0x61, 0xe9, 0x62]))).toBeNull();
    expect(parseCsv('a,b\n"unclosed,1')).toHaveProperty('error');
    expect(parseCsv('a,b\n1,"x, y"\n\n')).toEqual({ header: ['a', 'b'], rows: [['1', 'x, y']] });
  });
});

describe('variant generator against existing variants', () => {
  it('marks combinations the product has (ignoring case and spaces) and leaves the rest to create', () => {
    const rows = markExisting(generateSkus('{product}-{size}-{colour}', 'dress', ['S', 'M'], ['Navy', 'Sand']), [
      { size: 'm', colour: ' navy ', sku: 'DRESS-M-NAV-OLD' },
      { size: 'L', colour: 'Navy', sku: 'DRESS-L-NAV' },
    ]);
    expect(rows.map((r) => [r.size, r.colour, r.existingSku])).toEqual([
      ['S', 'Navy', null],
      ['S', 'Sand', null],
      ['M', 'Navy', 'DRESS-M-NAV-OLD'],
      ['M', 'Sand', null],
    ]);
    expect(
      markExisting(generateSkus('{product}', 'x', [], []), [{ size: '', colour: '', sku: 'X' }])[0]!.existingSku,
    ).toBe('X');
  });
});
