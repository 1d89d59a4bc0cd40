// The customer's status endpoint (GET /api/requests/{ref}?token=…&lang=…) cannot be turned against the
// desk (RELIABILITY 35): `lang` is one of the desk's languages, each client has a budget of calls, and one
// valid link replayed in a loop costs at most one read of the issue and its comments from GitHub per
// minute, counted at the stand-in; a webhook about the issue makes the next call read it again.

import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  agentToken,
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface StatusAnswer {
  status: string;
  statusName: string;
  messages: { from: string; text: string }[];
  stale?: boolean;
}

/** A request whose issue exists; its reference and status token. */
async function recordedRequest(h: Harness): Promise<{ ref: string; token: string; issue: number }> {
  const accepted = (await (
    await postRequest(h.url, incidentSubmission(h.bot.context.clock()), { 'x-forwarded-for': '192.0.2.1' })
  ).json()) as { ref: string; token: string };
  await settle(h);
  const [issue] = await h.issues();
  expect(issue).toBeDefined();
  return { ...accepted, issue: issue!.number };
}

function readStatus(
  h: Harness,
  request: { ref: string; token: string },
  options: { lang?: string; client?: string } = {},
): Promise<Response> {
  const lang = options.lang === undefined ? '' : `&lang=${encodeURIComponent(options.lang)}`;
  return fetch(`${h.url}/api/requests/${request.ref}?token=${encodeURIComponent(request.token)}${lang}`, {
    headers: { 'x-forwarded-for': options.client ?? '192.0.2.1' },
  });
}

/** GitHub reads of one issue, as the stand-in counted them. */
function githubReads(h: Harness): { issue: number; comments: number } {
  const requests = h.standin.stats().requests;
  return {
    issue: requests['GET /repos/{owner}/{repo}/issues/{issue_number}'] ?? 0,
    comments: requests['GET /repos/{owner}/{repo}/issues/{issue_number}/comments'] ?? 0,
  };
}

describe('the language of the status view', () => {
  it.each(['__proto__', 'constructor', 'de', 'FR', '', 'fr-FR'])(
    'lang=%j is refused with 400 naming the desk languages',
    async (lang) => {
      harness = await startHarness({ runWorker: false, trustProxy: { hops: 1 } });
      const accepted = (await (
        await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()))
      ).json()) as { ref: string; token: string };
      const response = await readStatus(harness, accepted, { lang });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: `unsupported language "${lang}" in lang: expected one of fr, en, or no lang for the request's own language`,
        languages: ['fr', 'en'],
      });
    },
  );

  it('answers in a desk language when asked, else in the request’s own', async () => {
    harness = await startHarness({ trustProxy: { hops: 1 } });
    const request = await recordedRequest(harness);
    const own = (await (await readStatus(harness, request)).json()) as StatusAnswer;
    const english = (await (await readStatus(harness, request, { lang: 'en' })).json()) as StatusAnswer;
    expect([own.statusName, english.statusName]).toEqual(['Nouveau', 'New']);
  });
});

describe('status links across versions', () => {
  // The token is HMAC-SHA256 of "status:<ref>" under DATA_DIR/status-token.key, cut to 16 bytes,
  // base64url: links already mailed to customers must keep opening whatever the bot does to sign faster.
  it.each(['00'.repeat(32), 'a5'.repeat(32), '0123456789abcdef'.repeat(4)])(
    'under the secret %s, the answer and the follow link carry the token of the published formula, and it opens',
    async (secret) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-status-key-'));
      onTestFinished(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      fs.writeFileSync(path.join(dataDir, 'status-token.key'), `${secret}\n`, { mode: 0o600 });
      harness = await startHarness({ runWorker: false, trustProxy: { hops: 1 }, dataDir });
      const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
      expect(response.status).toBe(202);
      const accepted = (await response.json()) as { ref: string; token: string; statusUrl: string };
      const published = createHmac('sha256', Buffer.from(secret, 'hex'))
        .update(`status:${accepted.ref}`)
        .digest()
        .subarray(0, 16)
        .toString('base64url');
      expect(accepted.token).toBe(published);
      expect(accepted.statusUrl).toContain(`ref=${accepted.ref}&token=${published}`);
      expect((await readStatus(harness, { ref: accepted.ref, token: published })).status).toBe(200);
      expect(
        (
          await readStatus(harness, {
            ref: accepted.ref,
            token: (published.startsWith('A') ? 'B' : 'A') + published.slice(1),
          })
        ).status,
      ).not.toBe(200);
    },
  );
});

describe('the cost of the status view', () => {
  it('50 calls with a valid link, in two languages and at once, read the issue and its comments from GitHub once', async () => {
    harness = await startHarness({ trustProxy: { hops: 1 } });
    const request = await recordedRequest(harness);
    harness.standin.resetStats();
    // 50 clients at once (each within its own budget), half of them asking for English.
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        readStatus(harness!, request, {
          client: `198.51.100.${index}`,
          ...(index % 2 === 0 ? { lang: 'en' } : {}),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    // And 50 more, one after the other.
    for (let index = 0; index < 50; index += 1)
      expect((await readStatus(harness, request, { client: `203.0.113.${index}` })).status).toBe(200);
    expect(githubReads(harness)).toEqual({ issue: 1, comments: 1 });
  });

  it("an agent's reply shows on the next call: the webhook about the issue ends the cached copy", async () => {
    harness = await startHarness({ trustProxy: { hops: 1 } });
    const request = await recordedRequest(harness);
    const before = (await (await readStatus(harness, request)).json()) as StatusAnswer;
    expect(before.messages.map((message) => message.from)).toEqual(['customer']);
    await fetch(`${harness.standin.url}/repos/acme/support/issues/${request.issue}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '/reply Bonjour, le VPN est rétabli.' }),
    });
    await settle(harness);
    harness.standin.resetStats();
    const after = (await (
      await readStatus(harness, request, { client: '192.0.2.2' })
    ).json()) as StatusAnswer;
    expect(after.messages.map((message) => [message.from, message.text])).toContainEqual([
      'agent',
      'Bonjour, le VPN est rétabli.',
    ]);
    await readStatus(harness, request, { client: '192.0.2.3' });
    expect(githubReads(harness)).toEqual({ issue: 1, comments: 1 });
  });

  it('reads again once the copy is a minute old; while GitHub is down, answers the last copy marked stale', async () => {
    const clock = manualClock(Date.now());
    harness = await startHarness({ clock: clock.now, trustProxy: { hops: 1 } });
    const request = await recordedRequest(harness);
    harness.standin.resetStats();
    await readStatus(harness, request, { client: '192.0.2.2' });
    clock.advance(59_000);
    await readStatus(harness, request, { client: '192.0.2.3' });
    expect(githubReads(harness)).toEqual({ issue: 1, comments: 1 });
    clock.advance(2_000);
    await readStatus(harness, request, { client: '192.0.2.4' });
    expect(githubReads(harness)).toEqual({ issue: 2, comments: 2 });
    clock.advance(61_000);
    harness.standin.injectFault({ kind: 'down', forMs: 60_000, mode: '503' });
    const answer = await readStatus(harness, request, { client: '192.0.2.5' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'new', statusName: 'Nouveau', stale: true });
    harness.standin.clearFaults();
  });
});

describe('the rate limit of the status view', () => {
  it('the 11th call in a minute from one client gets 429 with Retry-After; other clients still read', async () => {
    harness = await startHarness({
      trustProxy: { hops: 1 },
      limits: { perIp: { burst: 10, refillMs: 60_000 } },
    });
    const request = await recordedRequest(harness);
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1)
      statuses.push((await readStatus(harness, request, { client: '198.51.100.7' })).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const refused = await readStatus(harness, request, { client: '198.51.100.7' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toEqual({
      error: 'too many requests from this IP address; try again in 60 s',
      retryAfterSeconds: 60,
    });
    // Wrong tokens are counted too: guessing costs the same budget.
    expect(
      (await readStatus(harness, { ref: request.ref, token: 'x' }, { client: '198.51.100.7' })).status,
    ).toBe(429);
    expect((await readStatus(harness, request, { client: '198.51.100.8' })).status).toBe(200);
  });
});
