// RELIABILITY 7–11: what GitHub does wrong, met on purpose at the stand-in, with a clock the test moves
// (budget windows and backoff without waiting real minutes).

import { afterEach, describe, expect, it } from 'vitest';
import {
  incidentSubmission,
  jobStates,
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

const monday = Date.parse('2026-11-23T08:30:00Z');
const minute = 60_000;

async function submit(h: Harness, now: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await postRequest(h.url, incidentSubmission(now, overrides));
  expect(response.status).toBe(202);
  return ((await response.json()) as { ref: string }).ref;
}

describe('ambiguous failures', () => {
  it.each([
    {
      kind: 'error-after-apply' as const,
      story: 'a 502 after GitHub created the issue is reconciled by marker',
    },
    { kind: 'error-before-apply' as const, story: 'a 502 before anything was created is retried' },
  ])('$story: exactly one issue', async ({ kind }) => {
    const clock = manualClock(monday);
    harness = await startHarness({ runWorker: false, wireWebhooks: false, clock: clock.now });
    harness.standin.injectFault({ kind, operation: 'issues/create' });
    const ref = await submit(harness, clock.now());
    await harness.bot.worker.drain();
    expect(await jobStates(harness)).toMatchObject({ queued: 1, done: 0 });
    clock.advance(5 * minute);
    await harness.bot.worker.drain();
    const issues = await harness.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain(ref);
    expect((await harness.bot.context.refs.get(ref))?.issueNumber).toBe(issues[0]?.number);
    expect(await jobStates(harness)).toMatchObject({ queued: 0, done: 1, dead: 0 });
  });
});

describe('rate limits', () => {
  it.each([
    {
      name: '403 secondary limit with retry-after: 30',
      fault: { kind: 'secondary-limit' as const, retryAfterSeconds: 30 },
      waitMs: 30_000,
    },
    {
      name: '403 secondary limit without retry-after',
      fault: { kind: 'secondary-limit' as const },
      waitMs: 60_000,
    },
    {
      name: '429 with x-ratelimit-remaining: 0, reset in 2 minutes',
      fault: { kind: 'rate-limit' as const, resetInSeconds: 120 },
      waitMs: 120_000,
    },
  ])('$name: waits as told, then creates the issue once', async ({ fault, waitMs }) => {
    const clock = manualClock(monday);
    harness = await startHarness({ runWorker: false, wireWebhooks: false, clock: clock.now });
    harness.standin.injectFault({ ...fault, operation: 'issues/create' });
    await submit(harness, clock.now());
    await harness.bot.worker.drain();
    const job = (await harness.bot.context.jobs.list('queued', 10)).find(
      (queued) => queued.kind === 'create-ticket',
    );
    expect(job?.runAfter).toBeGreaterThanOrEqual(clock.now() + waitMs - 1000);
    expect(harness.bot.worker.status().pausedUntil).toBeGreaterThanOrEqual(clock.now() + waitMs - 1000);
    clock.advance(waitMs - 2000);
    await harness.bot.worker.drain();
    expect(await harness.issues()).toHaveLength(0);
    clock.advance(10 * minute);
    await harness.bot.worker.drain();
    expect(await harness.issues()).toHaveLength(1);
  });

  it('gives up after N attempts into a dead letter shown by /metrics and /healthz, and loses nothing', async () => {
    const clock = manualClock(monday);
    harness = await startHarness({
      runWorker: false,
      wireWebhooks: false,
      clock: clock.now,
      retry: { baseMs: 1000, capMs: 60_000, maxAttempts: 3 },
    });
    harness.standin.injectFault({
      kind: 'rate-limit',
      status: 429,
      resetInSeconds: 30,
      operation: 'issues/create',
      times: 100,
    });
    const ref = await submit(harness, clock.now());
    for (let round = 0; round < 5; round += 1) {
      await harness.bot.worker.drain();
      clock.advance(10 * minute);
    }
    expect(await jobStates(harness)).toMatchObject({ dead: 1, queued: 0 });
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/^repodesk_dead_letters 1$/m);
    expect(metrics).toMatch(/^repodesk_dead_letters\{kind="create-ticket"\} 1$/m);
    const health = (await (await fetch(`${harness.url}/healthz`)).json()) as {
      deadLetters: number;
      lastGithubError: { code: string };
    };
    expect(health.deadLetters).toBe(1);
    expect(health.lastGithubError.code).toBe('rate-limited');
    const dead = (await harness.bot.context.jobs.list('dead', 10)).find(
      (job) => job.kind === 'create-ticket',
    );
    expect(dead?.lastError).toContain('rate-limited');
    // Nothing lost: the submission and its reference are still in the store.
    expect(await harness.bot.context.refs.get(ref)).toBeDefined();
    expect(await harness.issues()).toHaveLength(0);
  });
});

describe('volume and outages', () => {
  it('600 submissions in an hour: the bot itself never writes more than 80 a minute or 500 an hour, the rest waits, each ends as exactly one issue', async () => {
    const clock = manualClock(monday);
    // The stand-in enforces no content limit here: any excess in its write log would be the bot's own.
    harness = await startHarness({
      runWorker: false,
      wireWebhooks: false,
      clock: clock.now,
      standin: { contentLimits: false, validateResponses: false },
    });
    const refs: string[] = [];
    for (let index = 0; index < 600; index += 1) {
      refs.push(
        await submit(harness, clock.now(), {
          requester: { name: `Client ${index}`, email: `client${index}@example.org` },
        }),
      );
      // Spread over the hour, with the worker running along as it does in production.
      if (index % 10 === 9) {
        await harness.bot.worker.drain();
        clock.advance(6000);
      }
    }
    for (let step = 0; step < 2 * 60 * 12 && (await jobStates(harness)).queued > 0; step += 1) {
      await harness.bot.worker.drain();
      clock.advance(5000);
    }
    expect(await jobStates(harness)).toMatchObject({ queued: 0, done: 600, dead: 0 });

    const writes = harness.standin
      .writeLog()
      .filter((write) => write.login === 'repodesk-bot' && write.contentWrites > 0)
      .flatMap((write) => Array.from({ length: write.contentWrites }, () => write.at))
      .sort((a, b) => a - b);
    expect(writes).toHaveLength(600);
    const mostInAnyWindow = (windowMs: number) => {
      let most = 0;
      for (let first = 0, last = 0; first < writes.length; first += 1) {
        while (last < writes.length && (writes[last] ?? 0) < (writes[first] ?? 0) + windowMs) last += 1;
        most = Math.max(most, last - first);
      }
      return most;
    };
    expect(mostInAnyWindow(minute)).toBeLessThanOrEqual(80);
    expect(mostInAnyWindow(60 * minute)).toBeLessThanOrEqual(500);
    // The rest waited for the hour window: the last write is more than an hour after the first.
    expect((writes.at(-1) ?? 0) - (writes[0] ?? 0)).toBeGreaterThan(60 * minute);

    // Every reference is in exactly one issue, and no issue is left over.
    const bodies: string[] = [];
    for (let page = 1; page <= 7; page += 1) {
      const response = await fetch(
        `${harness.standin.url}/repos/acme/support/issues?state=all&per_page=100&page=${page}`,
        { headers: { authorization: 'token bot-token' } },
      );
      for (const issue of (await response.json()) as { body: string }[]) bodies.push(issue.body);
    }
    expect(bodies).toHaveLength(600);
    const issuesPerRef = new Map<string, number>();
    for (const body of bodies) {
      const ref = /repodesk:ticket ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(body)?.[1] ?? 'no marker';
      issuesPerRef.set(ref, (issuesPerRef.get(ref) ?? 0) + 1);
    }
    expect([...issuesPerRef.keys()].sort()).toEqual([...refs].sort());
    expect([...issuesPerRef.values()].every((count) => count === 1)).toBe(true);
  }, 180_000);

  it('GitHub down for two hours: the form still answers 202 with a reference; the issue appears once, after', async () => {
    const clock = manualClock(monday);
    harness = await startHarness({ runWorker: false, wireWebhooks: false, clock: clock.now });
    harness.standin.injectFault({ kind: 'error-before-apply', status: 503, times: 1_000_000 });
    const response = await postRequest(harness.url, incidentSubmission(clock.now()));
    expect(response.status).toBe(202);
    const { ref, token } = (await response.json()) as { ref: string; token: string };
    for (let elapsed = 0; elapsed < 120 * minute; elapsed += 5 * minute) {
      await harness.bot.worker.drain();
      clock.advance(5 * minute);
    }
    const status = await fetch(`${harness.url}/api/requests/${ref}?token=${token}`);
    expect(await status.json()).toMatchObject({ ref, recorded: false, status: 'new' });
    expect(await jobStates(harness)).toMatchObject({ queued: 1, dead: 0 });
    harness.standin.clearFaults();
    clock.advance(31 * minute);
    await harness.bot.worker.drain();
    const issues = await harness.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain(ref);
  });

  it('a body over GitHub limit is truncated with a pointer to the full text, created once, never retried in a loop', async () => {
    const clock = manualClock(monday);
    harness = await startHarness({ runWorker: false, wireWebhooks: false, clock: clock.now });
    const base = incidentSubmission(clock.now());
    // Each & becomes an entity: 2 × 20,000 characters allowed by the form grow past 65,536 in the issue.
    const ref = await submit(harness, clock.now(), {
      fields: {
        ...(base.fields as object),
        description: '&'.repeat(20_000),
        message_erreur: '&'.repeat(20_000),
      },
    });
    await harness.bot.worker.drain();
    const issues = await harness.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body.length).toBeLessThanOrEqual(65_536);
    expect(issues[0]?.body).toContain(`référence ${ref}`);
    expect(harness.standin.stats().writes).toBe(1);
  });
});

describe('a forged marker', () => {
  it('in another request does not fool reconciliation: each reference gets its own issue', async () => {
    const { ticketMarker } = await import('../../src/intake/render-issue-body.ts');
    const clock = manualClock(monday);
    harness = await startHarness({ runWorker: false, wireWebhooks: false, clock: clock.now });
    // Request A fails before GitHub creates anything: its next attempt will look for A's marker first.
    harness.standin.injectFault({ kind: 'error-before-apply', operation: 'issues/create' });
    const first = incidentSubmission(clock.now());
    const refA = await submit(harness, clock.now(), { idempotencyKey: first.idempotencyKey });
    await harness.bot.worker.drain();
    // Request B, by the same person, carries A's marker, hoping A gets recorded as B's issue.
    const base = incidentSubmission(clock.now());
    const forged = ticketMarker(refA, String(first.idempotencyKey));
    const refB = await submit(harness, clock.now(), {
      fields: { ...(base.fields as object), description: `Bonjour ${forged} merci` },
    });
    await harness.bot.worker.drain();
    clock.advance(5 * minute);
    await harness.bot.worker.drain();
    const issues = await harness.issues();
    expect(issues).toHaveLength(2);
    const numberA = (await harness.bot.context.refs.get(refA))?.issueNumber;
    const numberB = (await harness.bot.context.refs.get(refB))?.issueNumber;
    expect(numberA).not.toBe(numberB);
    expect(issues.find((issue) => issue.number === numberA)?.body).toContain(forged);
    expect(issues.find((issue) => issue.number === numberB)?.body).not.toContain(forged);
  });
});
