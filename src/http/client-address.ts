// The client address the rate limits count, behind reverse proxies, in the model of Express's
// `trust proxy`: X-Forwarded-For is read from the right (each proxy appends the address it received the
// connection from), and only the entries our own proxies wrote are believed. The leftmost entries are
// whatever the client sent, so taking the first entry would let anyone pick a fresh address per request.
// Which proxies to believe is the configuration's (config/trust-proxy.ts, TRUST_PROXY).

import net from 'node:net';
import { proxySubnet, type TrustProxy } from '../config/trust-proxy.ts';

/** An address as a proxy may write it (`::ffff:1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`), or undefined. */
function normalise(entry: string): string | undefined {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  if (address.toLowerCase().startsWith('::ffff:') && net.isIPv4(address.slice(7))) address = address.slice(7);
  return net.isIP(address) === 0 ? undefined : address;
}

/** Returns the function that finds the client address of a connection under `trust` (none: the socket's). */
export function clientAddressResolver(
  trust: TrustProxy | undefined,
): (socketAddress: string | undefined, forwardedFor: string | string[] | undefined) => string {
  let trusted: (address: string, index: number) => boolean = () => false;
  if (trust && 'hops' in trust) {
    trusted = (_address, index) => index < trust.hops;
  } else if (trust) {
    const list = new net.BlockList();
    for (const entry of trust.proxies) {
      const subnet = proxySubnet(entry);
      if (subnet) list.addSubnet(subnet.address, subnet.prefix, subnet.family);
    }
    trusted = (address) => list.check(address, net.isIPv4(address) ? 'ipv4' : 'ipv6');
  }
  return (socketAddress, forwardedFor) => {
    const direct = normalise(socketAddress ?? '') ?? socketAddress ?? 'unknown';
    if (!trust) return direct;
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
    // Nearest first: the connection's own address, then the header from its last entry to its first.
    const chain = [
      direct,
      ...header
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .reverse(),
    ];
    let client = direct;
    for (let index = 0; index < chain.length; index += 1) {
      if (!trusted(client, index)) return client;
      // What a trusted hop says comes next; an entry that is not an address stops the walk at that hop.
      const next = normalise(chain[index + 1] ?? '');
      if (next === undefined) return client;
      client = next;
    }
    return client;
  };
}
