// A tiny static server for the built site on 127.0.0.1, like GitHub Pages: `dir/` serves `dir/index.html`,
// unknown paths get `404.html`. Requests under `/api/` are forwarded to the bot the test started, so
// the site (built with PUBLIC_BOT_URL=/) talks to its bot on the same origin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  /** Every path requested, in order (to count what a page loaded). */
  requests: string[];
  /** Bytes sent per request (after compression), in order: what a browser downloaded. */
  sent: { path: string; bytes: number }[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Gzip HTML, CSS, JS and JSON when the browser accepts it, as GitHub Pages does. */
  gzip?: boolean;
  /** Let the browser keep every file ten minutes, with its modification date, as GitHub Pages does. */
  cache?: boolean;
}

const compressible = /^(text\/|application\/json)/;

async function fileFor(root: string, pathname: string): Promise<string | undefined> {
  const decoded = decodeURIComponent(pathname);
  const candidate = path.join(root, decoded);
  if (!candidate.startsWith(root)) return undefined;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) return file;
  }
  return undefined;
}

/** Serves `root`; `botUrl` (if given) receives every `/api/…` request unchanged. */
export async function startStaticServer(
  root: string,
  botUrl?: () => string | undefined,
  options: StaticServerOptions = {},
): Promise<StaticServer> {
  const requests: string[] = [];
  const sent: StaticServer['sent'] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const record = { path: url.pathname, bytes: 0 };
    sent.push(record);
    const bot = botUrl?.();
    if (url.pathname.startsWith('/api/') && bot) {
      const upstream = http.request(
        new URL(url.pathname + url.search, bot),
        { method: request.method, headers: { ...request.headers, host: new URL(bot).host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => {
        response.writeHead(502).end();
      });
      request.pipe(upstream);
      return;
    }
    void fileFor(root, url.pathname).then(async (file) => {
      const found = file ?? (await fileFor(root, '/404.html'));
      if (!found) {
        response.writeHead(404).end();
        return;
      }
      const type = types[path.extname(found)] ?? 'application/octet-stream';
      const gzip =
        options.gzip === true &&
        compressible.test(type) &&
        /\bgzip\b/.test(String(request.headers['accept-encoding']));
      const modified = options.cache ? (await stat(found)).mtime.toUTCString() : undefined;
      response.writeHead(file ? 200 : 404, {
        'content-type': type,
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        ...(modified ? { 'cache-control': 'max-age=600', 'last-modified': modified } : {}),
      });
      const body = gzip ? createReadStream(found).pipe(createGzip({ level: 9 })) : createReadStream(found);
      body.on('data', (chunk: Buffer) => {
        record.bytes += chunk.length;
      });
      body.pipe(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
