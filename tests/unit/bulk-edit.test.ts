import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '@/lib/catalog/attributes';
import {
  applyWrites,
  bulkColumns,
  fillDownWrites,
  formatCell,
  parseCell,
  parseTsv,
  pasteWrites,
  rangeOf,
  toTsv,
  undoChanges,
  validateBulkEdit,
} from '@/lib/catalog/bulk-edit';

const DEFS: AttributeDefinition[] = [
  { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Cotton'], required: true },
  { key: 'inseam', label: 'Inseam', type: 'number', unit: 'cm' },
  { key: 'lined', label: 'Lined', type: 'boolean' },
  { key: 'care', label: 'Care', type: 'text' },
];
const fabric = DEFS[0]!;

describe('TSV from a spreadsheet', () => {
  it('splits tabs and newlines, Windows line ends, and ignores one trailing newline', () => {
    expect(parseTsv('a\tb\tc\r\n1\t2\t3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps empty cells, including trailing ones', () => {
    expect(parseTsv('a\t\t\n\tb\t')).toEqual([
      ['a', '', ''],
      ['', 'b', ''],
    ]);
  });

  it('reads quoted cells holding tabs, newlines and doubled quotes', () => {
    expect(parseTsv('"a\tb"\t"line1\nline2"\t"say ""hi"""\nx\ty\tz')).toEqual([
      ['a\tb', 'line1\nline2', 'say "hi"'],
      ['x', 'y', 'z'],
    ]);
  });

  it('reads a value that merely starts with a quote literally', () => {
    expect(parseTsv('"12 inch\tb')).toEqual([['"12 inch', 'b']]);
    expect(parseTsv('5" zip\tb')).toEqual([['5" zip', 'b']]);
  });

  it('round-trips through toTsv', () => {
    const rows = [
      ['a', 'b\tc', 'd"e'],
      ['x\ny', '', 'z'],
    ];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });

  it('an empty clipboard is no rows', () => {
    expect(parseTsv('')).toEqual([]);
  });
});

describe('paste', () => {
  const size = { rows: 5, cols: 6 };
  const all = () => true;

  it('writes a 3 × 4 block from the anchor, row by row', () => {
    const block = parseTsv('1\t2\t3\t4\n5\t6\t7\t8\n9\t10\t11\t12');
    const writes = pasteWrites(block, { row: 1, col: 2 }, { rows: 10, cols: 10 }, all);
    expect(writes).toHaveLength(12);
    expect(writes[0]).toEqual({ row: 1, col: 2, text: '1' });
    expect(writes[11]).toEqual({ row: 3, col: 5, text: '12' });
  });

  it('clips at the grid edges', () => {
    const writes = pasteWrites(
      [
        ['a', 'b', 'c'],
        ['d', 'e', 'f'],
      ],
      { row: 4, col: 4 },
      size,
      all,
    );
    expect(writes).toEqual([
      { row: 4, col: 4, text: 'a' },
      { row: 4, col: 5, text: 'b' },
    ]);
  });

  it('skips cells that are not editable without shifting the block', () => {
    const writes = pasteWrites([['a', 'b', 'c']], { row: 0, col: 0 }, size, (_r, c) => c !== 1);
    expect(writes).toEqual([
      { row: 0, col: 0, text: 'a' },
      { row: 0, col: 2, text: 'c' },
    ]);
  });

  it('one value over a selection fills the selection', () => {
    const writes = pasteWrites([['x']], { row: 0, col: 0 }, size, all, rangeOf({ row: 0, col: 1 }, { row: 2, col: 2 }));
    expect(writes).toHaveLength(6);
    expect(new Set(writes.map((w) => w.text))).toEqual(new Set(['x']));
  });
});

describe('fill down', () => {
  const text = (r: number, c: number) => `r${r}c${c}`;

  it('copies the top row of the selection into each column below it', () => {
    const writes = fillDownWrites(rangeOf({ row: 1, col: 0 }, { row: 3, col: 1 }), text, () => true);
    expect(writes).toEqual([
      { row: 2, col: 0, text: 'r1c0' },
      { row: 3, col: 0, text: 'r1c0' },
      { row: 2, col: 1, text: 'r1c1' },
      { row: 3, col: 1, text: 'r1c1' },
    ]);
  });

  it('a one-row selection fills from the row above; the first row has nothing above', () => {
    expect(fillDownWrites(rangeOf({ row: 2, col: 0 }, { row: 2, col: 0 }), text, () => true)).toEqual([
      { row: 2, col: 0, text: 'r1c0' },
    ]);
    expect(fillDownWrites(rangeOf({ row: 0, col: 0 }, { row: 0, col: 3 }), text, () => true)).toEqual([]);
  });

  it('skips cells that are not editable', () => {
    const writes = fillDownWrites(rangeOf({ row: 0, col: 0 }, { row: 2, col: 0 }), text, (r) => r !== 1);
    expect(writes).toEqual([{ row: 2, col: 0, text: 'r0c0' }]);
  });
});

describe('edits and undo', () => {
  it('keeps only cells that differ from the loaded text', () => {
    const { edits, changes } = applyWrites(new Map(), [
      { key: 'a', text: '1', original: '0' },
      { key: 'b', text: 'same', original: 'same' },
    ]);
    expect([...edits]).toEqual([['a', '1']]);
    expect(changes).toEqual([{ key: 'a', before: undefined, after: '1' }]);
    // Typing the loaded value back makes the cell clean again.
    expect(applyWrites(edits, [{ key: 'a', text: '0', original: '0' }]).edits.size).toBe(0);
  });

  it('undo restores the state before a batch, even when the batch changed a key twice', () => {
    const start = new Map([['a', 'x']]);
    const { edits, changes } = applyWrites(start, [
      { key: 'a', text: 'y', original: '0' },
      { key: 'b', text: 'z', original: '0' },
      { key: 'a', text: 'w', original: '0' },
    ]);
    expect(edits.get('a')).toBe('w');
    expect([...undoChanges(edits, changes)]).toEqual([['a', 'x']]);
  });
});

describe('cells', () => {
  it('parses each kind and says why not', () => {
    expect(parseCell('money', '12.5')).toEqual({ value: 1250 });
    expect(parseCell('money', '')).toEqual({ value: null });
    expect(parseCell('money', '12,50')).toEqual({ value: 1250 });
    expect(parseCell('money', 'abc')).toHaveProperty('error');
    expect(parseCell('money', '99999999.99')).toHaveProperty('error');
    expect(parseCell('barcode', '4006381333931')).toEqual({ value: '4006381333931' });
    expect(parseCell('barcode', '12ab')).toEqual({ error: 'Use 8 to 14 digits (EAN/UPC).' });
    expect(parseCell('status', 'inactive')).toEqual({ value: false });
    expect(parseCell('status', 'YES')).toEqual({ value: true });
    expect(parseCell('status', 'maybe')).toHaveProperty('error');
    expect(parseCell('reorder', '')).toEqual({ value: 0 });
    expect(parseCell('reorder', '-1')).toHaveProperty('error');
    expect(parseCell('reorder', '2.5')).toHaveProperty('error');
    expect(parseCell('readonly', 'x')).toHaveProperty('error');
  });

  it('types attribute cells by their definition', () => {
    expect(parseCell('attr', 'linen', fabric)).toEqual({ value: 'Linen' });
    expect(parseCell('attr', 'wool', fabric)).toEqual({ error: 'Choose one of: Linen, Cotton.' });
    expect(parseCell('attr', '', fabric)).toEqual({ error: 'Fabric is required in this category.' });
    expect(parseCell('attr', '', DEFS[1])).toEqual({ value: undefined });
    expect(parseCell('attr', '81,5', DEFS[1])).toEqual({ value: 81.5 });
    expect(parseCell('attr', 'long', DEFS[1])).toEqual({ error: 'Enter a number in cm.' });
    expect(parseCell('attr', 'no', DEFS[2])).toEqual({ value: false });
    expect(parseCell('attr', 'x', undefined)).toHaveProperty('error');
  });

  it('formats what it parses', () => {
    for (const [kind, text, def] of [
      ['money', '12.50'],
      ['status', 'Inactive'],
      ['attr', 'Linen', fabric],
      ['attr', 'Yes', DEFS[2]],
      ['reorder', '7'],
    ] as const) {
      const p = parseCell(kind, text, def);
      expect('value' in p && formatCell(kind, p.value)).toBe(text);
    }
  });

  it('columns: fixed ones, attributes, then a reorder point per location', () => {
    const cols = bulkColumns(DEFS, [{ id: 'loc-1', code: 'WH1' }]);
    expect(cols.map((c) => c.key)).toEqual([
      'sku',
      'product',
      'price',
      'barcode',
      'status',
      'attr.fabric',
      'attr.inseam',
      'attr.lined',
      'attr.care',
      'reorder.loc-1',
    ]);
  });
});

describe('the save, validated on the server', () => {
  it('errors are keyed by row and column; good cells are parsed', () => {
    const { errors, variants, products } = validateBulkEdit(
      {
        variants: [
          {
            id: 'v1',
            version: 3,
            price: '10',
            barcode: 'nope',
            reorder: [{ locationId: 'l1', version: 2, value: '5' }],
          },
          { id: 'v2', version: 1, status: 'Inactive', reorder: [{ locationId: 'l1', version: null, value: 'x' }] },
        ],
        products: [
          { id: 'p1', version: 1, attributes: { fabric: 'cotton', inseam: 'long', care: '' } },
          { id: 'gone', version: 1, attributes: { fabric: 'Linen' } },
        ],
      },
      (id) => (id === 'p1' ? DEFS : undefined),
    );
    expect(errors).toEqual({
      'variants.v1.barcode': ['Use 8 to 14 digits (EAN/UPC).'],
      'variants.v2.reorder.l1': ['Enter a whole number, 0 or more.'],
      'products.p1.attr.inseam': ['Enter a number in cm.'],
      'products.gone': ['This product no longer exists.'],
    });
    expect(variants[0]).toEqual({
      id: 'v1',
      version: 3,
      priceOverride: 1000,
      reorder: [{ locationId: 'l1', version: 2, point: 5 }],
    });
    expect(variants[1]!.active).toBe(false);
    expect(products[0]!.attributes).toEqual({ fabric: 'Cotton', care: undefined });
  });
});
