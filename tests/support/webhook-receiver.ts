import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../lib/webhooks/signature';

export type Received = {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; entity: string; data: Record<string, unknown> };
};

/**
 * A local webhook receiver on 127.0.0.1 (tests allow it with WEBHOOK_ALLOW_NETWORKS=127.0.0.1/32). Records
 * every request; `respond` decides the answer (default 200 "ok"); `verify` checks a signature like a real
 * receiver would.
 */
export async function startReceiver(
  respond?: (r: Received, n: number) => { status: number; body?: string; delayMs?: number } | 'hang',
) {
  const received: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { headers: req.headers, body, json: JSON.parse(body) };
      received.push(r);
      const answer = respond?.(r, received.length) ?? { status: 200, body: 'ok' };
      if (answer === 'hang') return; // never answers: the sender's timeout (or a crash) ends it
      const send = () => res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    verify(r: Received, secret: string) {
      return verifySignature(r.headers['bobbin-signature'] as string, secret, r.body, Math.floor(Date.now() / 1000));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
