/**
 * Which addresses a webhook may be delivered to. Endpoint URLs are typed by admins, so a URL naming the
 * server itself, a private network or a cloud metadata address (169.254.169.254) would let anyone who can
 * save an endpoint probe the inside of the deployment. Every address a host resolves to is classified, and
 * the connection goes to the address that was checked (see lib/server/webhook-send.ts), not a second lookup.
 * Pure (the server's own addresses are passed in), so it is unit tested.
 */
import net from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'shared'
  | 'multicast'
  | 'reserved'
  | 'self';

const v4: [string, number, AddressClass][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata lives here
  ['100.64.0.0', 10, 'shared'], // carrier-grade NAT
  ['192.0.0.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];
const v6: [string, number, AddressClass][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fc00::', 7, 'unique-local'], // fd00::/8 (AWS's metadata fd00:ec2::254) is inside
  ['ff00::', 8, 'multicast'],
  ['64:ff9b::', 96, 'reserved'], // NAT64 can reach IPv4 private space
  ['2001:db8::', 32, 'reserved'],
];

function blockListOf(entries: [string, number, AddressClass][], family: 'ipv4' | 'ipv6') {
  return entries.map(([base, prefix, cls]) => {
    const list = new net.BlockList();
    list.addSubnet(base, prefix, family);
    return { list, family, cls };
  });
}
const RANGES = [...blockListOf(v4, 'ipv4'), ...blockListOf(v6, 'ipv6')];

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:127.0.0.1), else the address itself. */
function unmap(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

export function classifyAddress(address: string, selfAddresses: readonly string[] = []): AddressClass {
  const ip = unmap(address.replace(/^\[|\]$/g, '').split('%')[0]!);
  const family = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
  if (!family) return 'reserved';
  for (const r of RANGES) if (r.family === family && r.list.check(ip, family)) return r.cls;
  if (selfAddresses.some((s) => unmap(s) === ip)) return 'self';
  return 'public';
}

/** Networks an operator allowed in spite of the rules (WEBHOOK_ALLOW_NETWORKS, e.g. `127.0.0.0/8,10.1.0.0/16`). */
export function parseAllowedNetworks(raw: string | undefined): { list: net.BlockList; cidrs: string[] } {
  const list = new net.BlockList();
  const cidrs: string[] = [];
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [base, prefixText] = part.split('/');
    const family = net.isIPv4(base ?? '') ? 'ipv4' : net.isIPv6(base ?? '') ? 'ipv6' : null;
    const prefix = prefixText === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefixText);
    const max = family === 'ipv4' ? 32 : 128;
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new Error(`WEBHOOK_ALLOW_NETWORKS: ${part} is not an address or CIDR range (e.g. 127.0.0.1/32)`);
    }
    list.addSubnet(base!, prefix, family);
    cidrs.push(`${base}/${prefix}`);
  }
  return { list, cidrs };
}

export type AddressVerdict = { ok: true } | { ok: false; cls: AddressClass; reason: string };

/** May a delivery connect to `address`? Public addresses yes; any other class only inside an allowed network. */
export function checkAddress(address: string, allowed: net.BlockList, selfAddresses: readonly string[] = []): AddressVerdict {
  const cls = classifyAddress(address, selfAddresses);
  if (cls === 'public') return { ok: true };
  const ip = unmap(address.replace(/^\[|\]$/g, '').split('%')[0]!);
  const family = net.isIPv4(ip) ? 'ipv4' : 'ipv6';
  if (net.isIP(ip) && allowed.check(ip, family)) return { ok: true };
  const what = cls === 'self' ? 'this server' : `a ${cls} address`;
  return { ok: false, cls, reason: `${ip} is ${what}; webhooks are not delivered there unless WEBHOOK_ALLOW_NETWORKS allows it` };
}
