// Per-IP rate limits count a client: an IPv6 customer picks any address in their /64, so one /64 is one
// bucket on every per-IP limit (form submissions and uploads, feedback signals, the status endpoint), and
// an IPv4-mapped IPv6 address is its IPv4 address (RELIABILITY 33). Through real IPv6 sockets on ::1 and
// through forwarded IPv6 addresses behind TRUST_PROXY=1.

import { afterEach, describe, expect, it } from 'vitest';
import { ipRateKey } from '../../src/http/ip-rate-limiter.ts';
import {
  incidentSubmission,
  postRequest,
  siteOrigin,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { requestFrom } from '../support/client-request.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
let submissions = 0;

/** One call of a per-IP limited endpoint as the client `client` (forwarded by our proxy); its status. */
type Call = (h: Harness, client: string, status: { ref: string; token: string }) => Promise<number>;

const viaProxy = (client: string) => ({ 'x-forwarded-for': client });

const calls: Record<string, Call> = {
  'form submission': async (h, client) => {
    submissions += 1;
    const body = incidentSubmission(h.bot.context.clock(), {
      requester: { name: 'Client', email: `client${submissions}@example.org` },
    });
    return (await postRequest(h.url, body, viaProxy(client))).status;
  },
  upload: async (h, client) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)]), 'capture.png');
    return (
      await fetch(`${h.url}/api/attachments`, {
        method: 'POST',
        headers: { origin: siteOrigin, ...viaProxy(client) },
        body: form,
      })
    ).status;
  },
  'status read': async (h, client, status) =>
    (
      await fetch(`${h.url}/api/requests/${status.ref}?token=${status.token}`, {
        headers: viaProxy(client),
      })
    ).status,
  'feedback signal': async (h, client) =>
    (
      await fetch(`${h.url}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: siteOrigin, ...viaProxy(client) },
        body: JSON.stringify({ kind: 'article-helpful', lang: 'fr', article: 'reinitialiser-mot-de-passe' }),
      })
    ).status,
};

/** The budget of each limit in these tests: the form's (shared by uploads and, in buckets of their own, status reads) and feedback's default. */
const budget: Record<string, number> = {
  'form submission': 3,
  upload: 3,
  'status read': 3,
  'feedback signal': 30,
};

describe('IPv6 clients behind TRUST_PROXY=1 are counted by /64', () => {
  it.each(Object.keys(calls))(
    '%s: 2001:db8:1:2::a and ::b share a bucket, 2001:db8:1:3::a does not',
    async (name) => {
      const call = calls[name]!;
      harness = await startHarness({
        runWorker: false,
        trustProxy: { hops: 1 },
        limits: { perIp: { burst: 3, refillMs: 60_000 } },
      });
      const accepted = await postRequest(
        harness.url,
        incidentSubmission(harness.bot.context.clock()),
        viaProxy('192.0.2.99'),
      );
      const status = (await accepted.json()) as { ref: string; token: string };
      const statuses: number[] = [];
      for (let index = 0; index < budget[name]!; index += 1)
        statuses.push(await call(harness, '2001:db8:1:2::a', status));
      expect(statuses.every((code) => code < 300)).toBe(true);
      // Another address of the same /64, written differently: the same customer, the same empty bucket.
      expect(await call(harness, '2001:db8:1:2::b', status)).toBe(429);
      expect(await call(harness, '2001:DB8:0001:0002:ffff:ffff:ffff:ffff', status)).toBe(429);
      // The next /64 is someone else.
      expect(await call(harness, '2001:db8:1:3::a', status)).toBeLessThan(300);
    },
  );

  it('an IPv4-mapped IPv6 address is its IPv4 address, in either notation', async () => {
    harness = await startHarness({
      runWorker: false,
      trustProxy: { hops: 1 },
      limits: { perIp: { burst: 3, refillMs: 60_000 } },
    });
    const form = calls['form submission']!;
    const none = { ref: '', token: '' };
    expect([
      await form(harness, '203.0.113.7', none),
      await form(harness, '::ffff:203.0.113.7', none),
      await form(harness, '::ffff:cb00:7107', none),
      await form(harness, '[::ffff:203.0.113.7]:443', none),
    ]).toEqual([202, 202, 202, 429]);
  });
});

describe('IPv6 clients over real sockets', () => {
  it('a client on ::1 spends one bucket across its requests; an IPv4 client of the same dual-stack bot has its own', async () => {
    harness = await startHarness({
      runWorker: false,
      host: '::',
      limits: { perIp: { burst: 2, refillMs: 60_000 } },
    });
    const submit = (localAddress: string) =>
      requestFrom(harness!.url, {
        path: '/api/requests',
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', origin: siteOrigin },
        body: JSON.stringify(
          incidentSubmission(harness!.bot.context.clock(), {
            requester: { name: 'Client', email: `v6-${Math.random()}@example.org` },
          }),
        ),
      });
    const fromV6 = [(await submit('::1')).status, (await submit('::1')).status];
    const refused = await submit('::1');
    expect([...fromV6, refused.status]).toEqual([202, 202, 429]);
    expect(refused.headers['retry-after']).toBe('60');
    // 127.0.0.1 reaches the `::` socket as ::ffff:127.0.0.1: counted as 127.0.0.1, not as the ::1 client.
    expect([(await submit('127.0.0.1')).status, (await submit('127.0.0.1')).status]).toEqual([202, 202]);
    expect((await submit('127.0.0.1')).status).toBe(429);
  });

  it('behind a proxy on ::1, the forwarded IPv4 client and the same client connecting directly share a bucket', async () => {
    harness = await startHarness({
      runWorker: false,
      host: '::',
      trustProxy: { proxies: ['::1'] },
      limits: { perIp: { burst: 2, refillMs: 60_000 } },
    });
    const submit = (localAddress: string, headers: Record<string, string>) =>
      requestFrom(harness!.url, {
        path: '/api/requests',
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', origin: siteOrigin, ...headers },
        body: JSON.stringify(
          incidentSubmission(harness!.bot.context.clock(), {
            requester: { name: 'Client', email: `mapped-${Math.random()}@example.org` },
          }),
        ),
      });
    expect([
      (await submit('::1', { 'x-forwarded-for': '127.0.0.1' })).status,
      // Direct over IPv4: the socket says ::ffff:127.0.0.1.
      (await submit('127.0.0.1', {})).status,
      (await submit('::1', { 'x-forwarded-for': '::ffff:127.0.0.1' })).status,
    ]).toEqual([202, 202, 429]);
  });
});

describe('the rate-limit key of a client address', () => {
  it.each([
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:0000:0000:0000:000b', '2001:db8:1:2::/64'],
    ['2001:db8:1:3::a', '2001:db8:1:3::/64'],
    ['::1', '::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['203.0.113.7', '203.0.113.7'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(ipRateKey(address)).toBe(key);
  });
});
