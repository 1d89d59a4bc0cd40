// A TCP relay on 127.0.0.1 in front of a server, to drop live connections at a chosen moment (mid-fetch,
// between two commands) the way a flaky network or a restarted load balancer does.

import net from 'node:net';

export interface TcpCutter {
  port: number;
  /** Destroys every open connection now. */
  cutAll(): void;
  /** Destroys every connection once `bytes` more bytes have gone from the server to clients (once). */
  cutAfterDownstreamBytes(bytes: number): void;
  cuts(): number;
  close(): Promise<void>;
}

export async function startTcpCutter(targetPort: number): Promise<TcpCutter> {
  const sockets = new Set<net.Socket>();
  let budget: number | undefined;
  let cuts = 0;
  const cutAll = () => {
    cuts += 1;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (budget !== undefined) {
        budget -= chunk.length;
        if (budget <= 0) {
          budget = undefined;
          // Let part of this chunk through, so the cut lands inside the literal being fetched.
          client.write(chunk.subarray(0, Math.floor(chunk.length / 2)));
          cutAll();
          return;
        }
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cutAll,
    cutAfterDownstreamBytes(bytes) {
      budget = bytes;
    },
    cuts: () => cuts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
