import { describe, expect, it } from 'vitest';
import { decodeSegment } from '@/lib/validation';

describe('decodeSegment', () => {
  it('decodes a route segment, and refuses malformed percent-encoding instead of throwing', () => {
    expect(decodeSegment('u-1')).toBe('u-1');
    expect(decodeSegment('a%2Fb%20c')).toBe('a/b c');
    expect(decodeSegment('%E0%A4%A')).toBeNull();
    expect(decodeSegment('%')).toBeNull();
  });
});
