// RELIABILITY 2, 13 and 15 at the socket: a chunked body (no content-length) over the cap is refused with
// 413 while it streams, a body declared too large or sent from a foreign origin is refused before it is
// read; nothing is queued, and the bot stops reading the connection and closes it: counted at its socket,
// it reads the cap plus what arrived with the headers and one 64 KiB read in flight, whatever the client
// keeps sending (32 MiB here, held back by TCP flow control).

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { siteOrigin, startHarness, type Harness } from '../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const chunkBytes = 64 * 1024;
/** What the client is ready to send in all: far more than any cap, so a server that keeps reading shows it. */
const offeredBytes = 32 * 1024 * 1024;

interface Outcome {
  /** The status line and headers of the answer. */
  head: string;
  body: string;
  /** Body bytes (chunk framing included) the bot's side of the connection read from the network. */
  bodyBytesRead: number;
  /** Bytes the client managed to write before the bot closed the connection. */
  clientBytesWritten: number;
}

/**
 * Streams a body of `{"x":"aaaa…` at the bot, chunked unless `headers` declare a Content-Length, like a
 * client that does not read the answer: it keeps sending until the bot closes the connection.
 */
async function streamBody(h: Harness, path: string, headers: Record<string, string>): Promise<Outcome> {
  const serverSide = new Promise<net.Socket>((resolve) => h.bot.http.server.once('connection', resolve));
  const socket = net.connect(Number(new URL(h.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const server = await serverSide;
  const serverClosed = new Promise<number>((resolve) =>
    server.once('close', () => resolve(server.bytesRead)),
  );
  let received = '';
  socket.on('data', (data: Buffer) => {
    received += data.toString('latin1');
  });
  let closed = false;
  const clientClosed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  socket.on('error', () => {
    // The bot closing the connection under a client still writing is the expected end (EPIPE/ECONNRESET).
  });
  const chunked = !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(chunked ? ['Transfer-Encoding: chunked'] : []),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  const data = Buffer.alloc(chunkBytes, 'a');
  data.write('{"x":"');
  const chunk = chunked
    ? Buffer.concat([Buffer.from(`${chunkBytes.toString(16)}\r\n`), data, Buffer.from('\r\n')])
    : data;
  socket.write(head);
  let written = 0;
  while (!closed && written < offeredBytes) {
    written += chunkBytes;
    if (!socket.write(chunk)) {
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), clientClosed]);
    }
  }
  const serverBytesRead = await serverClosed;
  if (!closed) socket.destroy();
  const split = received.indexOf('\r\n\r\n');
  return {
    head: received.slice(0, split),
    body: received.slice(split + 4),
    bodyBytesRead: serverBytesRead - Buffer.byteLength(head),
    clientBytesWritten: written,
  };
}

interface Case {
  what: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  /** Body bytes the bot must read to decide (the cap), 0 when it refuses from the headers. */
  read: number;
  perIp?: { burst: number; refillMs: number };
  /** Settings of the bot for this case (restored after). */
  env?: Record<string, string>;
  /** Requests sent first (to spend a route's own rate limit). */
  before?: (h: Harness) => Promise<void>;
  /** Text the answer's body says. */
  says?: string;
}

const basicAuth = `Basic ${Buffer.from('relay:inbound-pass').toString('base64')}`;

describe('a body the bot will not read', () => {
  it.each<Case>([
    {
      what: 'a chunked form submission over the cap',
      path: '/api/requests',
      headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
      status: 413,
      read: 64 * 1024,
    },
    {
      what: 'a chunked webhook delivery over the cap',
      path: '/api/github/webhooks',
      headers: {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'issues',
        'X-GitHub-Delivery': 'chunked-1',
        'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}`,
      },
      status: 413,
      read: 256 * 1024,
    },
    {
      what: 'a form submission declaring a length over the cap',
      path: '/api/requests',
      headers: {
        'Content-Type': 'application/json',
        Origin: siteOrigin,
        'Content-Length': String(20 * 1024 * 1024),
      },
      status: 413,
      read: 0,
    },
    {
      what: 'a form submission over the per-IP limit',
      path: '/api/requests',
      headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
      status: 429,
      read: 0,
      perIp: { burst: 0, refillMs: 60_000 },
    },
    {
      what: 'a form submission from a foreign origin',
      path: '/api/requests',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      status: 403,
      read: 0,
    },
    {
      what: 'a file upload over the per-IP limit',
      path: '/api/attachments',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', Origin: siteOrigin },
      status: 429,
      read: 0,
      perIp: { burst: 0, refillMs: 60_000 },
      says: 'too many requests from this IP address',
    },
    {
      what: 'a file upload that is not multipart/form-data',
      path: '/api/attachments',
      headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
      status: 415,
      read: 0,
    },
    {
      what: 'a raw mail that is not message/rfc822',
      path: '/api/inbound/email',
      headers: { 'Content-Type': 'text/plain' },
      status: 415,
      read: 0,
    },
    {
      what: 'a Postmark post that is not JSON',
      path: '/api/inbound/postmark',
      headers: { 'Content-Type': 'text/plain', Authorization: basicAuth },
      status: 415,
      read: 0,
      env: { INBOUND_EMAIL_BASIC_AUTH: 'relay:inbound-pass' },
    },
    {
      what: 'a Mailgun post to a bot without MAILGUN_SIGNING_KEY',
      path: '/api/inbound/mailgun',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      status: 401,
      read: 0,
    },
    {
      what: 'a feedback signal over its per-IP limit',
      path: '/api/feedback',
      headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
      status: 429,
      read: 0,
      // The feedback route's own limit: 30 signals, then one every 2 s.
      before: async (h) => {
        for (let signal = 0; signal < 30; signal += 1)
          await fetch(`${h.url}/api/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: siteOrigin },
            body: '{}',
          });
      },
    },
  ])(
    '$what: answered $status, nothing queued, and the bot stops reading at once',
    async ({ path, headers, status, read, perIp, env, before, says }) => {
      harness = await startHarness({
        runWorker: false,
        limits: {
          requestBodyBytes: 64 * 1024,
          webhookBodyBytes: 256 * 1024,
          ...(perIp ? { perIp } : {}),
        },
        ...(env ? { mailEnv: env } : {}),
      });
      await before?.(harness);
      const outcome: Outcome = await streamBody(harness, path, headers);
      expect(outcome.head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      if (says !== undefined) expect(outcome.body).toContain(says);
      if (status === 413) expect(outcome.head.toLowerCase()).toContain('connection: close');
      // What it must read, plus at most what arrived with the headers and the socket read in flight.
      expect(outcome.bodyBytesRead).toBeLessThanOrEqual(read + 2 * chunkBytes);
      expect(outcome.clientBytesWritten).toBeLessThan(offeredBytes);
      expect((await harness.bot.context.jobs.countByState()).queued).toBe(0);
      expect(await harness.bot.context.inbox.countBySource()).toEqual({});
    },
  );
});
