import { describe, expect, it } from 'vitest';
import { diffRecords } from '@/lib/audit-diff';

describe('diffRecords', () => {
  it('lists only changed fields as [before, after]', () => {
    expect(
      diffRecords({ name: 'A', role: 'support', active: true }, { name: 'A', role: 'admin', active: true }),
    ).toEqual({ role: ['support', 'admin'] });
  });

  it('records a creation with null before and a deletion with null after', () => {
    expect(diffRecords(null, { name: 'A' })).toEqual({ name: [null, 'A'] });
    expect(diffRecords({ name: 'A' }, null)).toEqual({ name: ['A', null] });
  });

  it('never writes secrets, only that they changed', () => {
    expect(diffRecords({ passwordHash: 'old' }, { passwordHash: 'new' })).toEqual({
      passwordHash: ['[redacted]', '[redacted]'],
    });
    expect(JSON.stringify(diffRecords(null, { apiKey: 'k', token: 't' }))).not.toMatch(/"k"|"t"/);
  });

  it('ignores bookkeeping fields and compares dates and objects by value', () => {
    const d = new Date('2026-01-01T00:00:00Z');
    expect(
      diffRecords(
        { version: 1, updatedAt: d, at: d, tags: ['a'] },
        { version: 2, updatedAt: new Date(), at: new Date(d), tags: ['a'] },
      ),
    ).toEqual({});
    expect(diffRecords({ tags: ['a'] }, { tags: ['a', 'b'] })).toEqual({ tags: [['a'], ['a', 'b']] });
  });
});
