import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

// TRUST_PROXY: with `hops` proxies in front of the node, each appending the address it was reached from to
// X-Forwarded-For, the chain is `[...X-Forwarded-For, socket peer]` and the client is the entry `hops` places left
// of the peer: entries further left were written by the client itself and are never believed. A chain shorter
// than that answers its leftmost entry.

/** fastify's `trustProxy`: the socket peer and the next `hops - 1` entries are our proxies. */
export const trustedHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

/** The client's address (fastify's `request.ip`); an entry that is not an IP address (a proxy that writes garbage) answers the peer. */
export function clientAddress(request: FastifyRequest): string {
  return isIP(request.ip) ? request.ip : (request.socket.remoteAddress ?? 'unknown');
}
