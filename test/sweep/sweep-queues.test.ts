// The bot's sweep covers every repository of the desk (confidential queues, issue 13): an overdue ticket in
// the HR repository, which only its collaborators read, is labelled there by the sweep as one in the default
// repository is, each in its own repository, and later runs write nothing more in either.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import { eventually, repoRoot, startHarness, type Harness } from '../support/bot-harness.ts';

let harness: Harness;
let root: string;
const hrToken = 'claire-token';

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-sweep-queues-'));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const desk = path.join(root, 'rules', 'desk.yaml');
  fs.writeFileSync(
    desk,
    fs
      .readFileSync(desk, 'utf8')
      .replace(
        'repository: cassiopee/support\n',
        'repository: acme/support\nrepositories: [acme/support, acme/support-hr]\n',
      ),
  );
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(`rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  harness = await startHarness({
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    sweepEveryMs: 300,
    standin: { repos: ['acme/support', 'acme/support-hr'], allowClockOverride: true },
    standinUsers: [{ login: 'claire-fontaine', token: hrToken, role: { 'acme/support-hr': 'write' } }],
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** An urgent ticket opened on GitHub `minutesAgo`, never answered (the "urgente" policy: first response within 1h). */
async function openUrgent(repository: string, token: string, minutesAgo: number, title: string) {
  const response = await fetch(`${harness.standin.url}/repos/${repository}/issues`, {
    method: 'POST',
    headers: {
      authorization: `token ${token}`,
      'content-type': 'application/json',
      'x-standin-now': new Date(harness.bot.context.clock() - minutesAgo * 60_000).toISOString(),
    },
    body: JSON.stringify({
      title,
      body: 'Demande urgente.',
      labels: ['status: new', 'priority: urgent', 'team: support-client'],
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { number: number }).number;
}

async function labelsOf(repository: string, number: number, token: string): Promise<string[]> {
  const response = await fetch(`${harness.standin.url}/repos/${repository}/issues/${number}`, {
    headers: { authorization: `token ${token}` },
  });
  return ((await response.json()) as { labels: { name: string }[] }).labels.map((label) => label.name);
}

it('labels an at-risk ticket of the HR repository, and one of the default repository, each in its own', async () => {
  // 50 minutes of a 1-hour first response: past 75%, at risk, not breached.
  const hr = await openUrgent('acme/support-hr', hrToken, 50, 'Paie non versée');
  const support = await openUrgent('acme/support', 'monitoring-token', 50, 'Sonde : la base ne répond plus');
  expect(hr).toBe(support); // the same number in both: neither ticket may take the other's labels
  await eventually(async () => (await labelsOf('acme/support-hr', hr, hrToken)).includes('sla:at-risk'));
  await eventually(async () =>
    (await labelsOf('acme/support', support, 'monitoring-token')).includes('sla:at-risk'),
  );
  expect(await labelsOf('acme/support-hr', hr, hrToken)).not.toContain('sla:breached');

  // Later runs find nothing to do in either repository: the stand-in sees no further write.
  const writes = harness.standin.stats().writes;
  const runs = () =>
    fetch(`${harness.url}/metrics`)
      .then((answer) => answer.text())
      .then((text) => Number(/repodesk_sweep_runs_total\{outcome="done"\} (\d+)/.exec(text)?.[1] ?? 0));
  const before = await runs();
  await eventually(async () => (await runs()) >= before + 3);
  expect(harness.standin.stats().writes).toBe(writes);
});
