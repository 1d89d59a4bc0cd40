// RELIABILITY 27: `repodesk serve` killed with SIGKILL at each step of a form ticket (after the inbox
// write, before the GitHub POST, after it but before recording it); after a restart, exactly one issue.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { eventually, incidentSubmission, postRequest, templateRules } from '../support/bot-harness.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `repodesk serve` on the stand-in, killing itself at `crashAt` (REPODESK_CRASH_AT); stopped after the test. */
function startServeCrashing(standin: Standin, dataDir: string, crashAt?: string): ServeChild {
  const child = startServe({
    standinUrl: standin.url,
    dataDir,
    env: crashAt ? { REPODESK_CRASH_AT: crashAt } : {},
  });
  cleanups.push(() => child.stop());
  return child;
}

async function setup() {
  const rules = await templateRules();
  const standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      ...rules.teams.agents.map((agent) => ({ login: agent.login })),
    ],
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-crash-'));
  cleanups.push(() => standin.close());
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const issues = async () =>
    (await (
      await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
        headers: { authorization: 'token bot-token' },
      })
    ).json()) as { number: number; body: string }[];
  return { standin, dataDir, issues };
}

describe('a crash at any step of a form ticket', () => {
  it('after the inbox write, before the answer: the restarted bot creates the issue once, and the retried submission gets the same reference', async () => {
    const { standin, dataDir, issues } = await setup();
    const first = startServeCrashing(standin, dataDir, 'after-inbox-write');
    const submission = incidentSubmission(Date.now());
    await expect(postRequest(await first.url, submission)).rejects.toThrow();
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = startServeCrashing(standin, dataDir);
    const url = await second.url;
    const [issue] = await eventually(async () => {
      const found = await issues();
      return found.length > 0 ? found : undefined;
    });
    // The customer, who got no answer, sends again (same idempotency key): same request, same reference.
    const retried = await postRequest(url, submission);
    expect(retried.status).toBe(202);
    const { ref } = (await retried.json()) as { ref: string };
    expect(issue?.body).toContain(ref);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await issues()).toHaveLength(1);
  });

  it.each(['before-create-post', 'after-create-post'])(
    'killed %s: after restart, exactly one issue, recorded under the reference',
    async (crashAt) => {
      const { standin, dataDir, issues } = await setup();
      const first = startServeCrashing(standin, dataDir, crashAt);
      const response = await postRequest(await first.url, incidentSubmission(Date.now()));
      expect(response.status).toBe(202);
      const { ref, token } = (await response.json()) as { ref: string; token: string };
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(await issues()).toHaveLength(crashAt === 'after-create-post' ? 1 : 0);
      const second = startServeCrashing(standin, dataDir);
      const url = await second.url;
      const status = await eventually(async () => {
        const body = (await (await fetch(`${url}/api/requests/${ref}?token=${token}`)).json()) as {
          recorded: boolean;
        };
        return body.recorded ? body : undefined;
      });
      expect(status.recorded).toBe(true);
      const found = await issues();
      expect(found).toHaveLength(1);
      expect(found[0]?.body).toContain(ref);
    },
  );

  // The 202 goes out only once the write-ahead log is flushed (synchronous = NORMAL plus the store's own
  // fdatasync, off the event loop): submissions answered together share one flush, and none is lost.
  it.each([1, 6])(
    'killed with SIGKILL as soon as the submissions sent at once (%i) are answered 202: after restart, each reference has its issue',
    async (count) => {
      const { standin, dataDir, issues } = await setup();
      const first = startServeCrashing(standin, dataDir);
      const url = await first.url;
      const answers = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          postRequest(
            url,
            incidentSubmission(Date.now(), {
              requester: { name: 'Marie Curie', email: `marie.curie+${index}@example.org` },
            }),
          ),
        ),
      );
      first.process.kill('SIGKILL');
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: count }, () => 202));
      const accepted = await Promise.all(
        answers.map(async (answer) => (await answer.json()) as { ref: string; token: string }),
      );
      expect((await first.exited).signal).toBe('SIGKILL');
      const second = startServeCrashing(standin, dataDir);
      const restarted = await second.url;
      for (const { ref, token } of accepted) {
        const status = await fetch(`${restarted}/api/requests/${ref}?token=${token}`);
        expect(status.status).toBe(200);
      }
      const found = await eventually(async () => {
        const all = await issues();
        return all.length >= count ? all : undefined;
      });
      expect(found).toHaveLength(count);
      expect(accepted.map(({ ref }) => found.filter((issue) => issue.body.includes(ref)).length)).toEqual(
        Array.from({ length: count }, () => 1),
      );
    },
    90_000,
  );

  // Checkpoints run on a second connection in a worker thread (store/wal-checkpointer.ts), every 100
  // commits: the database file grows only when one has copied the log into it. Killed after that, with a
  // checkpoint possibly running, no acknowledged submission is lost.
  it('killed with SIGKILL as a wave of submissions is answered, after the store has checkpointed: after restart, every acknowledged request is there', async () => {
    const { standin, dataDir } = await setup();
    // Waves of ten from one address would meet the per-address limit: each request comes through a proxy
    // from an address of its own.
    const proxied = { TRUST_PROXY: '1' };
    const first = startServe({ standinUrl: standin.url, dataDir, env: proxied });
    cleanups.push(() => first.stop());
    const url = await first.url;
    const databaseFile = path.join(dataDir, 'repodesk.sqlite');
    const migrated = fs.statSync(databaseFile).size;
    const accepted: { ref: string; token: string }[] = [];
    let sent = 0;
    const wave = () =>
      Promise.all(
        Array.from({ length: 10 }, () => {
          sent += 1;
          return postRequest(
            url,
            incidentSubmission(Date.now(), {
              requester: { name: 'Marie Curie', email: `marie.curie+${sent}@example.org` },
            }),
            { 'x-forwarded-for': `10.1.${Math.floor(sent / 250)}.${sent % 250}` },
          );
        }),
      );
    const answered = async (answers: Response[]) => {
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));
      for (const answer of answers) accepted.push((await answer.json()) as { ref: string; token: string });
    };
    // Submissions, and the issues the bot's worker creates for them, commit until a checkpoint has grown
    // the file.
    while (fs.statSync(databaseFile).size === migrated) {
      expect(sent).toBeLessThan(300);
      await answered(await wave());
    }
    const last = await wave();
    first.process.kill('SIGKILL');
    await answered(last);
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = startServe({ standinUrl: standin.url, dataDir, env: proxied });
    cleanups.push(() => second.stop());
    const restarted = await second.url;
    const statuses = await Promise.all(
      accepted.map(
        async ({ ref, token }, index) =>
          (
            await fetch(`${restarted}/api/requests/${ref}?token=${token}`, {
              headers: { 'x-forwarded-for': `10.2.${Math.floor(index / 250)}.${index % 250}` },
            })
          ).status,
      ),
    );
    expect(statuses).toEqual(accepted.map(() => 200));
  }, 180_000);
});
