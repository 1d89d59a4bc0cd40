// `repodesk jobs list|retry`: dead letters listed with their last error and retried by the operator, against
// the data folder of a running bot; a retried job runs once more and still never makes a second issue.

import { afterEach, describe, expect, it } from 'vitest';
import { runJobs } from '../../src/cli/jobs.ts';
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

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runJobs(
    argv,
    (text) => (out += text),
    (text) => (err += text),
    {},
  );
  return { code, out, err };
}

async function submit(h: Harness, now: number, index: number): Promise<string> {
  const response = await postRequest(
    h.url,
    incidentSubmission(now, { requester: { name: `Client ${index}`, email: `client${index}@example.org` } }),
  );
  expect(response.status).toBe(202);
  return ((await response.json()) as { ref: string }).ref;
}

describe('repodesk jobs', () => {
  it('lists a dead letter with its reference and last error, and a retry runs it once: the issue GitHub made before answering 502 is found, not made twice', async () => {
    const clock = manualClock(monday);
    harness = await startHarness({
      runWorker: false,
      wireWebhooks: false,
      clock: clock.now,
      retry: { baseMs: 1000, capMs: 60_000, maxAttempts: 1 },
    });
    // GitHub creates the issue, then answers 502: with one attempt allowed, the job is given up at once.
    harness.standin.injectFault({ kind: 'error-after-apply', operation: 'issues/create' });
    const ref = await submit(harness, clock.now(), 1);
    await harness.bot.worker.drain();
    expect(await jobStates(harness)).toMatchObject({ dead: 1, queued: 0 });

    const listed = await cli('list', '--state', 'dead', '--data-dir', harness.dataDir, '--format', 'json');
    expect(listed.code).toBe(0);
    const [dead, ...others] = JSON.parse(listed.out) as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(dead).toMatchObject({ kind: 'create-ticket', state: 'dead', attempts: 1, ref });
    expect(String(dead?.lastError)).toContain('502');
    // The payloads of other kinds hold addresses and names: the list shows none of them.
    expect(listed.out).not.toContain('example.org');
    const text = await cli('list', '--data-dir', harness.dataDir);
    expect(text.out).toMatch(
      new RegExp(`^${String(dead?.id)}\\tcreate-ticket\\t1 attempt\\t\\S+\\t${ref}\\t.*502`, 'm'),
    );

    const retried = await cli('retry', String(dead?.id), '--data-dir', harness.dataDir);
    expect(retried).toMatchObject({
      code: 0,
      out: `Job ${String(dead?.id)} queued again; the bot runs it on its next pass.\n`,
    });
    harness.standin.resetStats();
    expect(await harness.bot.worker.drain()).toBe(1);
    expect(await jobStates(harness)).toMatchObject({ dead: 0, queued: 0, done: 1 });
    const issues = await harness.issues();
    expect(issues).toHaveLength(1);
    expect((await harness.bot.context.refs.get(ref))?.issueNumber).toBe(issues[0]?.number);
    expect(harness.standin.stats().requests['POST /repos/{owner}/{repo}/issues']).toBeUndefined();
    // Once: nothing is left to run, and the list of dead jobs is empty.
    expect(await harness.bot.worker.drain()).toBe(0);
    expect((await cli('list', '--data-dir', harness.dataDir)).out).toBe('No dead job.\n');
  });

  it('retries every dead job with --all-dead, each with a fresh set of attempts, and refuses ids that are not dead', async () => {
    const clock = manualClock(monday);
    harness = await startHarness({
      runWorker: false,
      wireWebhooks: false,
      clock: clock.now,
      retry: { baseMs: 1000, capMs: 60_000, maxAttempts: 2 },
    });
    harness.standin.injectFault({
      kind: 'error-before-apply',
      status: 503,
      operation: 'issues/create',
      times: 4,
    });
    const refs = [await submit(harness, clock.now(), 1), await submit(harness, clock.now(), 2)];
    for (let round = 0; round < 3; round += 1) {
      await harness.bot.worker.drain();
      clock.advance(5 * 60_000);
    }
    expect(await jobStates(harness)).toMatchObject({ dead: 2, queued: 0 });
    const [first] = await harness.bot.context.jobs.list('dead', 10);

    const refused = await cli('retry', String(first?.id), '999999', '--data-dir', harness.dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'repodesk jobs retry: only dead jobs can be retried; 999999 does not exist; run "repodesk jobs list" to see the dead ones\n',
    );
    expect((await cli('retry', 'abc', '--data-dir', harness.dataDir)).code).toBe(2);
    expect((await cli('list', '--state', 'lost', '--data-dir', harness.dataDir)).err).toBe(
      'repodesk jobs list: --state expects one of queued, running, done, dead, found "lost"\n',
    );

    // GitHub fails once more for each: the fresh attempts absorb it instead of a dead letter at once.
    harness.standin.injectFault({
      kind: 'error-before-apply',
      status: 503,
      operation: 'issues/create',
      times: 2,
    });
    expect(await cli('retry', '--all-dead', '--data-dir', harness.dataDir)).toMatchObject({
      code: 0,
      out: '2 dead jobs queued again; the bot runs them on its next pass.\n',
    });
    for (let round = 0; round < 3; round += 1) {
      await harness.bot.worker.drain();
      clock.advance(5 * 60_000);
    }
    expect(await jobStates(harness)).toMatchObject({ dead: 0, queued: 0, done: 2 });
    const bodies = (await harness.issues()).map((issue) => issue.body);
    expect(bodies).toHaveLength(2);
    for (const ref of refs) expect(bodies.filter((body) => body.includes(ref))).toHaveLength(1);
  });
});
