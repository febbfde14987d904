// Bobbin's HTTP server (`npm start`, `npm run dev`): Next's request handler behind node:http, so every request
// carries the socket address. Next does not give route handlers, server actions or next-auth the socket address
// (NextRequest.ip is gone since 15) and fills X-Forwarded-For with it only when the client sent none, so a client
// could choose the address its sign-in and survey limits count. Here any incoming `x-bobbin-peer` header is
// replaced by `<token> <socket address>`; the token is random per process and known only to this process, so
// lib/client-address.ts believes the stamp only when it came from this server.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { stampPeer } from './peer-stamp.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const token = randomBytes(24).toString('base64url');
process.env.BOBBIN_PEER_TOKEN = token;

// The container image runs this file from Next's standalone output (the Dockerfile copies scripts/ beside
// server.js), where there is no next.config.ts: the build's own config is used, as Next's standalone server.js does.
const serverFiles = path.join(root, '.next', 'required-server-files.json');
if (!dev && !fs.existsSync(path.join(root, 'next.config.ts')) && fs.existsSync(serverFiles)) {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(
    JSON.parse(fs.readFileSync(serverFiles, 'utf8')).config,
  );
  process.chdir(root);
}

const app = next({ dev, dir: root, port, hostname: 'localhost' });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  stampPeer(req, token);
  void handle(req, res);
});
const upgrade = app.getUpgradeHandler(); // dev: hot-reload websocket
server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
server.listen(port, () =>
  console.log(`bobbin: listening on http://localhost:${port} (${dev ? 'development' : 'production'})`),
);

// Stop accepting connections; lib/server/shutdown.ts flushes and closes the database before the exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
