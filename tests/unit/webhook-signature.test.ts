import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '@/lib/webhooks/signature';

const body = '{"id":"evt_1","type":"stock.level_changed"}';

describe('webhook signatures', () => {
  it('signs timestamp + body with HMAC-SHA256, as a receiver would recompute it', () => {
    const header = signatureHeader(['s3cret'], body, 1_800_000_000);
    const expected = createHmac('sha256', 's3cret').update(`1800000000.${body}`).digest('hex');
    expect(header).toBe(`t=1800000000,v1=${expected}`);
    expect(verifySignature(header, 's3cret', body, 1_800_000_010)).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret, an old timestamp and a malformed header', () => {
    const header = signatureHeader(['s3cret'], body, 1_800_000_000);
    expect(verifySignature(header, 's3cret', `${body} `, 1_800_000_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, 'other', body, 1_800_000_000)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, 's3cret', body, 1_800_000_301)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(header, 's3cret', body, 1_799_999_699)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature('v1=abc', 's3cret', body, 1_800_000_000)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(null, 's3cret', body, 1_800_000_000)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('carries one v1 per secret during a rotation; either secret verifies', () => {
    const header = signatureHeader(['old', 'new'], body, 1_800_000_000);
    expect(header.split(',').filter((part) => part.startsWith('v1='))).toHaveLength(2);
    expect(verifySignature(header, 'old', body, 1_800_000_000)).toEqual({ ok: true });
    expect(verifySignature(header, 'new', body, 1_800_000_000)).toEqual({ ok: true });
  });
});
