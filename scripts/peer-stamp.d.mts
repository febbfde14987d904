import type { IncomingMessage } from 'node:http';
export const PEER_HEADER: string;
export function stampPeer(
  req: Pick<IncomingMessage, 'headers'> & { socket?: { remoteAddress?: string } },
  token: string,
): void;
