// An agent's `/erase` on one ticket, end to end through the real bot and the GitHub stand-in's signed
// webhooks: the ticket's issue (title, body, comments) and the store no longer hold the requester's
// address or name, their other ticket is untouched, a note tells agents what changed and what GitHub
// keeps (its edit history), and a ticket without a requester, or a bad use, changes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesFor } from '../../src/messages/index.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { agentApi } from '../support/agent-api.ts';

interface Issue {
  number: number;
  title: string;
  body: string;
}
interface Comment {
  body: string;
  user: { login: string };
}

const texts = messagesFor('fr').commands.erase;
const address = 'marie.curie@example.org';
let harness: Harness;
let first: number;
let second: number;
let paul: number;

const api = agentApi(() => harness);

/** Everything GitHub shows of issue `number`: title, body, every comment. */
async function issueText(number: number): Promise<string> {
  const issue = await api<Issue>(`/issues/${number}`);
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return [issue.title, issue.body, ...comments.map((comment) => comment.body)].join('\n');
}

async function agentComments(number: number, body: string): Promise<void> {
  await api(`/issues/${number}/comments`, { method: 'POST', body: JSON.stringify({ body }) });
  await settle(harness);
}

async function lastBotNote(number: number): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

/** Every row of every table of the store that holds `text` (any case), as JSON. */
async function storeRowsHolding(text: string): Promise<string[]> {
  const { store } = harness.bot.context;
  const tables = await store.all("SELECT name FROM sqlite_master WHERE type = 'table'");
  const rows: string[] = [];
  for (const { name } of tables)
    for (const row of await store.all(`SELECT * FROM "${String(name)}"`)) {
      const json = JSON.stringify(row, (_key, value: unknown) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
      );
      if (json.toLowerCase().includes(text.toLowerCase())) rows.push(json);
    }
  return rows;
}

async function submit(requester: { name: string; email: string }): Promise<number> {
  const before = (await harness.issues()).length;
  const response = await postRequest(
    harness.url,
    incidentSubmission(harness.bot.context.clock(), { requester }),
  );
  expect(response.status).toBe(202);
  await settle(harness);
  const issues = await harness.issues();
  expect(issues).toHaveLength(before + 1);
  return Math.max(...issues.map((issue) => issue.number));
}

beforeAll(async () => {
  harness = await startHarness({ standinUsers: [{ login: 'lucas-martin', token: 'agent-lucas-token' }] });
  first = await submit({ name: 'Marie Curie', email: address });
  second = await submit({ name: 'Marie Curie', email: 'Marie.Curie@example.org' });
  paul = await submit({ name: 'Paul Langevin', email: 'paul@example.org' });
  // An agent quotes her on the first ticket.
  await agentComments(first, `Note interne : Marie Curie (${address}) rappelle demain.`);
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/erase', () => {
  it("erases the requester from this ticket's issue, comments and store rows, and says what GitHub keeps", async () => {
    const refOf = async (number: number) => (await harness.bot.context.refs.byIssueNumber(number))!.ref;
    const [firstRef, secondRef] = [await refOf(first), await refOf(second)];
    expect((await issueText(first)).toLowerCase()).toContain(address);
    expect((await storeRowsHolding(address)).some((row) => row.includes(firstRef))).toBe(true);
    // A reply that names her: the store keeps what it told her, for her follow page.
    await agentComments(first, '/reply Bonjour {{requester.name}}, nous vous rappelons demain.');
    expect((await storeRowsHolding('Bonjour Marie Curie')).some((row) => row.includes(firstRef))).toBe(true);
    // A second agent's reply, held by the collision guard: it holds her address until sent or dropped.
    await api(
      `/issues/${first}/comments`,
      { method: 'POST', body: JSON.stringify({ body: '/reply Je complète la réponse.' }) },
      'agent-lucas-token',
    );
    await settle(harness);
    expect((await harness.bot.context.mail.heldReplies.ofIssue(first)).map((reply) => reply.state)).toEqual([
      'held',
    ]);
    const mails = harness.mail.messages.length;

    await agentComments(first, '/erase');

    const note = await lastBotNote(first);
    expect(note).toContain(`${texts.name}${texts.done}`);
    expect(note).toContain('Delete revision from history');
    const shown = (await issueText(first)).toLowerCase();
    expect(shown).not.toContain(address);
    expect(shown).not.toContain('marie curie');
    expect(shown).toContain('[effacé · erased]');
    // The store: no row that names her address also names this ticket.
    const rows = await storeRowsHolding(address);
    expect(rows.filter((row) => row.includes(firstRef))).toEqual([]);
    expect(await storeRowsHolding('Bonjour Marie Curie')).toEqual([]);
    expect(await harness.bot.context.mail.heldReplies.ofIssue(first)).toEqual([]);
    // Her other ticket, and Paul's, are untouched.
    expect(rows.some((row) => row.includes(secondRef))).toBe(true);
    expect(await issueText(second)).toContain('**Demandeur :** Marie Curie');
    expect(await issueText(paul)).toContain('**Demandeur :** Paul Langevin');
    // GitHub keeps the earlier text in the issue's edit history, as the note says.
    expect(JSON.stringify(harness.standin.editHistory('acme/support', first)).toLowerCase()).toContain(
      address,
    );
    expect(harness.mail.messages.length).toBe(mails);
  });

  it('a ticket already erased has no requester any more: a second /erase changes nothing', async () => {
    const before = await api<Issue>(`/issues/${first}`);
    await agentComments(first, '/erase');
    expect(await lastBotNote(first)).toContain(`${texts.name}${texts.noRequester}`);
    const after = await api<Issue>(`/issues/${first}`);
    expect([after.title, after.body]).toEqual([before.title, before.body]);
  });

  it('an issue opened on GitHub has no requester: /erase changes nothing and says so', async () => {
    const opened = await api<Issue>(
      '/issues',
      {
        method: 'POST',
        body: JSON.stringify({ title: 'Sonde en panne', body: 'Alerte de paul@example.org' }),
      },
      'monitoring-token',
    );
    await settle(harness);
    // As routed: the account has write access, so the bot framed its text (markers, the assist section).
    const routed = (await api<Issue>(`/issues/${opened.number}`)).body ?? '';
    expect(routed).toContain('Alerte de paul@example.org');
    await agentComments(opened.number, '/erase');
    expect(await lastBotNote(opened.number)).toContain(`${texts.name}${texts.noRequester}`);
    expect((await api<Issue>(`/issues/${opened.number}`)).body).toBe(routed);
  });

  it('/erase with words after it is a bad use: nothing changes, the note says how to write it', async () => {
    const before = await api<Issue>(`/issues/${second}`);
    await agentComments(second, `/erase ${address}`);
    expect(await lastBotNote(second)).toContain(`${texts.name}${texts.usage}`);
    const after = await api<Issue>(`/issues/${second}`);
    expect([after.title, after.body]).toEqual([before.title, before.body]);
    expect(after.body).toContain('**Demandeur :** Marie Curie');
  });
});
