// A requester merged into another ticket (`/merge #N`, a different person) gets, from the merge on, what is
// addressed to all of #N's requesters: the lifecycle notices of #N (the reminder of a silent pending ticket,
// its automatic closing) and `/reply-all` or `/resolve-all` on a master #N is linked to, each once, in a mail of their own under
// their own reference, filled with their own name; never #N's requester, address or earlier thread. After
// `/unmerge` they get nothing more. Through the real bot, the stand-in's signed webhooks, the bot's sweep on
// a clock moved by hand and the SMTP sink.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { sweepTask } from '../../../src/sweep/sweep-task.ts';
import {
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Ticket {
  number: number;
  ref: string;
  email: string;
}

const dayMs = 86_400_000;
const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
let harness: Harness;
let people = 0;
const api = agentApi(() => harness);

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function read(raw: Buffer | undefined): Promise<{ subject: string; text: string; to: string }> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  const header = /^To: (.*)$/im.exec((raw ?? Buffer.alloc(0)).toString('utf8'))?.[1] ?? '';
  return { subject: parsed.mail.subject, text: parsed.mail.text, to: header };
}

async function openTicket(
  name: string,
  email = `${name.split(' ')[0]!.toLowerCase()}.${++people}@example.org`,
) {
  const response = await postRequest(
    harness.url,
    incidentSubmission(clock.now(), { requester: { name, email } }),
  );
  const accepted = (await response.json()) as { ref: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, ref: accepted.ref, email } satisfies Ticket;
}

async function openIssueOnGitHub(title: string): Promise<number> {
  const created = await api<{ number: number }>('/issues', {
    method: 'POST',
    body: JSON.stringify({ title, body: 'Panne de la messagerie depuis 9 h.' }),
  });
  await settle(harness);
  return created.number;
}

const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);

async function sweepAfter(ms: number): Promise<void> {
  clock.advance(ms);
  await sweepTask(harness.bot.context).run(clock.now());
  await settle(harness);
}

/** Paul's ticket, pending after an agent's reply, and Marie's merged into it. */
async function mergedPair(): Promise<{ target: Ticket; source: Ticket }> {
  const target = await openTicket('Paul Martin');
  await agentComments(target.number, '/reply Bonjour Paul, pouvez-vous redémarrer le poste ?');
  const source = await openTicket('Marie Curie');
  await agentComments(source.number, `/merge #${target.number}`);
  return { target, source };
}

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('a requester merged into another ticket', () => {
  it("gets the target's reminder and closing notices, once each, in a mail of their own", async () => {
    const { target, source } = await mergedPair();
    const before = { target: mailsTo(target.email).length, source: mailsTo(source.email).length };

    // Three business days pending: the reminder; four more: the closing notice; then nothing more.
    for (let day = 0; day < 12; day += 1) await sweepAfter(dayMs);
    const toTarget = mailsTo(target.email).slice(before.target);
    const toSource = mailsTo(source.email).slice(before.source);
    expect(toTarget).toHaveLength(2);
    expect(toSource).toHaveLength(2);
    const [reminder, closing] = await Promise.all(toSource.map((message) => read(message.raw)));
    expect(toSource.map((message) => message.envelopeTo)).toEqual([[source.email], [source.email]]);
    expect(reminder!.subject).toContain(`[#${source.ref}]`);
    expect(reminder!.subject).toContain('(nous attendons votre réponse)');
    expect(reminder!.text).toContain('Bonjour Marie,');
    expect(closing!.subject).toContain(`[#${source.ref}]`);
    expect(closing!.subject).toContain('(demande clôturée)');
    expect(closing!.text).toContain(`nous avons clôturé votre demande ${source.ref}`);
    // Never the target's requester, reference or earlier thread.
    for (const mail of [reminder!, closing!]) {
      expect(`${mail.to}\n${mail.subject}\n${mail.text}`).not.toMatch(
        new RegExp(`Paul|${target.email}|${target.ref}|redémarrer`),
      );
    }
    // The target's requester gets theirs as before, under their reference.
    expect((await read(toTarget[0]!.raw)).subject).toContain(`[#${target.ref}]`);
    expect(toTarget.map((message) => message.envelopeTo)).toEqual([[target.email], [target.email]]);
  });

  it('after /unmerge gets no more of the notices', async () => {
    const { target, source } = await mergedPair();
    await agentComments(source.number, '/unmerge');
    const before = { target: mailsTo(target.email).length, source: mailsTo(source.email).length };
    for (let day = 0; day < 5; day += 1) await sweepAfter(dayMs);
    expect(mailsTo(target.email).length - before.target).toBe(1);
    expect(mailsTo(source.email).length - before.source).toBe(0);
  });

  it('gets /reply-all on a master the target is linked to, once, even when their own ticket is linked too', async () => {
    const master = await openIssueOnGitHub('Incident majeur : messagerie');
    const { target, source } = await mergedPair();
    const lone = await openTicket('Jeanne Baret');
    // Marie's other ticket, linked too: she gets one mail all the same.
    const marieAgain = await openTicket('Marie Curie', source.email);
    for (const child of [target.number, lone.number, marieAgain.number])
      await agentComments(child, `/link #${master}`);
    const before = [target, source, lone].map((ticket) => mailsTo(ticket.email).length);

    const writes = await agentComments(
      master,
      '/reply-all Bonjour {{requester.firstName}}, la messagerie est rétablie.',
    );
    expect(writes).toEqual(['POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    const after = [target, source, lone].map((ticket) => mailsTo(ticket.email).slice(before.shift()));
    expect(after.map((mails) => mails.length)).toEqual([1, 1, 1]);
    const toMarie = await read(after[1]![0]!.raw);
    expect(after[1]![0]!.envelopeTo).toEqual([source.email]);
    expect(toMarie.subject).toContain(`[#${source.ref}]`);
    expect(toMarie.text).toContain('Bonjour Marie, la messagerie est rétablie.');
    expect(`${toMarie.to}\n${toMarie.text}`).not.toMatch(new RegExp(`Paul|${target.email}|redémarrer`));
    expect((await read(after[0]![0]!.raw)).text).toContain('Bonjour Paul, la messagerie est rétablie.');
  });

  it('gets the reply of /resolve-all on a master the target is linked to, once, under their own reference', async () => {
    const master = await openIssueOnGitHub('Incident majeur : impression');
    const { target, source } = await mergedPair();
    await agentComments(target.number, `/link #${master}`);
    const before = [target, source].map((ticket) => mailsTo(ticket.email).length);

    await agentComments(master, '/resolve-all Bonjour {{requester.firstName}}, l’impression refonctionne.');
    const after = [target, source].map((ticket, index) => mailsTo(ticket.email).slice(before[index]));
    expect(after.map((mails) => mails.length)).toEqual([1, 1]);
    const toMarie = await read(after[1]![0]!.raw);
    expect(after[1]![0]!.envelopeTo).toEqual([source.email]);
    expect(toMarie.subject).toContain(`[#${source.ref}]`);
    expect(toMarie.text).toContain('Bonjour Marie, l’impression refonctionne.');
    expect(`${toMarie.to}\n${toMarie.text}`).not.toMatch(new RegExp(`Paul|${target.email}|redémarrer`));
  });
});
