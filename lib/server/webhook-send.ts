/**
 * One webhook HTTP request, guarded: the host's addresses are checked against the SSRF rules
 * (lib/webhooks/ssrf.ts) inside the connection's own lookup, so the address connected to is the one checked
 * (a DNS answer cannot change between check and connect). No redirects, a whole-request timeout, and at most
 * `maxResponseBytes` of the answer read (the first bytes are kept for the delivery log).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import { checkAddress, checkHostName } from '../webhooks/ssrf';
import type { AttemptResult } from '../../db/queries/outbox';

export const KEPT_RESPONSE_BYTES = 512;

/** This machine's own addresses (a URL naming one of them reaches this server). */
export function selfAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => Boolean(i))
    .map((i) => i.address);
}

export class BlockedAddress extends Error {
  override name = 'BlockedAddress';
}

export type SendOptions = { timeoutMs: number; maxResponseBytes: number; allowNetworks: net.BlockList };

/**
 * Checks the name (localhost, metadata names), resolves `host` and checks every address; throws BlockedAddress
 * naming the first refused one.
 */
export async function resolveChecked(
  host: string,
  allow: net.BlockList,
): Promise<{ address: string; family: number }[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const named = checkHostName(bare, allow);
  if (!named.ok) throw new BlockedAddress(named.reason);
  const found = net.isIP(bare)
    ? [{ address: bare, family: net.isIP(bare) }]
    : await dns.promises.lookup(bare, { all: true, verbatim: true });
  const self = selfAddresses();
  for (const a of found) {
    const verdict = checkAddress(a.address, allow, self);
    if (!verdict.ok) throw new BlockedAddress(verdict.reason);
  }
  if (found.length === 0) throw new BlockedAddress(`${host} does not resolve`);
  return found;
}

/** Checks a URL an admin typed: http(s), no credentials, and its host resolves to allowed addresses only. */
export async function checkEndpointUrl(url: string, allow: net.BlockList): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Enter a full URL, e.g. https://shop.example.com/hooks/bobbin.';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'Use an http or https URL.';
  if (u.username || u.password) return 'Leave credentials out of the URL (the signature authenticates us).';
  try {
    await resolveChecked(u.hostname, allow);
    return null;
  } catch (err) {
    if (err instanceof BlockedAddress) return `Refused: ${err.message}.`;
    return `${u.hostname} could not be resolved.`;
  }
}

export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: SendOptions,
): Promise<AttemptResult> {
  const started = performance.now();
  const done = (r: Omit<AttemptResult, 'latencyMs'>): AttemptResult => ({
    ...r,
    latencyMs: performance.now() - started,
  });
  return new Promise<AttemptResult>((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      resolve(done({ ok: false, status: null, body: null, error: 'invalid URL' }));
      return;
    }
    const lib = u.protocol === 'https:' ? https : http;
    // Every connection's addresses go through the guard (literal IPs skip node's lookup, so check them here too).
    const lookup: net.LookupFunction = (hostname, options, callback) => {
      resolveChecked(hostname, opts.allowNetworks)
        .then((found) => {
          if ((options as dns.LookupOptions).all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, found);
          else callback(null, found[0]!.address, found[0]!.family);
        })
        .catch((err: Error) => callback(err as NodeJS.ErrnoException, '', 0));
    };
    const literal = u.hostname.replace(/^\[|\]$/g, '');
    const pre = net.isIP(literal) ? resolveChecked(literal, opts.allowNetworks) : Promise.resolve();
    pre.then(
      () => {
        const req = lib.request(
          u,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            lookup,
            signal: AbortSignal.timeout(opts.timeoutMs),
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            let capped = false;
            const finish = () => {
              const text = Buffer.concat(chunks).subarray(0, KEPT_RESPONSE_BYTES).toString('utf8');
              const status = res.statusCode ?? 0;
              resolve(
                done({
                  ok: status >= 200 && status < 300,
                  status,
                  body: text,
                  error: capped ? `response cut at ${opts.maxResponseBytes} bytes` : null,
                }),
              );
            };
            res.on('data', (chunk: Buffer) => {
              if (capped) return;
              size += chunk.length;
              if (chunks.reduce((s, c) => s + c.length, 0) < KEPT_RESPONSE_BYTES) chunks.push(chunk);
              if (size > opts.maxResponseBytes) {
                capped = true;
                res.destroy();
                finish();
              }
            });
            res.on('end', () => !capped && finish());
            res.on(
              'error',
              (err) =>
                !capped && resolve(done({ ok: false, status: res.statusCode ?? null, body: null, error: err.message })),
            );
          },
        );
        req.on('error', (err) => {
          const error =
            err.name === 'AbortError' || err.name === 'TimeoutError'
              ? `timed out after ${opts.timeoutMs} ms`
              : err.message;
          resolve(done({ ok: false, status: null, body: null, error }));
        });
        req.end(body);
      },
      (err: Error) => resolve(done({ ok: false, status: null, body: null, error: err.message })),
    );
  });
}
