// The collision guard (issue 13): two agents must not answer the same customer twice. Through the real bot,
// the stand-in's signed webhooks and the SMTP sink, with two agents (Camille and Lucas) commenting with their
// own tokens: a `/reply` after the other agent replied since the customer's last message, or `/take`n the
// ticket in the last 30 minutes, is held (no mail, one note naming them and how to go on); `/send` sends it
// once, `/drop` drops it once, and a second try says what became of it; the same agent replying twice, or a
// reply after the customer wrote again, is not held. Mail and writes are counted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { threadToken } from '../../../src/mail/thread-token.ts';
import {
  agentToken,
  incidentSubmission,
  manualClock,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi } from '../../support/agent-api.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { postMail } from '../../support/inbound-mail.ts';

interface Ticket {
  number: number;
  ref: string;
  token: string;
  email: string;
}
interface Comment {
  body: string;
  user: { login: string };
}

const camille = { login: 'camille-durand', token: agentToken };
const lucas = { login: 'lucas-martin', token: 'agent-lucas-token' };
type Agent = typeof camille;

const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const minute = 60_000;

let harness: Harness;
const clock = manualClock();
let tickets = 0;
const api = agentApi(() => harness);

const mailsTo = (ticket: Ticket) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(ticket.email));

/** A customer's request from the site, its issue created and acknowledged. */
async function openTicket(): Promise<Ticket> {
  tickets += 1;
  const email = `client.${tickets}@example.org`;
  const response = await postRequest(
    harness.url,
    incidentSubmission(clock.now(), { requester: { name: 'Marie Curie', email } }),
  );
  const accepted = (await response.json()) as { ref: string; token: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, ref: accepted.ref, token: accepted.token, email };
}

/** `agent` comments `body`; resolves, once the bot has acted, to the writes repodesk sent. */
async function comment(agent: Agent, ticket: Ticket, body: string): Promise<string[]> {
  clock.advance(minute);
  harness.standin.resetStats();
  await api(
    `/issues/${ticket.number}/comments`,
    { method: 'POST', body: JSON.stringify({ body }) },
    agent.token,
  );
  await settle(harness);
  return harness.standin
    .writeLog()
    .filter((write) => write.login === harness.standin.botLogin)
    .map((write) => write.request);
}

/** The customer answers by mail, in the ticket's thread. */
async function customerWrites(ticket: Ticket, body: string): Promise<void> {
  clock.advance(minute);
  const to = `support+${threadToken(ticket.ref, harness.bot.context.mail.threadSecret)}@cassiopee.example`;
  await postMail(harness, rawMail({ from: `Marie Curie <${ticket.email}>`, to, subject: 'Re: VPN', body }));
  await settle(harness);
}

async function textOf(raw: Buffer): Promise<string> {
  const parsed = await parseMessage(raw);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

async function lastBotNote(ticket: Ticket): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${ticket.number}/comments`);
  return comments.filter((entry) => entry.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

async function statusLabels(ticket: Ticket): Promise<string[]> {
  const issue = await api<{ labels: { name: string }[] }>(`/issues/${ticket.number}`);
  return issue.labels.map((label) => label.name).filter((name) => name.startsWith('status:'));
}

async function agentMessagesOnFollowPage(ticket: Ticket): Promise<string[]> {
  const response = await fetch(`${harness.url}/api/requests/${ticket.ref}?token=${ticket.token}`);
  const page = (await response.json()) as { messages: { from: string; text: string }[] };
  return page.messages.filter((message) => message.from === 'agent').map((message) => message.text);
}

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now, standinUsers: [lucas] });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('a /reply after another agent replied since the customer’s last message', () => {
  it('is held: nothing mailed, the status unchanged, one note naming who replied and how to go on', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Bonjour, nous regardons votre accès VPN.');
    expect(mailsTo(ticket)).toHaveLength(2);
    const before = await statusLabels(ticket);
    const lucasAt = clock.now();
    const writes = await comment(camille, ticket, '/reply Bonjour, votre VPN est rétabli.');
    expect(writes).toEqual([postComment]);
    expect(mailsTo(ticket)).toHaveLength(2);
    expect(await statusLabels(ticket)).toEqual(before);
    const note = await lastBotNote(ticket);
    const at = new Date(lucasAt).toISOString().slice(0, 16).replace('T', ' ');
    expect(note).toContain(
      `@camille-durand \`/reply\` : \`@lucas-martin\` a déjà répondu au client depuis son dernier message (${at} UTC) ; votre réponse est retenue, rien n’a été envoyé. Écrivez \`/send\` pour l’envoyer quand même, ou \`/drop\` pour l’abandonner.`,
    );
    expect(await agentMessagesOnFollowPage(ticket)).toEqual(['Bonjour, nous regardons votre accès VPN.']);
  });

  it('/send sends it once, as written; a second /send and a /drop say it was already sent', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Bonjour, nous regardons votre accès VPN.');
    await comment(camille, ticket, '/reply resolution');
    expect(mailsTo(ticket)).toHaveLength(2);

    expect(await statusLabels(ticket)).toEqual(['status: pending']);

    const sendAt = clock.now() + minute;
    // One write: the status the canned reply sets; no note; the mail.
    const writes = await comment(lucas, ticket, '/send');
    expect(writes).toHaveLength(1);
    expect(writes).not.toContain(postComment);
    expect(mailsTo(ticket)).toHaveLength(3);
    expect(await textOf(mailsTo(ticket)[2]!.raw)).toContain('comme résolue');
    expect(await statusLabels(ticket)).toEqual(['status: resolved']);
    const shown = await agentMessagesOnFollowPage(ticket);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toContain('comme résolue');

    const at = new Date(sendAt).toISOString().slice(0, 16).replace('T', ' ');
    expect(await comment(camille, ticket, '/send')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain(
      `\`/send\` : la réponse retenue a déjà été envoyée (par \`@lucas-martin\`, ${at} UTC) ; rien n’a été renvoyé.`,
    );
    expect(await comment(camille, ticket, '/drop')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain(
      `\`/drop\` : la réponse retenue a déjà été envoyée (par \`@lucas-martin\`, ${at} UTC) ; elle ne peut plus être abandonnée.`,
    );
    expect(mailsTo(ticket)).toHaveLength(3);
  });

  it('/drop drops it: never mailed, never on the follow page, and a later /send says it was dropped', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Bonjour, nous regardons.');
    await comment(camille, ticket, '/reply Bonjour, c’est réglé.');
    expect(await comment(camille, ticket, '/drop')).toEqual([]);
    expect(await comment(camille, ticket, '/send')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain(
      '`/send` : la réponse retenue a été abandonnée (par `@camille-durand`',
    );
    expect(mailsTo(ticket)).toHaveLength(2);
    expect(await agentMessagesOnFollowPage(ticket)).toEqual(['Bonjour, nous regardons.']);
  });

  it('a replayed delivery of the /send sends nothing twice', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Bonjour, nous regardons.');
    await comment(camille, ticket, '/reply Bonjour, c’est réglé.');
    await comment(camille, ticket, '/send');
    expect(mailsTo(ticket)).toHaveLength(3);
    const sendDelivery = harness.standin
      .deliveries()
      .filter((delivery) => delivery.event === 'issue_comment')
      .at(-1)!;
    await harness.standin.redeliver(sendDelivery.guid);
    await settle(harness);
    expect(mailsTo(ticket)).toHaveLength(3);
  });

  it('two agents sending the same held reply at once mail it once', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Bonjour, nous regardons.');
    await comment(camille, ticket, '/reply Bonjour, c’est réglé.');
    clock.advance(minute);
    await Promise.all(
      [lucas, camille].map((agent) =>
        api(
          `/issues/${ticket.number}/comments`,
          { method: 'POST', body: JSON.stringify({ body: '/send' }) },
          agent.token,
        ),
      ),
    );
    await settle(harness);
    expect(mailsTo(ticket)).toHaveLength(3);
    expect(await lastBotNote(ticket)).toContain('`/send` : la réponse retenue a déjà été envoyée');
  });

  it('/send and /drop with nothing held, or with words after them, send nothing and say so', async () => {
    const ticket = await openTicket();
    expect(await comment(camille, ticket, '/send')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain(
      '`/send` : aucune réponse n’est retenue sur ce ticket ; rien n’a été envoyé.',
    );
    await comment(camille, ticket, '/drop');
    expect(await lastBotNote(ticket)).toContain(
      '`/drop` : aucune réponse n’est retenue sur ce ticket ; rien n’a changé.',
    );
    await comment(camille, ticket, '/send maintenant');
    expect(await lastBotNote(ticket)).toContain('`/send` ne prend rien sur sa ligne ; rien n’a été envoyé.');
    expect(mailsTo(ticket)).toHaveLength(1);
  });
});

describe('replies that are no collision', () => {
  it('the same agent replying twice sends both', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Bonjour, nous regardons.');
    await comment(lucas, ticket, '/reply Précision : le VPN redémarre à 14 h.');
    expect(mailsTo(ticket)).toHaveLength(3);
  });

  it('a reply after the customer wrote again is sent', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/reply Pouvez-vous redémarrer votre poste ?');
    await customerWrites(ticket, 'C’est fait, toujours pareil.');
    await comment(camille, ticket, '/reply Merci, je prends le relais.');
    expect(mailsTo(ticket)).toHaveLength(3);
  });
});

describe('a /reply after another agent took the ticket', () => {
  it('is held within 30 minutes of the /take, naming who holds it; sent after', async () => {
    const ticket = await openTicket();
    await comment(lucas, ticket, '/take');
    const tookAt = new Date(clock.now()).toISOString().slice(0, 16).replace('T', ' ');
    expect(await comment(camille, ticket, '/reply Bonjour, je m’en occupe.')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain(
      `\`/reply\` : \`@lucas-martin\` a pris ce ticket (${tookAt} UTC) ; votre réponse est retenue`,
    );
    expect(mailsTo(ticket)).toHaveLength(1);
    // Lucas's own reply is no collision.
    await comment(lucas, ticket, '/reply Bonjour, je regarde.');
    expect(mailsTo(ticket)).toHaveLength(2);
    await customerWrites(ticket, 'Merci !');
    clock.advance(30 * minute);
    await comment(camille, ticket, '/reply Bonjour, c’est réglé.');
    expect(mailsTo(ticket)).toHaveLength(3);
  });
});
