import net from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A minimal WebSocket-to-TCP proxy, the local stand-in for Neon's proxy: the Neon driver speaks the Postgres
 * wire protocol inside WebSocket frames to `ws://host/v1?address=<db host:port>`; we pipe them to that address.
 */
export async function startNeonProxy(): Promise<{ address: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws, req) => {
    const target = new URL(req.url ?? '/', 'http://proxy').searchParams.get('address') ?? '127.0.0.1:5432';
    const [host, port] = target.split(':');
    const socket = net.connect(Number(port ?? 5432), host ?? '127.0.0.1');
    ws.on('message', (data) => socket.write(data as Buffer));
    socket.on('data', (chunk) => ws.send(chunk));
    socket.on('close', () => ws.close());
    socket.on('error', () => ws.close());
    ws.on('close', () => socket.end());
    ws.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
