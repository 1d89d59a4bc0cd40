// The bot's HTTP server on node:http: a table of routes, each in its own file. No framework: the bot has
// seven endpoints, and the things a framework would add (body parsing) are exactly what must be done
// differently here (cap counted while streaming, raw bytes kept for the webhook signature).

import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Logger } from '../config/logger.ts';
import { StoreError } from '../store/open-store.ts';
import type { TrustProxy } from '../config/trust-proxy.ts';
import { clientAddressResolver } from './client-address.ts';
import { HttpError, readingStopped, stopReading, type HttpAnswer } from './http-answer.ts';
import { isSameMachine } from './same-machine.ts';

export interface RequestContext {
  request: IncomingMessage;
  url: URL;
  /** Values of `:name` segments of the route's path. */
  params: Record<string, string>;
  /**
   * The client address: the socket's, or the one our own proxies wrote in X-Forwarded-For (TRUST_PROXY).
   * For rate limits (`createIpRateLimiter` groups it); never proof that the client is local.
   */
  ip: string;
  /** The client is a program on this machine, connected directly: decided from the socket alone (same-machine.ts). */
  sameMachine: boolean;
  now: number;
  log: Logger;
}

export interface Route {
  method: 'GET' | 'POST';
  /** `/api/requests/:ref`; a last segment `:name?` may be absent. */
  path: string;
  /** Callable from the help site's origin (CORS granted to it only). */
  cors?: boolean;
  /** Built with what it needs (the bot's context, for the bot's routes); `context` is this request's. */
  handle(context: RequestContext): Promise<HttpAnswer>;
}

const securityHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * The values of `pathname`'s `:name` segments under `pattern`, and the pattern as it matched (a last
 * segment written `:name?` may be absent: `/api/inbound/sendgrid/:secret?` matches with or without it).
 */
function matchPath(
  pattern: string,
  pathname: string,
): { params: Record<string, string>; matched: string } | undefined {
  let want = pattern.split('/');
  const got = pathname.split('/');
  const last = want.at(-1) ?? '';
  if (last.startsWith(':') && last.endsWith('?')) {
    if (got.length === want.length - 1) want = want.slice(0, -1);
    else want = [...want.slice(0, -1), last.slice(0, -1)];
  }
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index += 1) {
    const segment = want[index] ?? '';
    const value = got[index] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return { params, matched: want.join('/') };
}

/** The origin of `siteUrl`, the one origin granted CORS. */
function originOf(siteUrl: string | undefined): string | undefined {
  return siteUrl ? new URL(siteUrl).origin : undefined;
}

/** Body bytes still read and discarded after an answer given before the body arrived (refused origin, rate limit). */
const discardAllowanceBytes = 64 * 1024;

/**
 * An answer before the whole body arrived: a body refused for its size is not read further and the
 * connection closes after the answer. Any other (refused before reading) is read and discarded up to
 * `discardAllowanceBytes`, so a client finishing a small upload reads its answer on a connection that stays
 * usable; past that, reading stops and the connection is cut once the answer is out.
 */
function settleUnreadBody(
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): void {
  if (request.complete) return;
  if (readingStopped(request)) {
    headers.connection = 'close';
    return;
  }
  let left = discardAllowanceBytes;
  const onData = (chunk: Buffer) => {
    left -= chunk.length;
    if (left >= 0) return;
    request.off('data', onData);
    stopReading(request);
    if (response.writableFinished) request.socket.destroy();
    else response.once('finish', () => request.socket.destroy());
  };
  request.on('data', onData);
  request.resume();
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  answer: HttpAnswer,
  extra: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...securityHeaders, ...extra, ...answer.headers };
  settleUnreadBody(request, response, headers);
  let payload: string | Uint8Array | undefined;
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (answer.text !== undefined) {
    payload = answer.text;
    headers['content-type'] = answer.contentType ?? 'text/plain; charset=utf-8';
  } else if (answer.bytes !== undefined) {
    payload = answer.bytes;
    headers['content-type'] = answer.contentType ?? 'application/octet-stream';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(answer.status, headers);
  response.end(payload);
}

export interface BotHttpServer {
  server: http.Server;
  /** Listens on `port` (0: any free port) and resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  clock: () => number;
  log: Logger;
  /** Which proxies' X-Forwarded-For entries to believe (TRUST_PROXY); none: the socket's address. */
  trustProxy?: TrustProxy;
  /** The help site, whose origin alone is granted CORS (read at each request). */
  siteUrl: () => string | undefined;
  /** A route failed to store (StoreError): answered 503; this records it for /healthz. */
  onStoreError(error: StoreError, at: number): void;
}

/** Creates the HTTP server over `routes`. */
export function createHttpServer(options: HttpServerOptions, routes: readonly Route[]): BotHttpServer {
  const clientAddress = clientAddressResolver(options.trustProxy);
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const now = options.clock();
    const url = new URL(request.url ?? '/', 'http://bot.invalid');
    const origin = request.headers.origin;
    const allowed = originOf(options.siteUrl());
    const candidates = routes.flatMap((route) => {
      const found = matchPath(route.path, url.pathname);
      return found ? [{ route, ...found }] : [];
    });
    if (candidates.length === 0) {
      send(request, response, { status: 404, json: { error: `no such endpoint: ${url.pathname}` } }, {});
      return;
    }
    const cors = candidates.some((candidate) => candidate.route.cors);
    const corsHeaders: Record<string, string> = {};
    if (cors) {
      corsHeaders.vary = 'Origin';
      if (origin !== undefined && origin === allowed) corsHeaders['access-control-allow-origin'] = origin;
    }
    if (request.method === 'OPTIONS' && cors) {
      if (origin === undefined || origin !== allowed) {
        send(request, response, { status: 403, json: { error: 'origin not allowed' } }, { vary: 'Origin' });
        return;
      }
      send(
        request,
        response,
        {
          status: 204,
          headers: {
            'access-control-allow-methods': candidates.map((candidate) => candidate.route.method).join(', '),
            'access-control-allow-headers': 'content-type, idempotency-key',
            'access-control-max-age': '600',
          },
        },
        corsHeaders,
      );
      return;
    }
    const match = candidates.find((candidate) => candidate.route.method === request.method);
    if (!match) {
      send(
        request,
        response,
        { status: 405, json: { error: `method ${request.method} not allowed on ${url.pathname}` } },
        { allow: candidates.map((candidate) => candidate.route.method).join(', ') },
      );
      return;
    }
    // A browser on another site gets no CORS grant and no effect: refuse before reading anything.
    if (match.route.cors && origin !== undefined && origin !== allowed) {
      send(request, response, { status: 403, json: { error: 'origin not allowed' } }, { vary: 'Origin' });
      return;
    }
    // The route's pattern, never the path: a path segment can be a secret (SendGrid's inbound URL).
    const log = options.log.child({
      requestId: randomUUID(),
      method: request.method,
      route: match.matched,
    });
    try {
      const answer = await match.route.handle({
        request,
        url,
        params: match.params,
        ip: clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for']),
        sameMachine: isSameMachine(request.socket.remoteAddress, request.headers, options.trustProxy),
        now,
        log,
      });
      send(request, response, answer, corsHeaders);
    } catch (error) {
      if (error instanceof HttpError) {
        send(
          request,
          response,
          { status: error.status, json: error.body },
          { ...corsHeaders, ...error.headers },
        );
        return;
      }
      if (error instanceof StoreError) {
        options.onStoreError(error, now);
        log.error('store failure', { code: error.code, error: error.message });
        // 503, never a 2xx: the sender (browser, GitHub, mail provider) must try again later.
        send(
          request,
          response,
          { status: 503, json: { error: 'temporarily unable to store the request; try again later' } },
          {
            ...corsHeaders,
            'retry-after': '30',
          },
        );
        return;
      }
      log.error('request failed', { error });
      send(request, response, { status: 500, json: { error: 'internal error' } }, corsHeaders);
    }
  };
  // A small read-ahead buffer per request (Node's default is 64 KiB): a body refused for its size leaves at
  // most that much read beyond the cap.
  const server = http.createServer({ highWaterMark: 16 * 1024 }, (request, response) => {
    void handle(request, response);
  });
  // Slow clients must not hold connections forever.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${net.isIPv6(host) ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        // Graceful: stop accepting, let requests in flight finish (their inbox write included), then cut.
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
    },
  };
}
