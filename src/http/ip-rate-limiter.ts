// Per-IP rate limits count a client, not an address: an IPv6 customer is usually given a whole /64 and can
// pick a fresh address in it for every request, so all of a /64 is one bucket. An IPv4-mapped IPv6 address
// (`::ffff:203.0.113.7`, what a dual-stack socket reports for an IPv4 client) is that IPv4 address. The
// grouping happens here, where the key is made, so every per-IP limit gets it and no route repeats it.

import ipaddr from 'ipaddr.js';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limiter.ts';

/** The bucket key of a client address: the IPv4 address itself, or the IPv6 /64 it belongs to. */
export function ipRateKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toNormalizedString()}/64`);
  return `${network.toString()}/64`;
}

/** A rate limiter keyed by client address (see `createRateLimiter`), one bucket per IPv4 address or IPv6 /64. */
export function createIpRateLimiter(limit: RateLimit, maxKeys?: number): RateLimiter {
  const limiter = createRateLimiter(limit, maxKeys);
  return { take: (address, now) => limiter.take(ipRateKey(address), now) };
}
