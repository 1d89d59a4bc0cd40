// An agent's `/priority <priority>` comment, end to end through the real bot and the GitHub stand-in's
// signed webhooks: the priority label is swapped for the one desk.yaml gives, in one write, nothing is
// written when the ticket has it already, an unknown priority changes nothing and is answered once with the
// known ones (in the desk's language), and the customer is mailed nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Issue {
  labels: { name: string }[];
}

let harness: Harness;
let number: number;

const api = agentApi(() => harness);

/** The agent comments `body`; resolves to the writes repodesk's account sent while the bot acted on it. */
const agentComments = (body: string) => botWritesAfterComment(harness, number, body);

async function labels(): Promise<string[]> {
  return (await api<Issue>(`/issues/${number}`)).labels.map((label) => label.name);
}
const priorityLabels = async () => (await labels()).filter((name) => name.startsWith('priority:'));

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

describe('/priority from an agent', () => {
  it('swaps the priority label in one write, by id or by label in any case, and leaves the rest alone', async () => {
    const label = (id: string) => harness.rules.desk.priorities.find((priority) => priority.id === id)!.label;
    const others = (await labels()).filter((name) => !name.startsWith('priority:'));
    const mailsBefore = harness.mail.messages.length;

    expect(await agentComments('/priority low\nLe client a un contournement.')).toHaveLength(1);
    expect(await priorityLabels()).toEqual([label('low')]);
    expect(await agentComments(`/priority ${label('urgent').toUpperCase()}`)).toHaveLength(1);
    expect(await priorityLabels()).toEqual([label('urgent')]);
    expect((await labels()).filter((name) => !name.startsWith('priority:'))).toEqual(others);
    expect(harness.mail.messages.length).toBe(mailsBefore);
  });

  it('writes nothing when the ticket has that priority already', async () => {
    expect(await agentComments('/priority high')).toHaveLength(1);
    expect(await agentComments('/priority High')).toEqual([]);
    expect(await priorityLabels()).toEqual(['priority: high']);
  });

  it('answers an unknown or missing priority once, naming the known ones, and changes nothing', async () => {
    const before = await priorityLabels();
    expect(await agentComments('/priority critique')).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    await agentComments('/priority');
    const comments = await api<{ body: string; user: { login: string } }[]>(`/issues/${number}/comments`);
    const answers = comments
      .filter((comment) => comment.user.login === harness.standin.botLogin)
      .map((comment) => comment.body)
      .filter((body) => body.includes('`/priority`'));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain('`/priority` : priorité « critique » inconnue ; rien n’a changé.');
    expect(answers[0]).toContain('`urgent` (priority: urgent), `high` (priority: high)');
    expect(answers[1]).toContain('`/priority` : aucune priorité donnée ; rien n’a changé.');
    expect(await priorityLabels()).toEqual(before);
  });
});
