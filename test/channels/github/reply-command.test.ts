// An agent's `/reply`, end to end through the real bot, the GitHub stand-in's signed webhooks and the SMTP
// sink (issue 13, items 1 and 2): a one-word first line that looks like a canned reply's id but names none
// is not mailed (a note names the closest ids), free text gets the canned replies' `{{variables}}`, an
// unknown variable is refused the same way, and the customer's follow page shows what was mailed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi } from '../../support/agent-api.ts';

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

let harness: Harness;
let tickets = 0;

const api = agentApi(() => harness);

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<string> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

/** A customer's request from the site (Marie …), its issue created and acknowledged. */
async function openTicket(): Promise<Ticket> {
  tickets += 1;
  const email = `marie.${tickets}@example.org`;
  const accepted = (await (
    await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), { requester: { name: 'Marie Curie', email } }),
    )
  ).json()) as { ref: string; token: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  expect(mailsTo(email)).toHaveLength(1); // the acknowledgement
  return { number: issue.number, ref: accepted.ref, token: accepted.token, email };
}

async function agentComments(ticket: Ticket, body: string): Promise<void> {
  await api(`/issues/${ticket.number}/comments`, { method: 'POST', body: JSON.stringify({ body }) });
  await settle(harness);
}

async function lastBotNote(ticket: Ticket): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${ticket.number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
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
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('a /reply whose first word looks like a canned reply id but names none', () => {
  it.each([
    ['a typo of an id', 'demande-information', 'demande-informations'],
    ['an id in capitals', 'Resolution', 'resolution'],
    ['an id-shaped word close to none', 'remboursement-express', undefined],
  ])('%s is not mailed, moves nothing and gets a note with the closest ids', async (_case, word, closest) => {
    const ticket = await openTicket();
    const before = await statusLabels(ticket);
    await agentComments(ticket, `/reply ${word}\nMerci de nous envoyer une capture d’écran.`);
    expect(mailsTo(ticket.email)).toHaveLength(1);
    expect(await statusLabels(ticket)).toEqual(before);
    const note = await lastBotNote(ticket);
    expect(note).toContain(
      `\`/reply\` : « ${word} » n’est pas une réponse type de rules/replies/ ; rien n’a été envoyé.`,
    );
    if (closest) expect(note).toContain(`Vouliez-vous dire \`${closest}\` ?`);
    else expect(note).not.toContain('Vouliez-vous dire');
    expect(note).toContain('`demande-informations`, ');
    expect(await agentMessagesOnFollowPage(ticket)).toEqual([]);
  });

  it('the same word on the line below /reply is sent as written', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply\nmerci-beaucoup');
    expect(mailsTo(ticket.email)).toHaveLength(2);
    expect(await textOf(mailsTo(ticket.email)[1]?.raw)).toContain('merci-beaucoup');
  });
});

describe('variables in a /reply', () => {
  it('free text gets the canned replies’ variables, in the mail and on the follow page', async () => {
    const ticket = await openTicket();
    await agentComments(
      ticket,
      '/reply Bonjour {{requester.firstName}}, votre demande {{ticket.ref}} avance.',
    );
    const text = await textOf(mailsTo(ticket.email)[1]?.raw);
    expect(text).toContain(`Bonjour Marie, votre demande ${ticket.ref} avance.`);
    expect(text).not.toContain('{{');
    expect(await agentMessagesOnFollowPage(ticket)).toEqual([
      `Bonjour Marie, votre demande ${ticket.ref} avance.`,
    ]);
  });

  it('the text below a canned reply gets them too', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution\nÀ bientôt {{requester.firstName}} !');
    const text = await textOf(mailsTo(ticket.email)[1]?.raw);
    expect(text).toContain('À bientôt Marie !');
    expect(text).not.toContain('{{');
  });

  it('an unknown variable is refused like an unknown id: nothing mailed, a note naming the closest', async () => {
    const ticket = await openTicket();
    const before = await statusLabels(ticket);
    await agentComments(ticket, '/reply Bonjour {{requester.firstname}}, c’est réglé.');
    expect(mailsTo(ticket.email)).toHaveLength(1);
    expect(await statusLabels(ticket)).toEqual(before);
    const note = await lastBotNote(ticket);
    expect(note).toContain(
      '`/reply` : la variable `{{requester.firstname}}` n’existe pas ; rien n’a été envoyé.',
    );
    expect(note).toContain('Vouliez-vous dire `{{requester.firstName}}` ?');
    expect(note).toContain('`{{ticket.statusUrl}}`');
    expect(await agentMessagesOnFollowPage(ticket)).toEqual([]);
  });
});

describe('/cc', () => {
  const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

  /** The agent comments `body`; resolves to the writes repodesk's account sent while the bot acted on it. */
  async function botWritesFor(ticket: Ticket, body: string): Promise<string[]> {
    harness.standin.resetStats();
    await agentComments(ticket, body);
    return harness.standin
      .writeLog()
      .filter((write) => write.login === harness.standin.botLogin)
      .map((write) => write.request);
  }

  it('add puts an address in copy of the next replies, remove takes it out; a note says who is in copy', async () => {
    const ticket = await openTicket();
    expect(await botWritesFor(ticket, '/cc add Paul.Martin@Example.org')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain('`/cc` : en copie désormais : paul.martin@example.org.');
    // Added twice: nothing more.
    expect(await botWritesFor(ticket, '/cc add paul.martin@example.org')).toEqual([]);
    await agentComments(ticket, '/reply Bonjour, nous revenons vers vous demain.');
    expect(mailsTo('paul.martin@example.org')).toHaveLength(1);
    expect(await textOf(mailsTo('paul.martin@example.org')[0]?.raw)).toContain(
      'nous revenons vers vous demain',
    );

    expect(await botWritesFor(ticket, '/cc remove paul.martin@example.org')).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain('`/cc` : en copie désormais : personne.');
    await agentComments(ticket, '/reply C’est réglé.');
    expect(mailsTo(ticket.email)).toHaveLength(3);
    expect(mailsTo('paul.martin@example.org')).toHaveLength(1);
  });

  it.each([
    ['/cc', '`/cc` : écrivez `/cc add <adresse>` ou `/cc remove <adresse>` ; rien n’a changé.'],
    ['/cc ajoute paul@example.org', '`/cc` : écrivez `/cc add <adresse>`'],
    [
      '/cc add paul-at-example.org',
      '`/cc` : « paul-at-example.org » n’est pas une adresse électronique ; rien n’a changé.',
    ],
    ['/cc remove jeanne@example.org', '`/cc` : jeanne@example.org n’est pas en copie ; rien n’a changé.'],
  ])('%s changes nothing and gets a note saying how to write it', async (body, said) => {
    const ticket = await openTicket();
    expect(await botWritesFor(ticket, body)).toEqual([postComment]);
    expect(await lastBotNote(ticket)).toContain(said);
    await agentComments(ticket, '/reply Bonjour.');
    const mails = mailsTo(ticket.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.envelopeTo).toEqual([ticket.email]);
  });

  it('the requester cannot be put in copy of their own ticket', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, `/cc add ${ticket.email}`);
    expect(await lastBotNote(ticket)).toContain(
      `\`/cc\` : ${ticket.email} est le demandeur ; rien n’a changé.`,
    );
  });
});
