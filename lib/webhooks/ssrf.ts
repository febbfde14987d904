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
  ['::', 96, 'reserved'], // deprecated IPv4-compatible addresses (::127.0.0.1)
  ['fec0::', 10, 'reserved'], // deprecated site-local
  ['::ffff:0:0:0', 96, 'reserved'], // IPv4-translated (SIIT)
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

/** The 8 16-bit groups of an IPv6 address (a dotted IPv4 tail counts as two), or null. */
function groupsOf(ip: string): number[] | null {
  if (!net.isIPv6(ip)) return null;
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = tail === undefined ? [] : part(tail);
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}

/**
 * The IPv4 address inside an IPv4-mapped IPv6 address in any spelling (::ffff:127.0.0.1, and ::ffff:7f00:1 as URL
 * parsing writes it), else the address itself: a mapped address connects to the IPv4 one, so it is judged as that.
 */
function unmap(address: string): string {
  const g = groupsOf(address);
  if (!g || g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return address;
  return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
}

export function classifyAddress(address: string, selfAddresses: readonly string[] = []): AddressClass {
  const ip = unmap(address.replace(/^\[|\]$/g, '').split('%')[0]!);
  const family = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
  if (!family) return 'reserved';
  for (const r of RANGES) if (r.family === family && r.list.check(ip, family)) return r.cls;
  if (selfAddresses.some((s) => unmap(s.split('%')[0]!) === ip)) return 'self';
  return 'public';
}

/** Networks an operator allowed in spite of the rules (WEBHOOK_ALLOW_NETWORKS, e.g. `127.0.0.0/8,10.1.0.0/16`). */
export function parseAllowedNetworks(raw: string | undefined): { list: net.BlockList; cidrs: string[] } {
  const list = new net.BlockList();
  const cidrs: string[] = [];
  for (const part of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
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
export function checkAddress(
  address: string,
  allowed: net.BlockList,
  selfAddresses: readonly string[] = [],
): AddressVerdict {
  const cls = classifyAddress(address, selfAddresses);
  if (cls === 'public') return { ok: true };
  const ip = unmap(address.replace(/^\[|\]$/g, '').split('%')[0]!);
  const family = net.isIPv4(ip) ? 'ipv4' : 'ipv6';
  if (net.isIP(ip) && allowed.check(ip, family)) return { ok: true };
  const what = cls === 'self' ? 'this server' : `a ${cls} address`;
  return {
    ok: false,
    cls,
    reason: `${ip} is ${what}; webhooks are not delivered there unless WEBHOOK_ALLOW_NETWORKS allows it`,
  };
}

/** Cloud metadata services' host names (they resolve to link-local addresses inside the cloud only). */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.com']);

/**
 * Host names refused by name, before any DNS answer (which may differ between here and the cloud): metadata
 * service names always; `localhost` and `*.localhost` (RFC 6761: always loopback) unless loopback is allowed.
 */
export function checkHostName(host: string, allowed: net.BlockList): AddressVerdict {
  const name = host.toLowerCase().replace(/\.+$/, '');
  if (METADATA_HOSTS.has(name))
    return { ok: false, cls: 'link-local', reason: `${name} is a cloud metadata host name` };
  if (name === 'localhost' || name.endsWith('.localhost')) {
    if (allowed.check('127.0.0.1', 'ipv4') || allowed.check('::1', 'ipv6')) return { ok: true };
    const reason = `${name} is this server (a loopback address); webhooks are not delivered there unless WEBHOOK_ALLOW_NETWORKS allows it`;
    return { ok: false, cls: 'loopback', reason };
  }
  return { ok: true };
}
