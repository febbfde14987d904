// The socket-address stamp scripts/server.mjs puts on every request (read by lib/client-address.ts). Whatever
// the client sent under this header is replaced, never kept.
export const PEER_HEADER = 'x-bobbin-peer';

/** @param {import('node:http').IncomingMessage} req @param {string} token */
export function stampPeer(req, token) {
  req.headers[PEER_HEADER] = `${token} ${req.socket?.remoteAddress ?? ''}`;
}
