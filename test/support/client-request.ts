// HTTP requests from a chosen local address (node:http with `localAddress`), so that a test can be a client
// the bot sees as remote (this machine's own non-loopback address) or as IPv6 (::1), over a real socket.

import http from 'node:http';
import net from 'node:net';
import os from 'node:os';

export interface ClientAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * Sends one request to the port of `url` + `path` from `localAddress` (default: the system's choice). With a
 * local address, the request goes to this machine's loopback of the same family (the bot listens on `::`).
 */
export function requestFrom(
  url: string,
  options: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    localAddress?: string;
  },
): Promise<ClientAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: options.localAddress
          ? net.isIPv4(options.localAddress)
            ? '127.0.0.1'
            : '::1'
          : target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        // Sent as written: `/.//x` or `/\\x` must reach the server unnormalised.
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** An address of this machine that is not loopback (what a remote client looks like to the bot), by family. */
export function nonLoopbackAddress(family: 'IPv4' | 'IPv6'): string {
  for (const entries of Object.values(os.networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal || entry.family !== family) continue;
      // Link-local IPv6 needs a scope id to be used as a source: any other address will do.
      if (family === 'IPv6' && entry.address.toLowerCase().startsWith('fe80:')) continue;
      return entry.address;
    }
  }
  throw new Error(
    `this machine has no non-loopback ${family} address; the test needs one to act as a remote client (any network interface up)`,
  );
}
