// TRUST_PROXY: which reverse proxies in front of the bot to believe about the client's address, a hop
// count or the proxies' own addresses (the model of Express's `trust proxy`). Parsed here with the rest of
// the configuration; the address itself is found by http/client-address.ts.

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
  const wrong = proxies.filter((entry) => proxySubnet(entry) === undefined);
  if (wrong.length > 0 || proxies.length === 0) {
    return {
      error: `TRUST_PROXY: expected the number of reverse proxies in front of the bot (1 for one nginx or load balancer) or a comma-separated list of their addresses (10.0.0.5, 10.0.0.0/8, ::1), found "${value}"; for example TRUST_PROXY=1`,
    };
  }
  return { trust: { proxies } };
}

/** A proxy's address or CIDR range as a subnet, or undefined when it is neither. */
export function proxySubnet(
  entry: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: bits, family };
  if (!/^\d+$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { address, prefix: Number(prefixText), family };
}
