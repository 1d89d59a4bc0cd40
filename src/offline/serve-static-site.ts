// Serves the built help site (dist/) on localhost for the offline stack: files only, no directory
// listing, no path outside the folder, `index.html` for folders, the site's 404 page for the rest.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
};

/** Anything else (Pagefind's index fragments have their own extensions) is sent as bytes. */
function contentType(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function resolveFile(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return undefined;
  for (const file of [candidate, path.join(candidate, 'index.html'), `${candidate}.html`]) {
    try {
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // Try the next form.
    }
  }
  return undefined;
}

/**
 * The address of the folder holding `indexFile`, written from the site's root (`/fr/kb/`): never the path
 * as the client sent it, whose `//evil.example/…` or `/\\evil.example/…` forms a browser reads as another site.
 */
function folderPath(root: string, indexFile: string): string {
  const segments = path.relative(root, path.dirname(indexFile)).split(path.sep).filter(Boolean);
  return `/${segments.map((segment) => `${encodeURIComponent(segment)}/`).join('')}`;
}

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on `host:port` (0: any free port). */
export function serveStaticSite(dir: string, port: number, host = '127.0.0.1'): Promise<StaticSite> {
  const root = path.resolve(dir);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site.invalid');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname.endsWith('/') === false && !path.extname(url.pathname)) {
      const folder = resolveFile(root, `${url.pathname}/`);
      if (folder?.endsWith('index.html')) {
        response.writeHead(301, { location: `${folderPath(root, folder)}${url.search}` }).end();
        return;
      }
    }
    const file = resolveFile(root, url.pathname);
    const status = file ? 200 : 404;
    const target = file ?? resolveFile(root, '/404.html');
    const headers: Record<string, string> = {
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    if (!target) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    headers['content-type'] = contentType(target);
    response.writeHead(status, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    fs.createReadStream(target).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
