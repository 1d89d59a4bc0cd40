// X-Forwarded-For is whatever the client wrote unless our own proxy wrote it (RELIABILITY 33): a forged
// entry must never buy a fresh rate-limit bucket, on any per-IP limit and whatever TRUST_PROXY says, and
// must never make a remote client "local" for the endpoints that trust this machine (raw mail without
// credentials, /metrics without a token). Remote clients are real sockets from this machine's own
// non-loopback address; the bot listens on `::` so IPv4, IPv4-mapped and IPv6 (::1) clients all reach it.

import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { parseTrustProxy, type TrustProxy } from '../../src/config/trust-proxy.ts';
import { rawMail } from '../support/email-fixtures.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  settle,
  siteOrigin,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { nonLoopbackAddress, requestFrom } from '../support/client-request.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** One call of each per-IP limited endpoint, with `headers` added; resolves to the HTTP status. */
function endpoints(h: Harness, status: { ref: string; token: string }) {
  return {
    form: async (headers: Record<string, string>, index: number) =>
      (
        await postRequest(
          h.url,
          incidentSubmission(h.bot.context.clock(), {
            requester: { name: `Client ${index}`, email: `client${index}@example.org` },
          }),
          headers,
        )
      ).status,
    upload: async (headers: Record<string, string>) => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(png)]), 'capture.png');
      const response = await fetch(`${h.url}/api/attachments?lang=fr`, {
        method: 'POST',
        headers: { origin: siteOrigin, ...headers },
        body: form,
      });
      return response.status;
    },
    feedback: async (headers: Record<string, string>) =>
      (
        await fetch(`${h.url}/api/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: siteOrigin, ...headers },
          body: JSON.stringify({
            kind: 'article-helpful',
            lang: 'fr',
            article: 'reinitialiser-mot-de-passe',
          }),
        })
      ).status,
    status: async (headers: Record<string, string>) =>
      (
        await fetch(`${h.url}/api/requests/${status.ref}?token=${status.token}`, {
          headers: { origin: siteOrigin, ...headers },
        })
      ).status,
  };
}

/** Accepts one request (from a client of its own) and returns its reference and status token. */
async function oneRequest(
  h: Harness,
  headers: Record<string, string>,
): Promise<{ ref: string; token: string }> {
  const response = await postRequest(h.url, incidentSubmission(h.bot.context.clock()), headers);
  expect(response.status).toBe(202);
  return (await response.json()) as { ref: string; token: string };
}

describe('a forged X-Forwarded-For never gets a fresh rate-limit bucket', () => {
  it.each([
    {
      name: 'TRUST_PROXY unset: the socket is the client, whatever the header says',
      trust: '',
      // The header as a client forges it; nothing is appended (no proxy).
      header: (forged: string) => forged,
      other: undefined,
    },
    {
      name: 'TRUST_PROXY=1: the entry our proxy appended is the client, the forged ones before it are not',
      trust: '1',
      header: (forged: string) => `${forged}, 203.0.113.7`,
      other: '198.51.100.0, 203.0.113.8',
    },
    {
      name: 'TRUST_PROXY=2: two hops; forged entries before the first proxy count for nothing',
      trust: '2',
      header: (forged: string) => `${forged}, 203.0.113.7, 10.0.0.1`,
      other: '198.51.100.0, 203.0.113.8, 10.0.0.1',
    },
    {
      name: 'TRUST_PROXY listing the proxies: the last entry not among them, even when forged ones name a proxy',
      trust: '127.0.0.1, 10.0.0.0/8',
      header: (forged: string) => `${forged}, 10.9.9.9, 203.0.113.7, 10.0.0.1`,
      other: '198.51.100.0, 203.0.113.8, 10.0.0.1',
    },
  ])('$name', async ({ trust, header, other }) => {
    const parsed = parseTrustProxy(trust);
    harness = await startHarness({
      runWorker: false,
      ...(parsed.trust ? { trustProxy: parsed.trust } : {}),
      limits: { perIp: { burst: 3, refillMs: 60_000 } },
    });
    // The status link belongs to a customer with a budget of their own.
    const status = await oneRequest(harness, { 'x-forwarded-for': '192.0.2.200' });
    const call = endpoints(harness, status);
    const forged = (index: number) => ({ 'x-forwarded-for': header(`198.51.100.${index}`) });
    // Form submissions and uploads share the per-IP budget (3 here); each call forges a new address.
    const intake = [
      await call.form(forged(1), 1),
      await call.upload(forged(2)),
      await call.form(forged(3), 3),
      await call.form(forged(4), 4),
      await call.upload(forged(5)),
    ];
    if (trust === '') {
      // Without proxies every call here comes from one socket: the status request above spent one.
      expect(intake).toEqual([202, 200, 429, 429, 429]);
    } else {
      expect(intake).toEqual([202, 200, 202, 429, 429]);
    }
    // Status reads: the form's numbers, buckets of their own.
    const reads: number[] = [];
    for (let index = 0; index < 4; index += 1) reads.push(await call.status(forged(10 + index)));
    expect(reads).toEqual([200, 200, 200, 429]);
    // Feedback signals: 30 at once.
    const signals: number[] = [];
    for (let index = 0; index < 31; index += 1) signals.push(await call.feedback(forged(20 + index)));
    expect(signals.slice(0, 30).every((code) => code === 204)).toBe(true);
    expect(signals[30]).toBe(429);
    // Another customer behind the same proxies still has every budget.
    if (other !== undefined) {
      const elsewhere = { 'x-forwarded-for': other };
      expect([
        await call.form(elsewhere, 99),
        await call.status(elsewhere),
        await call.feedback(elsewhere),
      ]).toEqual([202, 200, 204]);
    }
  });
});

/** What the bot sees when a request arrives: a socket address and maybe forwarding headers. */
const remoteIPv4 = () => nonLoopbackAddress('IPv4');

const rawMailBody = (messageId: string) =>
  rawMail({ messageId, subject: 'Facture', body: 'Bonjour, une question sur ma facture.' });

async function postRawFrom(h: Harness, localAddress: string, headers: Record<string, string>, raw: Buffer) {
  return requestFrom(h.url, {
    path: '/api/inbound/email',
    method: 'POST',
    localAddress,
    headers: { 'content-type': 'message/rfc822', ...headers },
    body: raw,
  });
}

interface Refusal {
  name: string;
  /** TRUST_PROXY; `remote`: the remote client's own address listed as a proxy. */
  trust: TrustProxy | 'remote' | undefined;
  /** The socket's local address (what the bot sees as the connection's address). */
  from: () => string;
  headers: Record<string, string>;
}

describe('the endpoints open to this machine are opened by the socket alone', () => {
  it.each<Refusal>([
    {
      name: 'a remote client naming 127.0.0.1 behind TRUST_PROXY=1 (the reported attack)',
      trust: { hops: 1 },
      from: remoteIPv4,
      headers: { 'x-forwarded-for': '127.0.0.1' },
    },
    {
      name: 'a remote client naming ::1 behind TRUST_PROXY=1',
      trust: { hops: 1 },
      from: remoteIPv4,
      headers: { 'x-forwarded-for': '::1' },
    },
    {
      name: 'a remote client listed as a proxy, naming 127.0.0.1',
      trust: 'remote',
      from: remoteIPv4,
      headers: { 'x-forwarded-for': '127.0.0.1' },
    },
    {
      name: 'a remote client naming 127.0.0.1, TRUST_PROXY unset',
      trust: undefined,
      from: remoteIPv4,
      headers: { 'x-forwarded-for': '127.0.0.1' },
    },
    {
      name: 'a proxy on this machine (loopback socket) forwarding a remote client, TRUST_PROXY unset',
      trust: undefined,
      from: () => '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    },
    {
      name: 'a proxy on this machine writing the standard Forwarded header',
      trust: undefined,
      from: () => '::1',
      headers: { forwarded: 'for="[2001:db8::7]"' },
    },
    {
      name: 'a proxy on this machine behind TRUST_PROXY=1 forwarding a client that claims 127.0.0.1',
      trust: { hops: 1 },
      from: () => '127.0.0.1',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    },
    {
      name: 'a direct loopback connection while the bot is configured behind proxies',
      trust: { proxies: ['10.0.0.0/8'] },
      from: () => '127.0.0.1',
      headers: {},
    },
  ])('refused: $name', async ({ trust, from, headers }) => {
    const address = from();
    harness = await startHarness({
      host: '::',
      ...(trust === undefined ? {} : { trustProxy: trust === 'remote' ? { proxies: [address] } : trust }),
    });
    const mail = await postRawFrom(
      harness,
      address,
      headers,
      rawMailBody(`forged-${Math.random()}@x.example`),
    );
    expect(mail.status).toBe(401);
    expect(JSON.parse(mail.text)).toEqual({
      error:
        "unauthorised: set INBOUND_EMAIL_BASIC_AUTH on the bot and send the same credentials; without them only a program on the bot's machine, connecting directly and not through a proxy, may post here",
    });
    expect(await harness.bot.context.mail.mailStore.counts()).toEqual({
      queued: 0,
      done: 0,
      quarantined: 0,
    });
    const metrics = await requestFrom(harness.url, { path: '/metrics', localAddress: address, headers });
    expect(metrics.status).toBe(401);
    expect(metrics.headers['www-authenticate']).toBe('Bearer realm="repodesk metrics"');
    expect(metrics.text).not.toContain('repodesk_');
  });

  it.each([
    { name: 'IPv4 loopback (seen as ::ffff:127.0.0.1 by a dual-stack socket)', from: '127.0.0.1' },
    { name: 'IPv6 loopback ::1', from: '::1' },
    { name: 'another IPv4 loopback address', from: '127.0.0.2' },
  ])('accepted: a program on this machine connecting directly over $name', async ({ from }) => {
    harness = await startHarness({ host: '::' });
    const mail = await postRawFrom(harness, from, {}, rawMailBody(`local-${from}@x.example`));
    expect(mail.status).toBe(200);
    const metrics = await requestFrom(harness.url, { path: '/metrics', localAddress: from });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('repodesk_mail_inbound_total{source="rfc822",outcome="accepted"} 1');
  });

  it('a forged Authentication-Results mail from a remote client claiming 127.0.0.1 never becomes a comment on the ticket', async () => {
    harness = await startHarness({ host: '::', trustProxy: { hops: 1 } });
    const accepted = (await (
      await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()))
    ).json()) as { ref: string };
    const issue = await eventually(async () => (await harness!.issues())[0]);
    const forged = rawMail({
      from: 'Marie Curie <marie.curie@example.org>',
      subject: `Re: [#${accepted.ref}] Impossible de me connecter au VPN`,
      messageId: 'forged-auth-results@attaquant.example',
      headers: ['Authentication-Results: mx.cassiopee.example; dmarc=pass header.from=example.org'],
      body: 'Mon nouvel IBAN est FR76 0000 0000 0000.',
    });
    const answer = await postRawFrom(harness, remoteIPv4(), { 'x-forwarded-for': '127.0.0.1' }, forged);
    expect(answer.status).toBe(401);
    await settle(harness);
    const comments = (await (
      await fetch(`${harness.standin.url}/repos/acme/support/issues/${issue.number}/comments`, {
        headers: { authorization: `token ${agentToken}` },
      })
    ).json()) as { body: string }[];
    expect(comments.filter((comment) => comment.body.includes('IBAN'))).toEqual([]);
    expect(await harness.issues()).toHaveLength(1);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';

  it('answers a scraper with the bearer token from anywhere, and nobody without it', async () => {
    harness = await startHarness({ host: '::', metricsToken: token });
    const scrape = (from: string, headers: Record<string, string> = {}) =>
      requestFrom(harness!.url, { path: '/metrics', localAddress: from, headers });
    const remote = remoteIPv4();
    expect((await scrape(remote, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await scrape('::1', { authorization: `bearer ${token}` })).status).toBe(200);
    for (const [from, headers] of [
      [remote, {}],
      [remote, { authorization: `Bearer ${token}x` }],
      [remote, { authorization: `Bearer ${token.slice(0, -1)}` }],
      [remote, { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` }],
      // With a token set, this machine needs it too.
      ['127.0.0.1', {}],
    ] as [string, Record<string, string>][]) {
      const answer = await scrape(from, headers);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toEqual({
        error: 'unauthorised: send Authorization: Bearer <token> with the token set in METRICS_TOKEN',
      });
    }
  });

  it('refuses a METRICS_TOKEN too short to be a secret, naming the fix', () => {
    for (const token of ['short', 'has spaces in it 0123456789']) {
      const { errors } = loadConfig({ METRICS_TOKEN: token }, { mode: 'offline' });
      expect(errors).toEqual([
        `METRICS_TOKEN: expected at least 16 printable characters without spaces (${token.length} characters given); generate one with \`openssl rand -hex 32\``,
      ]);
    }
    expect(loadConfig({ METRICS_TOKEN: token }, { mode: 'offline' }).config.metricsToken).toBe(token);
  });

  it('without METRICS_TOKEN a remote scraper is told how to get access', async () => {
    harness = await startHarness({ host: '::' });
    const answer = await requestFrom(harness.url, { path: '/metrics', localAddress: remoteIPv4() });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({
      error:
        'unauthorised: metrics are served only to this machine (connecting directly, not through a proxy); set METRICS_TOKEN on the bot and send Authorization: Bearer <token> to scrape from elsewhere',
    });
  });
});
