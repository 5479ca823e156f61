import { isIP } from 'node:net';

/**
 * The address a request comes from. Without trusted proxies it is the socket's peer. With `trustedHops` proxies in
 * front of the node (TRUST_PROXY), each appending the address it was reached from to `X-Forwarded-For`, the chain
 * is `[...X-Forwarded-For, socket peer]` and the client is the entry `trustedHops` places left of the peer: entries
 * further left were written by the client itself and are never believed. A chain shorter than that answers its
 * leftmost entry; an entry that is not an IP address answers the peer (a proxy that writes garbage is a setup error).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const peer = socketAddress ?? 'unknown';
  if (trustedHops <= 0 || forwardedFor === undefined) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = [
    ...header
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    peer,
  ];
  const entry = chain[Math.max(0, chain.length - 1 - trustedHops)]!;
  return isIP(entry) ? entry : peer;
}
