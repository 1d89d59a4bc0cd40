// `/merge #N` and `/unmerge` end to end through the real bot, the GitHub stand-in's signed webhooks, the SMTP
// sink and the inbound mail endpoint, on a clock moved by hand (issue 13, "Merge and link"): the source is
// closed as a duplicate with a note linking #N, its labels carried over but for those #N keeps its own of,
// the customer thread continues on #N (a mail to the old reference, the old follow link), and a requester
// other than #N's gets #N's public replies from then on in a mail of their own, never the earlier thread.
// At most four writes; merging again writes nothing; refusals are one note. `/unmerge` the same day (Paris)
// gives the source its thread back; the next day a note says it is too late.

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
import { rawMail } from '../../support/email-fixtures.ts';
import { commentsOf, postMail, processed } from '../../support/inbound-mail.ts';

interface Ticket {
  number: number;
  ref: string;
  token: string;
  email: string;
}
interface Issue {
  state: string;
  state_reason: string | null;
  labels: { name: string }[];
}
interface Comment {
  body: string;
  user: { login: string };
}

const fr = messagesFor('fr').commands;
const minute = 60_000;
const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
let harness: Harness;
let people = 0;

const api = agentApi(() => harness);

const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const patchIssue = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';
const addLabels = 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels';

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function parsed(raw: Buffer | undefined) {
  const result = await parseMessage(raw ?? Buffer.alloc(0));
  if (!result.ok) throw new Error(result.detail);
  return result.mail;
}

/** A customer's request from the site, its issue created and acknowledged; `email` defaults to a new one. */
async function openTicket(
  name: string,
  email = `${name.split(' ')[0]!.toLowerCase()}.${++people}@example.org`,
) {
  const accepted = (await (
    await postRequest(harness.url, incidentSubmission(clock.now(), { requester: { name, email } }))
  ).json()) as { ref: string; token: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, ref: accepted.ref, token: accepted.token, email } satisfies Ticket;
}

/** The agent comments `body` on issue `number`; resolves to the writes repodesk sent meanwhile. */
const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);

const issueOf = (number: number) => api<Issue>(`/issues/${number}`);
const labelsOf = async (number: number) => (await issueOf(number)).labels.map((label) => label.name);

async function lastBotNote(number: number): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

async function followPage(ticket: Ticket) {
  const response = await fetch(`${harness.url}/api/requests/${ticket.ref}?token=${ticket.token}`);
  return (await response.json()) as { status: string; messages: { from: string; text: string }[] };
}

/** The customer answers the acknowledgement of `ticket` by mail. */
async function customerAnswers(ticket: Ticket, body: string): Promise<void> {
  const ack = await parsed(mailsTo(ticket.email)[0]?.raw);
  const id = `<${ack.messageId}>`;
  const mailId = await postMail(
    harness,
    rawMail({
      from: ticket.email,
      subject: `Re: ${ack.subject}`,
      headers: [`In-Reply-To: ${id}`, `References: ${id}`],
      body,
    }),
  );
  expect((await processed(harness, mailId)).state).toBe('done');
  await settle(harness);
}

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/merge #N', () => {
  it('folds a ticket of another requester into #N in four writes; the customer thread continues on #N', async () => {
    const target = await openTicket('Paul Martin');
    await agentComments(target.number, '/reply Bonjour {{requester.firstName}}, nous regardons.');
    clock.advance(minute);
    const source = await openTicket('Marie Curie');
    await api(`/issues/${source.number}/labels`, {
      method: 'POST',
      body: JSON.stringify({ labels: ['fournisseur'] }),
    });
    await agentComments(source.number, '/priority urgent');
    const targetLabels = await labelsOf(target.number);
    clock.advance(minute);

    const writes = await agentComments(source.number, `/merge #${target.number}`);
    // The source's note and close, the target's note and labels.
    expect(writes).toEqual([postComment, patchIssue, postComment, addLabels]);
    const closed = await issueOf(source.number);
    expect([closed.state, closed.state_reason]).toEqual(['closed', 'duplicate']);
    expect(closed.labels.map((label) => label.name)).toContain('status: closed');
    expect(await lastBotNote(source.number)).toContain(
      fr.merge.name +
        fr.merge.merged(target.number) +
        fr.merge.labels('`fournisseur`') +
        fr.merge.otherRequester(source.email, target.number) +
        fr.merge.undo,
    );
    // Labels carried over, but the target keeps its own priority, type, status and team: its SLA is unchanged.
    expect(await labelsOf(target.number)).toEqual([...targetLabels, 'fournisseur']);
    expect(await lastBotNote(target.number)).toContain(
      fr.merge.target(source.number) + fr.merge.targetRequester(source.email),
    );

    // Merging again changes nothing and writes nothing.
    expect(await agentComments(source.number, `/merge #${target.number}`)).toEqual([]);

    // A reply on the target reaches both requesters, each in a mail of their own; Marie never gets the
    // earlier thread, nor sees Paul's address.
    clock.advance(minute);
    const [paulBefore, marieBefore] = [mailsTo(target.email).length, mailsTo(source.email).length];
    await agentComments(target.number, '/reply Bonjour {{requester.firstName}}, le correctif est en place.');
    expect(mailsTo(target.email)).toHaveLength(paulBefore + 1);
    expect(mailsTo(source.email)).toHaveLength(marieBefore + 1);
    const toMarie = mailsTo(source.email).at(-1)!;
    expect(toMarie.envelopeTo).toEqual([source.email]);
    const marieMail = await parsed(toMarie.raw);
    expect(marieMail.text).toContain('Bonjour Marie, le correctif est en place.');
    expect(marieMail.text).not.toContain('nous regardons');
    expect(marieMail.subject).toContain(source.ref);
    expect((await parsed(mailsTo(target.email).at(-1)!.raw)).text).toContain(
      'Bonjour Paul, le correctif est en place.',
    );

    // Her answer to her old reference lands on the target, not on the closed source.
    await customerAnswers(source, 'Merci, cela fonctionne de nouveau.');
    expect((await commentsOf(harness, target.number)).some((body) => body.includes('cela fonctionne'))).toBe(
      true,
    );
    expect((await commentsOf(harness, source.number)).some((body) => body.includes('cela fonctionne'))).toBe(
      false,
    );

    // Her follow link shows the target's status, its replies from the merge on (never the earlier ones) and
    // her own answer; his shows his thread, never her answer.
    const page = await followPage(source);
    const paulPage = await followPage(target);
    expect(page.status).toBe(paulPage.status);
    const replies = page.messages
      .filter((message) => message.from === 'agent')
      .map((message) => message.text);
    expect(replies).toContain('Bonjour Marie, le correctif est en place.');
    expect(replies.join('\n')).not.toContain('nous regardons');
    const hers = page.messages
      .filter((message) => message.from === 'customer')
      .map((message) => message.text);
    expect(hers.join('\n')).toContain('Merci, cela fonctionne de nouveau.');
    const his = paulPage.messages.map((message) => message.text).join('\n');
    expect(his).toContain('Bonjour Paul, le correctif est en place.');
    expect(his).not.toContain('cela fonctionne');
    expect(his).not.toContain('Marie');
  });

  it('merges a ticket of the same requester (named acme/support#N) in three writes, mailing them once', async () => {
    const email = `jeanne.${++people}@example.org`;
    const target = await openTicket('Jeanne Roux', email);
    const source = await openTicket('Jeanne Roux', email);
    const writes = await agentComments(source.number, `/merge acme/support#${target.number}`);
    expect(writes).toEqual([postComment, patchIssue, postComment]);
    expect(await lastBotNote(source.number)).toContain(
      fr.merge.name + fr.merge.merged(target.number) + fr.merge.undo,
    );
    expect(await lastBotNote(target.number)).toContain(fr.merge.target(source.number));
    expect(await lastBotNote(target.number)).not.toContain(email);
    const before = mailsTo(email).length;
    await agentComments(target.number, '/reply Bonjour, c’est réparé.');
    expect(mailsTo(email)).toHaveLength(before + 1);
  });

  it('the URL of an issue of this repository names it too', async () => {
    const target = await openTicket('Paul Martin');
    const source = await openTicket('Marie Curie');
    const url = `https://github.com/acme/support/issues/${target.number}`;
    expect(await agentComments(source.number, `/merge ${url}`)).toHaveLength(3);
    expect((await issueOf(source.number)).state_reason).toBe('duplicate');
  });

  const refusals: [
    string,
    (source: number, merged: { source: number; target: number }) => [string, string],
  ][] = [
    ['no number', () => ['/merge', fr.merge.usage]],
    ['a word', () => ['/merge le-doublon', fr.merge.usage]],
    ['an issue that does not exist', () => ['/merge #9999', fr.merge.missing(9999)]],
    ['this ticket', (source) => [`/merge #${source}`, fr.merge.itself]],
    [
      'a ticket merged itself',
      (_source, merged) => [`/merge #${merged.source}`, fr.merge.targetMerged(merged.source, merged.target)],
    ],
    ['another repository', () => ['/merge octo/other#3', fr.merge.otherRepository('octo/other#3')]],
    [
      'the URL of another repository',
      () => [
        '/merge https://github.com/octo/other/issues/3',
        fr.merge.otherRepository('https://github.com/octo/other/issues/3'),
      ],
    ],
  ];
  it.each(refusals)('a merge into %s changes nothing and gets one note saying why', async (_name, cases) => {
    const merged = {
      source: (await openTicket('Luc Petit')).number,
      target: (await openTicket('Léa Blanc')).number,
    };
    await agentComments(merged.source, `/merge #${merged.target}`);
    const source = await openTicket('Marie Curie');
    const [command, refusal] = cases(source.number, merged);
    const labels = await labelsOf(source.number);
    const mails = harness.mail.messages.length;
    expect(await agentComments(source.number, command)).toEqual([postComment]);
    expect(await lastBotNote(source.number)).toContain(fr.merge.name + refusal);
    expect((await issueOf(source.number)).state).toBe('open');
    expect(await labelsOf(source.number)).toEqual(labels);
    expect(harness.mail.messages.length).toBe(mails);
  });

  it('a ticket merged into one cannot be merged into another before /unmerge', async () => {
    const [first, second] = [await openTicket('Paul Martin'), await openTicket('Léa Blanc')];
    const source = await openTicket('Marie Curie');
    await agentComments(source.number, `/merge #${first.number}`);
    expect(await agentComments(source.number, `/merge #${second.number}`)).toEqual([postComment]);
    expect(await lastBotNote(source.number)).toContain(fr.merge.name + fr.merge.alreadyMerged(first.number));
  });
});

describe('/unmerge', () => {
  it('the same day reopens the source: its requester leaves the target and their mail comes back', async () => {
    const target = await openTicket('Paul Martin');
    const source = await openTicket('Marie Curie');
    await agentComments(source.number, `/merge #${target.number}`);
    clock.advance(30 * minute);
    const writes = await agentComments(source.number, '/unmerge');
    expect(writes).toEqual([postComment, patchIssue, postComment]);
    const reopened = await issueOf(source.number);
    expect(reopened.state).toBe('open');
    expect(reopened.labels.map((label) => label.name)).toContain('status: open');
    expect(await lastBotNote(source.number)).toContain(fr.unmerge.name + fr.unmerge.done(target.number));
    expect(await lastBotNote(target.number)).toContain(fr.unmerge.target(source.number));

    const marie = mailsTo(source.email).length;
    await agentComments(target.number, '/reply Bonjour, c’est réparé.');
    expect(mailsTo(source.email)).toHaveLength(marie);
    await customerAnswers(source, 'Toujours en panne chez moi.');
    expect(
      (await commentsOf(harness, source.number)).some((body) => body.includes('Toujours en panne')),
    ).toBe(true);
    expect(
      (await commentsOf(harness, target.number)).some((body) => body.includes('Toujours en panne')),
    ).toBe(false);
  });

  it('on a ticket that is not merged changes nothing and says so', async () => {
    const ticket = await openTicket('Marie Curie');
    expect(await agentComments(ticket.number, '/unmerge')).toEqual([postComment]);
    expect(await lastBotNote(ticket.number)).toContain(fr.unmerge.name + fr.unmerge.notMerged);
    expect(await agentComments(ticket.number, '/unmerge maintenant')).toEqual([postComment]);
    expect(await lastBotNote(ticket.number)).toContain(fr.unmerge.name + fr.unmerge.usage);
  });

  it('the next day (Paris time) is too late: a note says so and the merge stays', async () => {
    clock.set(Date.parse('2026-11-25T22:30:00Z')); // 23:30 in Paris
    const target = await openTicket('Paul Martin');
    const source = await openTicket('Marie Curie');
    await agentComments(source.number, `/merge #${target.number}`);
    clock.advance(60 * minute); // 00:30 in Paris, 23:30 UTC: another day for the desk only
    expect(await agentComments(source.number, '/unmerge')).toEqual([postComment]);
    expect(await lastBotNote(source.number)).toContain(fr.unmerge.name + fr.unmerge.tooLate('2026-11-25'));
    expect((await issueOf(source.number)).state).toBe('closed');
    const marie = mailsTo(source.email).length;
    await agentComments(target.number, '/reply Bonjour, c’est réparé.');
    expect(mailsTo(source.email)).toHaveLength(marie + 1);
  });
});
