// Whether a request comes from this machine, for the few endpoints a local program may call without
// credentials (an MTA pipe posting raw mail, a Prometheus on the same host). Decided from the socket's own
// address only, never from an address a header names: X-Forwarded-For is whatever the client wrote unless
// our proxy wrote it, and even then the proxy's own connection is loopback for every client it forwards.

import type { IncomingHttpHeaders } from 'node:http';
import ipaddr from 'ipaddr.js';
import type { TrustProxy } from '../config/trust-proxy.ts';

/** Headers a reverse proxy adds: their presence means the loopback socket is a proxy, not the client. */
const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

/** Whether `address` (as a socket reports it) is a loopback address: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback';
}

/**
 * True only when the connection's own address is loopback, it carries no forwarding header, and the bot is
 * not configured behind proxies (TRUST_PROXY): then the client really is a program on this machine.
 */
export function isSameMachine(
  socketAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trustProxy: TrustProxy | undefined,
): boolean {
  if (trustProxy !== undefined) return false;
  if (forwardingHeaders.some((name) => headers[name] !== undefined)) return false;
  return isLoopbackAddress(socketAddress);
}
