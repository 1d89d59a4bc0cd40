// RELIABILITY 1–6: webhook deliveries, verified, capped, deduped, queued, and applied in the worker.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  postWebhook,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const queued = (h: Harness) => h.bot.context.jobs.countByState();

async function openIssueAsAgent(
  h: Harness,
  title: string,
  body: string,
  token = agentToken,
): Promise<number> {
  const response = await fetch(`${h.standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, body }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { number: number }).number;
}

async function issuePayload(h: Harness, number: number, sender: string) {
  const issue = await (
    await fetch(`${h.standin.url}/repos/acme/support/issues/${number}`, {
      headers: { authorization: `token ${agentToken}` },
    })
  ).json();
  return {
    action: 'opened',
    issue,
    repository: { full_name: 'acme/support' },
    sender: { login: sender, type: 'User' },
  };
}

describe('webhook signature and size', () => {
  it('refuses a delivery with no signature, a wrong one, or one from an unknown secret with 400, and queues nothing', async () => {
    harness = await startHarness({ runWorker: false });
    const payload = { action: 'opened', issue: { number: 1 }, sender: { login: 'x' } };
    const missing = await fetch(`${harness.url}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': 'd-1' },
      body: JSON.stringify(payload),
    });
    expect(missing.status).toBe(400);
    const wrong = await postWebhook(harness.url, 'issues', payload, {
      signature: `sha256=${'0'.repeat(64)}`,
    });
    expect(wrong.status).toBe(400);
    const foreign = await postWebhook(harness.url, 'issues', payload, { secret: 'somebody-else' });
    expect(foreign.status).toBe(400);
    expect((await queued(harness)).queued).toBe(0);
    expect(await harness.bot.context.inbox.countBySource()).toEqual({});
  });

  it('answers 413 to a body over the cap before verifying anything, and queues nothing', async () => {
    harness = await startHarness({ runWorker: false, limits: { webhookBodyBytes: 64 * 1024 } });
    const big = {
      action: 'opened',
      issue: { number: 1, body: 'x'.repeat(200 * 1024) },
      sender: { login: 'x' },
    };
    const response = await postWebhook(harness.url, 'issues', big);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ limitBytes: 65_536 });
    expect((await queued(harness)).queued).toBe(0);
  });

  it('accepts deliveries signed with the old and the new secret during a rotation', async () => {
    harness = await startHarness({ runWorker: false, webhookSecrets: ['new-secret', 'old-secret'] });
    const payload = { action: 'opened', issue: { number: 1, title: 't', body: '' }, sender: { login: 'x' } };
    expect((await postWebhook(harness.url, 'issues', payload, { secret: 'new-secret' })).status).toBe(202);
    expect((await postWebhook(harness.url, 'issues', payload, { secret: 'old-secret' })).status).toBe(202);
    expect((await postWebhook(harness.url, 'issues', payload, { secret: 'retired-secret' })).status).toBe(
      400,
    );
    expect((await queued(harness)).queued).toBe(2);
  });
});

describe('webhook delivery handling', () => {
  it.each([
    { who: 'an agent', token: agentToken },
    { who: 'a monitoring system', token: 'monitoring-token' },
  ])(
    'routes an issue $who opened on GitHub: labels and an assignee added, in at most two writes',
    async ({ token }) => {
      harness = await startHarness();
      const number = await openIssueAsAgent(
        harness,
        'Le VPN ne fonctionne plus',
        'Impossible de se connecter au VPN depuis ce matin.',
        token,
      );
      const issue = await eventually(async () => {
        const found = (await harness!.issues()).find((candidate) => candidate.number === number);
        return found && found.labels.length > 0 && found.assignees.length > 0 ? found : undefined;
      });
      expect(issue.labels.length).toBeGreaterThan(0);
      expect(issue.assignees).toHaveLength(1);
      await harness.bot.worker.drain();
      const stats = harness.standin.stats();
      // 1 create by the reporter, then at most 2 writes by the bot.
      expect(stats.writes).toBeLessThanOrEqual(3);
    },
  );

  it.each([
    {
      how: 'typed by whoever opened it',
      body: async () =>
        '<!-- repodesk:ticket ref=RD-AAAA-BBBB key=0123456789abcdef -->Le VPN ne fonctionne plus depuis ce matin.',
    },
    {
      how: 'pasted with the body of a real ticket',
      body: async () => {
        const ticket = await postRequest(harness!.url, incidentSubmission(harness!.bot.context.clock()));
        const { ref } = (await ticket.json()) as { ref: string };
        const number = await eventually(async () => (await harness!.bot.context.refs.get(ref))?.issueNumber);
        return (await harness!.issues()).find((issue) => issue.number === number)?.body ?? '';
      },
    },
  ])('routes an issue an agent opened whose body starts with a repodesk marker $how', async ({ body }) => {
    harness = await startHarness();
    const text = await body();
    expect(text).toMatch(/^<!-- repodesk:ticket ref=RD-/);
    const number = await openIssueAsAgent(harness, 'Le VPN ne fonctionne plus', text);
    const issue = await eventually(async () => {
      const found = (await harness!.issues()).find((candidate) => candidate.number === number);
      return found && found.labels.length > 0 && found.assignees.length > 0 ? found : undefined;
    });
    expect(issue.assignees).toHaveLength(1);
  });

  it('does not route again an issue repodesk created, whoever the delivery names as its sender', async () => {
    harness = await startHarness({ runWorker: false, wireWebhooks: false });
    const ticket = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
    const { ref } = (await ticket.json()) as { ref: string };
    await harness.bot.worker.drain();
    const number = (await harness.bot.context.refs.get(ref))?.issueNumber ?? 0;
    const created = (await harness.issues()).find((issue) => issue.number === number);
    expect(created?.user).toBe('repodesk-bot');
    // An agent takes the ticket off its assignee, then a delivery of its opening comes (late, or redelivered).
    await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}`, {
      method: 'PATCH',
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ assignees: [] }),
    });
    const writes = harness.standin.stats().writes;
    expect(
      (await postWebhook(harness.url, 'issues', await issuePayload(harness, number, 'camille-durand')))
        .status,
    ).toBe(202);
    await harness.bot.worker.drain();
    expect(harness.standin.stats().writes).toBe(writes);
    expect((await harness.issues()).find((issue) => issue.number === number)?.assignees).toEqual([]);
  });

  it('treats the same delivery id twice as one: the second is a no-op', async () => {
    harness = await startHarness({ runWorker: false });
    const payload = { action: 'opened', issue: { number: 1, title: 't', body: '' }, sender: { login: 'x' } };
    const first = await postWebhook(harness.url, 'issues', payload, { deliveryId: 'same-delivery' });
    const second = await postWebhook(harness.url, 'issues', payload, { deliveryId: 'same-delivery' });
    expect(await first.json()).toEqual({ status: 'queued' });
    expect(await second.json()).toEqual({ status: 'duplicate' });
    expect((await queued(harness)).queued).toBe(1);
  });

  it('gets the same result when a comment arrives before the opened event, and a redelivery writes nothing more', async () => {
    // Deliveries from the stand-in are not wired in this test: we post them ourselves, in the wrong order.
    harness = await startHarness({ runWorker: false, wireWebhooks: false });
    const number = await openIssueAsAgent(
      harness,
      'Imprimante en panne',
      "L'imprimante du 2e étage affiche une erreur.",
    );
    const opened = await issuePayload(harness, number, 'camille-durand');
    const comment = {
      action: 'created',
      issue: opened.issue,
      comment: { id: 1, body: 'Toujours en panne', user: { login: 'camille-durand' } },
      sender: { login: 'camille-durand', type: 'User' },
    };
    expect((await postWebhook(harness.url, 'issue_comment', comment)).status).toBe(202);
    expect((await postWebhook(harness.url, 'issues', opened, { deliveryId: 'opened-1' })).status).toBe(202);
    harness.standin.resetStats();
    await harness.bot.worker.drain();
    // Routing's labels and assignee: one write, through the executor.
    const { standin } = harness;
    expect(
      standin
        .writeLog()
        .filter((write) => write.login === standin.botLogin)
        .map((write) => write.request),
    ).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}']);
    const writesAfterRouting = harness.standin.stats().writes;
    const routed = (await harness.issues()).find((issue) => issue.number === number);
    expect(routed?.labels.length).toBeGreaterThan(0);
    expect(routed?.assignees).toHaveLength(1);
    // GitHub redelivers with a new id when asked: the issue is already routed, nothing is written.
    expect((await postWebhook(harness.url, 'issues', opened, { deliveryId: 'opened-2' })).status).toBe(202);
    await harness.bot.worker.drain();
    expect(harness.standin.stats().writes).toBe(writesAfterRouting);
    expect((await harness.issues()).find((issue) => issue.number === number)).toEqual(routed);
  });

  it('ignores events caused by repodesk itself: no loop, no write', async () => {
    harness = await startHarness({ runWorker: false, wireWebhooks: false });
    const number = await openIssueAsAgent(harness, 'Question', 'Une question sans mot-clé');
    const ours = await issuePayload(harness, number, 'repodesk-bot');
    const before = harness.standin.stats().writes;
    expect((await postWebhook(harness.url, 'issues', ours)).status).toBe(202);
    await harness.bot.worker.drain();
    expect(harness.standin.stats().writes).toBe(before);
    expect(await queued(harness)).toMatchObject({ queued: 0, done: 1, dead: 0 });
  });

  it('answers well under a second while GitHub is down, and applies the delivery once it is back', async () => {
    harness = await startHarness();
    const number = await openIssueAsAgent(harness, 'Messagerie bloquée', 'Outlook ne démarre plus.');
    const payload = await issuePayload(harness, number, 'camille-durand');
    harness.standin.injectFault({ kind: 'down', forMs: 1500 });
    const started = performance.now();
    const response = await postWebhook(harness.url, 'issues', payload);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(202);
    expect(elapsed).toBeLessThan(500);
    await eventually(
      async () =>
        ((await harness!.issues()).find((issue) => issue.number === number)?.assignees.length ?? 0) > 0,
      20_000,
    );
  });

  it('answers 2xx to an event it does not handle, and stores nothing', async () => {
    harness = await startHarness({ runWorker: false });
    const ping = await postWebhook(harness.url, 'ping', { zen: 'Keep it logically awesome.', hook_id: 1 });
    expect(ping.status).toBe(202);
    expect(await ping.json()).toEqual({ status: 'ignored', event: 'ping' });
    const star = await postWebhook(harness.url, 'star', { action: 'created', sender: { login: 'x' } });
    expect(star.status).toBe(202);
    expect(await harness.bot.context.inbox.countBySource()).toEqual({});
  });
});

describe('assignment state', () => {
  it('rotates round-robin across tickets and keeps the rotation across a restart of the bot', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-rr-'));
    const assigneesOf = async (h: Harness, count: number) => {
      const numbers: number[] = [];
      for (let index = 0; index < count; index += 1) {
        numbers.push(
          await openIssueAsAgent(
            h,
            `Colis jamais livré ${index}`,
            `Mon colis n'est jamais arrivé (${index}).`,
          ),
        );
      }
      return eventually(async () => {
        const issues = await h.issues();
        const picked = numbers.map((number) => issues.find((issue) => issue.number === number)?.assignees[0]);
        return picked.every(Boolean) ? picked : undefined;
      });
    };
    try {
      harness = await startHarness({ dataDir });
      const first = await assigneesOf(harness, 2);
      expect(first[0]).not.toBe(first[1]);
      await harness.close();
      harness = await startHarness({ dataDir });
      const [third] = await assigneesOf(harness, 1);
      // A rotation forgotten at restart would start again with the first agent.
      expect(first).not.toContain(third);
      const members = harness.rules.teams.teams.find((team) => team.id === 'support-client')?.members ?? [];
      // Next in the team's order after the last one assigned before the restart (agents on duty permitting).
      expect(members).toContain(third);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
