import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffMs } from '@/lib/webhooks/backoff';
import { checkAddress, checkHostName, classifyAddress, parseAllowedNetworks } from '@/lib/webhooks/ssrf';
import { parseWebhookSettings } from '@/lib/webhooks/settings';

describe('webhook retry backoff', () => {
  const policy = { baseMs: 10_000, capMs: 3_600_000 };

  it('doubles per attempt from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((a) => backoffCeilingMs(a, policy))).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000,
    ]);
    expect(backoffCeilingMs(500, policy)).toBe(3_600_000); // no overflow far out
  });

  it('jitters between half and all of the ceiling', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(20_000);
    expect(backoffMs(3, policy, () => 0.999999)).toBe(40_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(4, policy)));
    expect(spread.size).toBeGreaterThan(10); // not all retries of a burst land together
    for (const d of spread) expect(d).toBeGreaterThanOrEqual(40_000), expect(d).toBeLessThanOrEqual(80_000);
  });
});

describe('webhook SSRF address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'], // how URL parsing writes [::ffff:127.0.0.1]
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::7f00:1', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['fec0::1', 'reserved'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['100.64.0.1', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['not-an-ip', 'reserved'],
    ['172.32.0.1', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it("the server's own addresses count as itself", () => {
    expect(classifyAddress('203.0.113.7', ['203.0.113.7'])).toBe('self');
    expect(checkAddress('203.0.113.7', new net.BlockList(), ['203.0.113.7'])).toMatchObject({ ok: false, cls: 'self' });
  });

  it('refuses non-public addresses unless an allowed network covers them', () => {
    const none = parseAllowedNetworks(undefined).list;
    expect(checkAddress('93.184.216.34', none)).toEqual({ ok: true });
    const refused = checkAddress('169.254.169.254', none);
    expect(refused).toMatchObject({ ok: false, cls: 'link-local' });
    if (!refused.ok) expect(refused.reason).toMatch(/WEBHOOK_ALLOW_NETWORKS/);
    const allowed = parseAllowedNetworks('127.0.0.1/32, 10.0.0.0/8').list;
    expect(checkAddress('127.0.0.1', allowed)).toEqual({ ok: true });
    expect(checkAddress('::ffff:127.0.0.1', allowed)).toEqual({ ok: true });
    expect(checkAddress('10.200.0.1', allowed)).toEqual({ ok: true });
    expect(checkAddress('127.0.0.2', allowed).ok).toBe(false);
    expect(checkAddress('169.254.169.254', allowed).ok).toBe(false);
  });

  it('refuses by default every address the alert channels refused (loopback, metadata, unspecified, multicast)', () => {
    const none = parseAllowedNetworks(undefined).list;
    for (const a of [
      '127.0.0.1',
      '127.8.9.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '[::ffff:7f00:1]',
      '224.0.0.1',
      '100.100.100.200',
      'fe80::1%eth0',
    ]) {
      expect(checkAddress(a, none).ok, a).toBe(false);
    }
    for (const a of ['93.184.216.34', '2606:4700::1111']) expect(checkAddress(a, none), a).toEqual({ ok: true });
  });

  it('refuses localhost and metadata host names by name', () => {
    const none = parseAllowedNetworks(undefined).list;
    for (const h of [
      'localhost',
      'LOCALHOST.',
      'api.localhost',
      'metadata.google.internal',
      'metadata',
      'instance-data',
    ]) {
      expect(checkHostName(h, none).ok, h).toBe(false);
    }
    expect(checkHostName('hooks.example.com', none)).toEqual({ ok: true });
    expect(checkHostName('localhost', parseAllowedNetworks('127.0.0.1/32').list)).toEqual({ ok: true });
    // A metadata name is never a legitimate target, whatever is allowed.
    expect(checkHostName('metadata.google.internal', parseAllowedNetworks('169.254.0.0/16').list).ok).toBe(false);
  });

  it('rejects a malformed allow list naming the setting', () => {
    expect(() => parseAllowedNetworks('localhost')).toThrow(/WEBHOOK_ALLOW_NETWORKS: localhost/);
    expect(() => parseAllowedNetworks('10.0.0.0/33')).toThrow(/WEBHOOK_ALLOW_NETWORKS/);
    expect(parseAllowedNetworks('::1').cidrs).toEqual(['::1/128']);
  });
});

describe('webhook settings', () => {
  it('defaults, and refuses out-of-range values naming the variable', () => {
    const s = parseWebhookSettings({});
    expect(s).toMatchObject({
      maxAttempts: 10,
      timeoutMs: 10_000,
      maxResponseBytes: 65_536,
      everyMs: 2_000,
      allowCidrs: [],
    });
    expect(parseWebhookSettings({ WEBHOOK_MAX_ATTEMPTS: '3' }).maxAttempts).toBe(3);
    expect(() => parseWebhookSettings({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
    expect(() => parseWebhookSettings({ WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });
});
