import { isIP } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';

/**
 * The client's address, for rate limits and throttling. X-Forwarded-For is believed only when
 * the direct peer is a configured proxy, and then only up to the first hop that is not one:
 * anyone else could write any address there and get a fresh quota with every request.
 */
export function clientAddress(request: Request, trustedProxies: ReadonlySet<string>): string {
  const peer = normalize(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalize(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index] as string;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}

/**
 * Works the client's address out once per request, first thing, for everything after it (the rate
 * limit, the GraphQL context) to read with settledClientAddress.
 */
export function settleClientAddress(trustedProxies: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    res.locals.clientAddress = clientAddress(req, trustedProxies);
    next();
  };
}

export function settledClientAddress(res: Response): string {
  const address: unknown = res.locals.clientAddress;
  if (typeof address !== 'string') throw new Error('the client address is read before settleClientAddress ran');
  return address;
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function parseTrustedProxies(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(normalize),
  );
}
