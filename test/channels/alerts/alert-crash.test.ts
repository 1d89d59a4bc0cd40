// RELIABILITY 27 for alerts (issue 17): `repodesk serve` killed with SIGKILL at each step of an alert's
// ticket; after a restart, exactly one issue per alert, and every firing it accepted is still counted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../../src/standin/start-standin.ts';
import { eventually, templateRules } from '../../support/bot-harness.ts';
import { startServe, type ServeChild } from '../../support/serve-child.ts';
import { alertTokens, genericAlert, postAlert } from './alert-support.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startServeCrashing(standin: Standin, dataDir: string, crashAt?: string): ServeChild {
  const child = startServe({
    standinUrl: standin.url,
    dataDir,
    env: { ALERTS_GENERIC_TOKEN: alertTokens.generic, ...(crashAt ? { REPODESK_CRASH_AT: crashAt } : {}) },
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-alert-crash-'));
  cleanups.push(() => standin.close());
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const issues = async () =>
    (await (
      await fetch(`${standin.url}/repos/acme/support/issues?state=all&per_page=100`, {
        headers: { authorization: 'token bot-token' },
      })
    ).json()) as { number: number; body: string }[];
  return { standin, dataDir, issues };
}

/** A POST that may meet a killed process: its status, or 0 when the connection failed. */
const tryPost = (url: string, body: unknown) =>
  postAlert(url, 'generic', body).then(
    (response) => response.status,
    () => 0,
  );

const startsAt = '2026-11-23T09:00:00.000Z';

// Each test starts `repodesk serve` twice: on a loaded machine that alone can take most of a minute.
describe('a crash at any step of an alert ticket', { timeout: 180_000 }, () => {
  it.each(['after-inbox-write', 'before-create-post', 'after-create-post'])(
    'killed %s: after restart and the monitoring system sending again, exactly one issue',
    async (crashAt) => {
      const { standin, dataDir, issues } = await setup();
      const first = startServeCrashing(standin, dataDir, crashAt);
      const alert = genericAlert('crash-disk', 'firing', startsAt);
      const status = await tryPost(await first.url, alert);
      // Killed before the answer (the alert is stored), or after it, when the job creates the issue.
      expect(status).toBe(crashAt === 'after-inbox-write' ? 0 : 202);
      expect((await first.exited).signal).toBe('SIGKILL');
      const second = startServeCrashing(standin, dataDir);
      const url = await second.url;
      // Alertmanager and Grafana retry a delivery that got no answer: the same firing, counted once.
      expect(await tryPost(url, alert)).toBe(202);
      const [issue] = await eventually(async () => {
        const found = await issues();
        return found.length > 0 ? found : undefined;
      }, 60_000);
      expect(issue?.body).toContain('**Occurrences :** 1 ');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await issues()).toHaveLength(1);
    },
  );

  it('a burst across a kill -9: one issue per alert, every firing accepted before the kill kept', async () => {
    const { standin, dataDir, issues } = await setup();
    const first = startServeCrashing(standin, dataDir, 'after-create-post');
    const firstUrl = await first.url;
    const firings = Array.from({ length: 50 }, (_, index) =>
      genericAlert(
        `burst-${index % 10}`,
        'firing',
        new Date(Date.parse(startsAt) + index * 1000).toISOString(),
      ),
    );
    const statuses: number[] = [];
    for (const firing of firings) statuses.push(await tryPost(firstUrl, firing));
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = startServeCrashing(standin, dataDir);
    const url = await second.url;
    // The monitoring system sends again what got no answer.
    for (const [index, firing] of firings.entries())
      if (statuses[index] !== 202) expect(await tryPost(url, firing)).toBe(202);
    const created = await eventually(async () => {
      const found = await issues();
      return found.length === 10 ? found : undefined;
    }, 60_000);
    for (let index = 0; index < 10; index += 1)
      expect(created.filter((issue) => issue.body.includes(`\`burst-${index}\``))).toHaveLength(1);
    await second.stop();
    const db = new DatabaseSync(path.join(dataDir, 'repodesk.sqlite'), { readOnly: true });
    const stored = db.prepare("SELECT count(*) AS n FROM inbox WHERE source = 'alert'").get() as {
      n: number;
    };
    db.close();
    expect(Number(stored.n)).toBe(50);
    expect(await issues()).toHaveLength(10);
  });
});
