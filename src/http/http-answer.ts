// The shape every route returns, and the small helpers that read a request safely: a body read with a
// cap counted while streaming (413 before anything is parsed or hashed, and not one more chunk read), JSON only.

import type { IncomingMessage } from 'node:http';

/** What a route answers; the server adds security and CORS headers. */
export interface HttpAnswer {
  status: number;
  /** Serialised as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  text?: string;
  /** Binary body (a stored attachment), sent as is with `contentType`. */
  bytes?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A refusal with an HTTP status, thrown by helpers and turned into an answer by the server. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    body: { error: string; [key: string]: unknown },
    headers: Record<string, string> = {},
  ) {
    super(body.error);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Reads the whole body, refusing with 413 as soon as it exceeds `limitBytes` (declared or counted). */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, {
      error: `request body too large: the limit is ${limitBytes} bytes`,
      limitBytes,
    });
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    stopReading(request);
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        done = true;
        chunks.length = 0;
        request.off('data', onData);
        stopReading(request);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

const stopped = new WeakSet<IncomingMessage>();

/**
 * Stops reading a body the bot refuses for its size: nothing more is taken from the connection, so a
 * client streaming without end is held back by TCP flow control instead of being read and discarded, and
 * the server closes the connection after the answer (see `createHttpServer`).
 */
export function stopReading(request: IncomingMessage): void {
  stopped.add(request);
  request.pause();
  request.socket.pause();
}

/** Whether `stopReading` was called on `request`. */
export function readingStopped(request: IncomingMessage): boolean {
  return stopped.has(request);
}

/** Refuses anything but `application/json` (415), before reading the body. */
export function requireJson(request: IncomingMessage): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, { error: `unsupported content type "${type ?? ''}": send application/json` });
  }
}

/** Parses a JSON body, refusing malformed JSON with 400. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, { error: 'malformed JSON body' });
  }
}

/** The 429 for a client over a per-IP limit: `Retry-After` in whole seconds, the same number in the body. */
export function tooManyRequests(retryAfterMs: number, what = 'IP address'): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(
    429,
    { error: `too many requests from this ${what}; try again in ${seconds} s`, retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}
