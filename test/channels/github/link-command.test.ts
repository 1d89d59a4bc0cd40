// `/link #N`, `/unlink #N`, `/reply-all` and `/resolve-all` end to end through the real bot, the GitHub
// stand-in's signed webhooks and the SMTP sink (issue 13, "Merge and link"): the master's issue lists its
// children in one body section, kept up to date with one edit per change; `/reply-all` on the master mails
// every linked requester exactly once, with `/reply`'s variables and canned-id checks; `/resolve-all`
// resolves every open child, one mail and one note each. Writes counted at the stand-in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesFor } from '../../../src/messages/index.ts';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import {
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Issue {
  state: string;
  body: string | null;
  labels: { name: string }[];
}
interface Comment {
  body: string;
  user: { login: string };
}

const fr = messagesFor('fr').commands;
let harness: Harness;
let people = 0;

const api = agentApi(() => harness);

const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const patchIssue = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<string> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

/** A customer's request from the site: its issue number and requester address. */
async function openTicket(
  name: string,
  email = `${name.split(' ')[0]!.toLowerCase()}.${++people}@example.org`,
) {
  const accepted = (await (
    await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), { requester: { name, email } }),
    )
  ).json()) as { ref: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, email };
}

/** An issue an agent opens on GitHub: a master (a major incident), or a ticket with no requester. */
async function openIssueOnGitHub(title: string, body: string): Promise<number> {
  const created = await api<{ number: number }>('/issues', {
    method: 'POST',
    body: JSON.stringify({ title, body }),
  });
  await settle(harness);
  return created.number;
}

const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);
const issueOf = (number: number) => api<Issue>(`/issues/${number}`);

async function lastBotNote(number: number): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

/** The children the master's body lists, as GitHub shows them (`- #N` lines of its section). */
async function listedChildren(master: number): Promise<number[]> {
  const body = (await issueOf(master)).body ?? '';
  const section = /<!-- repodesk:children -->([\s\S]*?)<!-- \/repodesk:children -->/.exec(body)?.[1] ?? '';
  return [...section.matchAll(/^- #(\d+)$/gm)].map((line) => Number(line[1]));
}

const incidentBody = 'Panne du VPN depuis 9 h : tous les accès à distance sont coupés.';

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/link and /unlink', () => {
  it('the master lists its children in one body section, one edit per change; linking again writes nothing', async () => {
    const master = await openIssueOnGitHub('Incident majeur : VPN', incidentBody);
    // The agent's text as written, framed by the bot's markers and assist section when it routed the issue.
    const routed = (await issueOf(master)).body ?? '';
    expect(routed).toContain(incidentBody);
    const [first, second] = [await openTicket('Marie Curie'), await openTicket('Paul Martin')];

    expect(await agentComments(first.number, `/link #${master}`)).toEqual([postComment, patchIssue]);
    expect(await lastBotNote(first.number)).toContain(fr.link.name + fr.link.linked(master));
    expect(await agentComments(second.number, `/link acme/support#${master}`)).toEqual([
      postComment,
      patchIssue,
    ]);
    expect(await listedChildren(master)).toEqual([first.number, second.number]);
    const body = (await issueOf(master)).body ?? '';
    expect(body).toContain(incidentBody);
    expect(body).toContain(fr.link.heading);

    expect(await agentComments(first.number, `/link #${master}`)).toEqual([]);
    expect(await listedChildren(master)).toEqual([first.number, second.number]);

    expect(await agentComments(first.number, `/unlink #${master}`)).toEqual([postComment, patchIssue]);
    expect(await lastBotNote(first.number)).toContain(fr.unlink.name + fr.unlink.unlinked(master));
    expect(await listedChildren(master)).toEqual([second.number]);
    expect(await agentComments(first.number, `/unlink #${master}`)).toEqual([postComment]);
    expect(await lastBotNote(first.number)).toContain(fr.unlink.name + fr.unlink.notLinked(master));

    // The last child unlinked: the section goes, the incident's own text stays.
    expect(await agentComments(second.number, `/unlink #${master}`)).toEqual([postComment, patchIssue]);
    // (The section's removal does not keep a trailing line break, as GitHub does not show one.)
    expect((await issueOf(master)).body?.trimEnd()).toBe(routed.trimEnd());
  });

  const refusals: [string, (self: number) => [string, string]][] = [
    ['no number', () => ['/link', fr.link.usage]],
    ['an issue that does not exist', () => ['/link #9999', fr.link.missing(9999)]],
    ['this ticket', (self) => [`/link #${self}`, fr.link.itself]],
    ['another repository', () => ['/link octo/other#3', fr.link.otherRepository('octo/other#3')]],
    ['/unlink with no number', () => ['/unlink', `${fr.unlink.usage}`]],
  ];
  it.each(refusals)('%s changes nothing and gets one note saying why', async (_name, cases) => {
    const ticket = await openTicket('Marie Curie');
    const [command, refusal] = cases(ticket.number);
    const name = command.startsWith('/unlink') ? fr.unlink.name : fr.link.name;
    expect(await agentComments(ticket.number, command)).toEqual([postComment]);
    expect(await lastBotNote(ticket.number)).toContain(name + refusal);
  });
});

describe('/reply-all on a master', () => {
  it('mails every linked requester exactly once, filled for each, in one write', async () => {
    const master = await openIssueOnGitHub('Incident majeur : messagerie', incidentBody);
    const marie = await openTicket('Marie Curie');
    const paul = await openTicket('Paul Martin');
    const marieAgain = await openTicket('Marie Curie', marie.email);
    const phoned = await openIssueOnGitHub('Appel : messagerie en panne', 'Appel d’un collègue.');
    for (const child of [marie.number, paul.number, marieAgain.number, phoned])
      await agentComments(child, `/link #${master}`);
    const before = [mailsTo(marie.email).length, mailsTo(paul.email).length];

    const writes = await agentComments(
      master,
      '/reply-all Bonjour {{requester.firstName}}, la messagerie est rétablie.',
    );
    expect(writes).toEqual([postComment]);
    expect(mailsTo(marie.email)).toHaveLength(before[0]! + 1);
    expect(mailsTo(paul.email)).toHaveLength(before[1]! + 1);
    expect(mailsTo(marie.email).at(-1)!.envelopeTo).toEqual([marie.email]);
    expect(await textOf(mailsTo(marie.email).at(-1)!.raw)).toContain(
      'Bonjour Marie, la messagerie est rétablie.',
    );
    expect(await textOf(mailsTo(paul.email).at(-1)!.raw)).toContain(
      'Bonjour Paul, la messagerie est rétablie.',
    );
    expect(await lastBotNote(master)).toContain(
      fr.replyAll.name +
        fr.replyAll.sent(`#${marie.number}, #${paul.number}, #${marieAgain.number}`) +
        fr.replyAll.noRequester(`#${phoned}`),
    );
  });

  it.each([
    ['a mistyped canned reply id', '/reply-all demande-information', 'n’est pas une réponse'],
    ['an unknown variable', '/reply-all Bonjour {{requester.prenom}}', '{{requester.prenom}}'],
  ])('%s sends nothing and gets /reply’s note', async (_name, command, refusal) => {
    const master = await openIssueOnGitHub('Incident majeur : impression', incidentBody);
    const child = await openTicket('Marie Curie');
    await agentComments(child.number, `/link #${master}`);
    const mails = harness.mail.messages.length;
    expect(await agentComments(master, command)).toEqual([postComment]);
    expect(await lastBotNote(master)).toContain(refusal);
    expect(harness.mail.messages.length).toBe(mails);
  });

  it('on a ticket with no linked ticket sends nothing and says so', async () => {
    const lonely = await openIssueOnGitHub('Incident sans ticket lié', incidentBody);
    const mails = harness.mail.messages.length;
    expect(await agentComments(lonely, '/reply-all Bonjour')).toEqual([postComment]);
    expect(await lastBotNote(lonely)).toContain(fr.replyAll.name + fr.replyAll.noChildren);
    expect(harness.mail.messages.length).toBe(mails);
  });
});

describe('/resolve-all on a master', () => {
  it('resolves every open child with the reply: one mail and one note each, resolved ones left alone', async () => {
    const master = await openIssueOnGitHub('Incident majeur : Wi-Fi', incidentBody);
    const [marie, paul, done] = [
      await openTicket('Marie Curie'),
      await openTicket('Paul Martin'),
      await openTicket('Léa Blanc'),
    ];
    for (const child of [marie, paul, done]) await agentComments(child.number, `/link #${master}`);
    await agentComments(done.number, '/status resolved');
    const before = [marie, paul, done].map((child) => mailsTo(child.email).length);

    const writes = await agentComments(
      master,
      '/resolve-all Bonjour {{requester.firstName}}, le Wi-Fi est rétabli.',
    );
    // The master's note, then each open child's note and label swap.
    expect(writes).toEqual([postComment, postComment, patchIssue, postComment, patchIssue]);
    for (const child of [marie, paul]) {
      const issue = await issueOf(child.number);
      expect(issue.labels.map((label) => label.name)).toContain('status: resolved');
      expect(await lastBotNote(child.number)).toContain(fr.resolveAll.child(master));
    }
    expect(mailsTo(marie.email)).toHaveLength(before[0]! + 1);
    expect(await textOf(mailsTo(marie.email).at(-1)!.raw)).toContain('Bonjour Marie, le Wi-Fi est rétabli.');
    expect(mailsTo(paul.email)).toHaveLength(before[1]! + 1);
    expect(mailsTo(done.email)).toHaveLength(before[2]!);
    expect(await lastBotNote(master)).toContain(
      fr.resolveAll.name + fr.resolveAll.resolved(`#${marie.number}, #${paul.number}`) + fr.resolveAll.mailed,
    );

    // Nothing open any more: a note, nothing else.
    expect(await agentComments(master, '/resolve-all')).toEqual([postComment]);
    expect(await lastBotNote(master)).toContain(fr.resolveAll.name + fr.resolveAll.noneOpen);
  });

  it('without a text resolves the open children and mails nobody', async () => {
    const master = await openIssueOnGitHub('Incident majeur : téléphonie', incidentBody);
    const child = await openTicket('Marie Curie');
    await agentComments(child.number, `/link #${master}`);
    const mails = harness.mail.messages.length;
    expect(await agentComments(master, '/resolve-all')).toEqual([postComment, postComment, patchIssue]);
    expect((await issueOf(child.number)).labels.map((label) => label.name)).toContain('status: resolved');
    expect(harness.mail.messages.length).toBe(mails);
  });
});

describe('/resolve-all on a master with many children', () => {
  // Its own desk, on a clock moved by hand: the write budget's minute is the test's, not the other tests'.
  const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
  let own: Harness;
  beforeAll(async () => {
    own = await startHarness({ clock: clock.now });
  });
  afterAll(async () => {
    expect(own.standin.responseErrors()).toEqual([]);
    await own?.close();
  });

  it('resolves at most 30 children a run (61 writes, within the budget); the next run the rest; a master listing itself is skipped', async () => {
    const ownApi = agentApi(() => own);
    const children: number[] = [];
    for (let index = 0; index < 31; index += 1)
      children.push(
        (
          await ownApi<{ number: number }>('/issues', {
            method: 'POST',
            body: JSON.stringify({ title: `Panne Wi-Fi, étage ${index}`, body: 'Appel.' }),
          })
        ).number,
      );
    const { number: master } = await ownApi<{ number: number }>('/issues', {
      method: 'POST',
      body: JSON.stringify({ title: 'Incident majeur : réseau', body: incidentBody }),
    });
    await settle(own);
    // An agent edits the section by hand, listing the master itself among its children.
    const section = [master, ...children].map((child) => `- #${child}`).join('\n');
    await ownApi(`/issues/${master}`, {
      method: 'PATCH',
      body: JSON.stringify({
        body: `${incidentBody}\n\n<!-- repodesk:children -->\n${fr.link.heading}\n\n${section}\n<!-- /repodesk:children -->\n`,
      }),
    });
    await settle(own);
    const labelsOf = async (number: number) =>
      (await ownApi<Issue>(`/issues/${number}`)).labels.map((label) => label.name);
    const note = async () =>
      (await ownApi<Comment[]>(`/issues/${master}/comments`))
        .filter((comment) => comment.user.login === own.standin.botLogin)
        .at(-1)?.body ?? '';

    clock.advance(2 * 60_000); // the routing of the 32 issues leaves the budget's minute
    const writes = await botWritesAfterComment(own, master, '/resolve-all');
    expect(writes).toHaveLength(1 + 2 * 30);
    expect(await note()).toContain(fr.resolveAll.more(1));
    expect(await labelsOf(children[29]!)).toContain('status: resolved');
    expect(await labelsOf(children[30]!)).not.toContain('status: resolved');
    clock.advance(2 * 60_000);
    expect(await botWritesAfterComment(own, master, '/resolve-all')).toEqual([
      postComment,
      postComment,
      patchIssue,
    ]);
    expect(await labelsOf(children[30]!)).toContain('status: resolved');
    expect(await labelsOf(master)).not.toContain('status: resolved');
  });
});
