// TRUST_PROXY: which X-Forwarded-For entries are believed for the client address the rate limits count.

import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { clientAddressResolver } from '../../src/http/client-address.ts';
import { parseTrustProxy } from '../../src/config/trust-proxy.ts';
import {
  incidentSubmission,
  manualClock,
  postRequest,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the client address behind reverse proxies', () => {
  it.each([
    {
      name: 'no TRUST_PROXY: the socket, whatever the header says',
      trust: '',
      xff: '198.51.100.9',
      want: '10.0.0.2',
    },
    {
      name: 'one proxy: the entry it appended, not the forged first one',
      trust: '1',
      xff: '6.6.6.6, 203.0.113.7',
      want: '203.0.113.7',
    },
    { name: 'one proxy, no header: the socket', trust: '1', xff: undefined, want: '10.0.0.2' },
    {
      name: 'two proxies: the second entry from the right',
      trust: '2',
      xff: '6.6.6.6, 203.0.113.7, 10.0.0.1',
      want: '203.0.113.7',
    },
    { name: 'more hops than entries: the first entry', trust: '3', xff: '203.0.113.7', want: '203.0.113.7' },
    {
      name: 'listed proxies: the last entry that is not one of them',
      trust: '10.0.0.0/8',
      xff: '6.6.6.6, 203.0.113.7, 10.0.0.1',
      want: '203.0.113.7',
    },
    {
      name: 'listed proxies: a connection from elsewhere is the client, its header ignored',
      trust: '192.0.2.1',
      xff: '203.0.113.7',
      want: '10.0.0.2',
    },
    {
      name: 'listed IPv6 proxy, IPv4-mapped socket address',
      trust: '::1, 10.0.0.2',
      xff: '2001:db8::7',
      want: '2001:db8::7',
    },
    {
      name: 'an entry with a port (Azure) is read without it',
      trust: '1',
      xff: '203.0.113.7:51234',
      want: '203.0.113.7',
    },
    {
      name: 'garbage where the client should be: the last address a trusted hop vouched for',
      trust: '1',
      xff: 'not-an-ip',
      want: '10.0.0.2',
    },
  ])('$name', ({ trust, xff, want }) => {
    const parsed = parseTrustProxy(trust);
    expect(parsed.error).toBeUndefined();
    expect(clientAddressResolver(parsed.trust)('::ffff:10.0.0.2', xff)).toBe(want);
  });

  it('refuses a TRUST_PROXY that is neither a hop count nor a list of addresses, naming the fix', () => {
    const { errors } = loadConfig(
      { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b', WEBHOOK_SECRET: 's', TRUST_PROXY: 'yes, 10.0.0.0/99' },
      { mode: 'serve', cwd: '/srv' },
    );
    expect(errors).toEqual([
      'TRUST_PROXY: expected the number of reverse proxies in front of the bot (1 for one nginx or load balancer) or a comma-separated list of their addresses (10.0.0.5, 10.0.0.0/8, ::1), found "yes, 10.0.0.0/99"; for example TRUST_PROXY=1',
    ]);
    expect(loadConfig({ TRUST_PROXY: '1' }, { mode: 'offline' }).config.trustProxy).toEqual({ hops: 1 });
  });

  it('a forged leading X-Forwarded-For entry does not dodge the per-IP limit behind one proxy', async () => {
    const clock = manualClock(Date.now());
    harness = await startHarness({
      runWorker: false,
      clock: clock.now,
      trustProxy: { hops: 1 },
      limits: { perIp: { burst: 2, refillMs: 60_000 }, perAddress: { burst: 100, refillMs: 1000 } },
    });
    // What nginx sends with `proxy_add_x_forwarded_for`: whatever the client wrote, then the client's address.
    const send = (index: number, client: string, forged: string) =>
      postRequest(
        harness!.url,
        incidentSubmission(clock.now(), {
          requester: { name: `Client ${index}`, email: `client${index}@example.org` },
        }),
        { 'x-forwarded-for': `${forged}, ${client}` },
      );
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1)
      statuses.push((await send(index, '203.0.113.7', `198.51.100.${index}`)).status);
    expect(statuses).toEqual([202, 202, 429]);
    // Another customer behind the same proxy has a budget of their own.
    expect((await send(3, '203.0.113.8', '198.51.100.0')).status).toBe(202);
  });
});
