// The client address the rate limits count, behind reverse proxies, in the model of Express's
// `trust proxy`: X-Forwarded-For is read from the right (each proxy appends the address it received the
// connection from), and only the entries our own proxies wrote are believed. The leftmost entries are
// whatever the client sent, so taking the first entry would let anyone pick a fresh address per request.

import net from 'node:net';

/** Which proxies in front of the bot to believe (`TRUST_PROXY`). */
export type TrustProxy =
  /** The bot sits behind exactly this many proxies: the client is the `hops`-th address from the right. */
  | { hops: number }
  /** The proxies' own addresses (IPs or CIDR ranges): the client is the rightmost address not among them. */
  | { proxies: readonly string[] };

/** Parses `TRUST_PROXY`: a hop count or a comma-separated list of addresses; undefined when off. */
export function parseTrustProxy(text: string): { trust?: TrustProxy; error?: string } {
  const value = text.trim();
  if (value === '' || value === '0' || value === 'false') return {};
  if (/^\d+$/.test(value)) return { trust: { hops: Number(value) } };
  const proxies = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const wrong = proxies.filter((entry) => toSubnet(entry) === undefined);
  if (wrong.length > 0 || proxies.length === 0) {
    return {
      error: `TRUST_PROXY: expected the number of reverse proxies in front of the bot (1 for one nginx or load balancer) or a comma-separated list of their addresses (10.0.0.5, 10.0.0.0/8, ::1), found "${value}"; for example TRUST_PROXY=1`,
    };
  }
  return { trust: { proxies } };
}

function toSubnet(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: bits, family };
  if (!/^\d+$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { address, prefix: Number(prefixText), family };
}

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
      const subnet = toSubnet(entry);
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
