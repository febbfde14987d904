import { describe, expect, it } from 'vitest';
import { conflictingFields, mergeValues, otherEditor, sameValue, suggestedChoices } from '@/lib/edit-conflict/merge';

const base = {
  name: 'Linen dress',
  status: 'draft',
  price: '49.90',
  tags: ['summer'],
  attrs: { fabric: 'linen', size: 'M' },
};

describe('edit conflicts, field by field', () => {
  it('lists only fields where mine and the stored version differ, and who changed each', () => {
    const mine = { ...base, name: 'Linen wrap dress', price: '45.00' };
    const theirs = { ...base, status: 'active', price: '39.00' };
    const conflicts = conflictingFields(['name', 'status', 'price', 'tags', 'attrs'], base, mine, theirs);
    expect(conflicts.map((c) => [c.field, c.changedByMe, c.changedByThem, c.clash, c.suggested])).toEqual([
      ['name', true, false, false, 'mine'],
      ['status', false, true, false, 'theirs'],
      ['price', true, true, true, 'mine'],
    ]);
  });

  it('treats the same change on both sides as no conflict', () => {
    const both = { ...base, name: 'Same new name' };
    expect(conflictingFields(['name'], base, both, { ...both })).toEqual([]);
  });

  it('merges per field: keeps mine, takes theirs, and keeps theirs where I changed nothing', () => {
    const mine = { ...base, name: 'Mine', price: '45.00' };
    const theirs = { ...base, status: 'active', price: '39.00', name: 'Theirs' };
    const conflicts = conflictingFields(Object.keys(base), base, mine, theirs);
    const choices = { ...suggestedChoices(conflicts), price: 'theirs' as const };
    expect(mergeValues(mine, theirs, choices)).toEqual({ ...base, name: 'Mine', status: 'active', price: '39.00' });
    expect(mergeValues(mine, theirs, {})).toEqual(theirs);
  });

  it('compares arrays in order and objects regardless of key order', () => {
    expect(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });

  it('names the other editor, or says it was the same person in another tab', () => {
    expect(otherEditor({ name: 'Mara Merch', you: false })).toBe('Mara Merch');
    expect(otherEditor({ name: 'Mara Merch', you: true })).toBe('you, in another tab');
    expect(otherEditor(null)).toBe('someone else');
  });
});
