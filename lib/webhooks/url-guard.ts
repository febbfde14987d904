/**
 * SSRF guard for URLs that Bobbin posts to on an admin's say-so (alert channels): refuses loopback, link-local
 * (which holds the cloud metadata service), unspecified and multicast addresses, and metadata host names —
 * unless the operator allows local targets (ALERT_ALLOW_LOCAL_URLS=on; the tests' receivers run on 127.0.0.1).
 * The check runs twice: on save (a clear field error) and in the socket's DNS lookup when posting, so a name
 * that later resolves elsewhere (DNS rebinding) is refused too.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'metadata.azure.com']);

/** An IPv4-mapped IPv6 address in hex form (::ffff:7f00:1, as URL parsing writes it) as dotted IPv4. */
function mappedHex(address: string): string | undefined {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!m) return undefined;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why an address may not be posted to, or null. */
export function forbiddenAddress(address: string): string | null {
  const v4 = net.isIPv4(address) ? address : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? mappedHex(address);
  if (v4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    if (a === 127) return 'a loopback address';
    if (a === 0) return 'an unspecified address';
    if (a === 169 && b === 254) return 'a link-local (cloud metadata) address';
    if (a === 100 && b === 100) return 'a cloud metadata address'; // Alibaba's 100.100.100.200
    if (a >= 224) return 'a multicast or reserved address';
    return null;
  }
  const v6 = address.toLowerCase();
  if (v6 === '::1') return 'a loopback address';
  if (v6 === '::') return 'an unspecified address';
  if (/^fe[89ab]/.test(v6)) return 'a link-local address';
  if (v6.startsWith('fd00:ec2:')) return 'a cloud metadata address';
  if (v6.startsWith('ff')) return 'a multicast address';
  return null;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Syntax and host-name checks (no DNS): http(s) only, no credentials, no metadata or localhost names. */
export function checkUrlShape(raw: string, allowLocal: boolean): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Enter a full URL, e.g. https://hooks.example.com/bobbin.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'Use an http:// or https:// URL.' };
  if (url.username || url.password) return { ok: false, reason: 'Put credentials in the secret, not in the URL.' };
  if (allowLocal) return { ok: true, url };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || METADATA_HOSTS.has(host)) return { ok: false, reason: `${host} points at this server or a metadata service.` };
  const bad = net.isIP(host) ? forbiddenAddress(host) : null;
  if (bad) return { ok: false, reason: `That URL points at ${bad}.` };
  return { ok: true, url };
}

/** Shape checks plus where the name resolves now (every address must be allowed). */
export async function checkUrl(raw: string, allowLocal: boolean): Promise<UrlCheck> {
  const shape = checkUrlShape(raw, allowLocal);
  if (!shape.ok || allowLocal || net.isIP(shape.url.hostname.replace(/^\[|\]$/g, ''))) return shape;
  try {
    const addrs = await dns.promises.lookup(shape.url.hostname, { all: true });
    for (const a of addrs) {
      const bad = forbiddenAddress(a.address);
      if (bad) return { ok: false, reason: `${shape.url.hostname} resolves to ${bad}.` };
    }
  } catch {
    return { ok: false, reason: `${shape.url.hostname} does not resolve.` };
  }
  return shape;
}

export type PostResult = { ok: boolean; status: number | null; detail: string; ms: number };

/**
 * POSTs `body` with a guarded DNS lookup, a timeout for the whole exchange and a cap on the response read
 * (only its first bytes are kept for the log). Never throws: failures come back as `ok: false` with a reason.
 */
export function guardedPost(raw: string, body: string, headers: Record<string, string>, opts: { allowLocal: boolean; timeoutMs?: number; maxBytes?: number }): Promise<PostResult> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, detail: string): PostResult => ({ ok, status, detail, ms: Math.round(performance.now() - started) });
  const shape = checkUrlShape(raw, opts.allowLocal);
  if (!shape.ok) return Promise.resolve(done(false, null, shape.reason));
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const bad = opts.allowLocal ? null : list.map((a) => forbiddenAddress(a.address)).find(Boolean);
      if (bad) return callback(new Error(`refused: ${hostname} resolves to ${bad}`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const maxBytes = opts.maxBytes ?? 4096;
  return new Promise((resolve) => {
    const mod = shape.url.protocol === 'https:' ? https : http;
    const req = mod.request(
      shape.url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Bobbin-Alerts/1', ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, timeout: opts.timeoutMs ?? 5000 },
      (res) => {
        let got = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (got.length < maxBytes) got += chunk.slice(0, maxBytes - got.length);
          else res.destroy(); // enough: the rest is not read
        });
        const finish = () => {
          const status = res.statusCode ?? 0;
          resolve(done(status >= 200 && status < 300, status, `HTTP ${status}${got ? `: ${got.slice(0, 200)}` : ''}`));
        };
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs ?? 5000} ms`)));
    req.on('error', (err) => resolve(done(false, null, err.message)));
    req.end(body);
  });
}
