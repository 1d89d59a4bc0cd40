// An agent's `/status <status>` comment, end to end through the real bot and the GitHub stand-in's signed
// webhooks: the status label is swapped, `closed` closes the issue and another status reopens it, an
// unknown status changes nothing and is answered once with the known ones, and the customer is mailed
// nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatusCommand } from '../../../src/commands/status.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  templateRules,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi } from '../../support/agent-api.ts';

interface Issue {
  number: number;
  state: string;
  state_reason: string | null;
  labels: { name: string }[];
}

let harness: Harness;
let number: number;

const api = agentApi(() => harness);

/** The agent comments `body` on the ticket and waits until the bot has acted on it. */
async function agentComments(body: string): Promise<void> {
  await api(`/issues/${number}/comments`, { method: 'POST', body: JSON.stringify({ body }) });
  await settle(harness);
}

async function statusLabels(): Promise<string[]> {
  const issue = await api<Issue>(`/issues/${number}`);
  return issue.labels.map((label) => label.name).filter((name) => name.startsWith('status:'));
}

beforeAll(async () => {
  harness = await startHarness();
  const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
  expect(response.status).toBe(202);
  await settle(harness);
  const [issue] = await harness.issues();
  number = issue!.number;
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/status from an agent', () => {
  it('swaps the status label for the one desk.yaml gives the status, and tells the customer nothing', async () => {
    const { statuses } = harness.rules.desk;
    expect(await statusLabels()).toEqual([statuses.new.label]);
    const mailsBefore = harness.mail.messages.length;
    await agentComments('/status on-hold\nEn attente du fournisseur.');
    expect(await statusLabels()).toEqual([statuses['on-hold'].label]);
    // By its label, in any case, works too.
    await agentComments(`/status ${statuses.pending.label.toUpperCase()}`);
    expect(await statusLabels()).toEqual([statuses.pending.label]);
    expect(harness.mail.messages.length).toBe(mailsBefore);
  });

  it('closes the issue for closed, and reopens it for any other status', async () => {
    const { statuses } = harness.rules.desk;
    await agentComments('/status closed');
    const closed = await api<Issue>(`/issues/${number}`);
    expect([closed.state, closed.state_reason]).toEqual(['closed', 'completed']);
    expect(await statusLabels()).toEqual([statuses.closed.label]);
    await agentComments('/status open');
    const reopened = await api<Issue>(`/issues/${number}`);
    expect([reopened.state, reopened.state_reason]).toEqual(['open', 'reopened']);
    expect(await statusLabels()).toEqual([statuses.open.label]);
  });

  it('answers an unknown status once, naming the known ones, and changes nothing', async () => {
    const before = await statusLabels();
    await agentComments('/status pendng');
    const comments = await api<{ body: string; user: { login: string } }[]>(`/issues/${number}/comments`);
    const answers = comments.filter((comment) => comment.user.login === 'repodesk-bot');
    expect(answers).toHaveLength(1);
    // In the desk's language (French first in the template desk).
    expect(answers[0]!.body).toContain('`/status` : statut « pendng » inconnu ; rien n’a changé.');
    expect(answers[0]!.body).toContain('`pending` (status: pending)');
    expect(await statusLabels()).toEqual(before);
  });
});

/** The writes repodesk's own account sent to the stand-in while `run` ran. */
async function botWrites(run: () => Promise<void>): Promise<string[]> {
  harness.standin.resetStats();
  await run();
  return harness.standin
    .writeLog()
    .filter((write) => write.login === harness.standin.botLogin)
    .map((write) => write.request);
}

describe('what /status costs at GitHub', () => {
  it('one write for the label swap and the state together, none when the ticket is so already', async () => {
    const { statuses } = harness.rules.desk;
    await agentComments('/status on-hold');
    // Open → closed: the old label off, the new one on and the issue closed, in one PATCH.
    expect(await botWrites(() => agentComments('/status closed'))).toEqual([
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(await statusLabels()).toEqual([statuses.closed.label]);
    // Closed → pending: reopened and relabelled, one PATCH.
    expect(await botWrites(() => agentComments('/status pending'))).toEqual([
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    const reopened = await api<Issue>(`/issues/${number}`);
    expect([reopened.state, await statusLabels()]).toEqual(['open', [statuses.pending.label]]);
    // Open → another open status: still one write.
    expect(await botWrites(() => agentComments('/status open'))).toHaveLength(1);
    // Nothing to change: nothing written.
    expect(await botWrites(() => agentComments('/status OPEN'))).toEqual([]);
    expect(await statusLabels()).toEqual([statuses.open.label]);
  });

  it('an unknown status costs its one note', async () => {
    expect(await botWrites(() => agentComments('/status ouvert'))).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
  });
});

describe('reading a /status command', () => {
  it('takes the first line only, ids or labels in any case, and nothing that merely starts alike', async () => {
    const rules = await templateRules();
    expect(parseStatusCommand('  /status On-Hold \nwaiting', rules)).toEqual({
      kind: 'status',
      status: 'on-hold',
    });
    expect(parseStatusCommand('/status', rules)).toEqual({ kind: 'unknown', given: '' });
    expect(parseStatusCommand('/statuses pending', rules)).toEqual({ kind: 'none' });
    expect(parseStatusCommand('/reply /status pending', rules)).toEqual({ kind: 'none' });
    expect(parseStatusCommand('Note: /status pending', rules)).toEqual({ kind: 'none' });
  });
});
