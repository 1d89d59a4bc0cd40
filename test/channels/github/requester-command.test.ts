// `/requester <email> [name]` on an issue opened on GitHub (no requester: it could never be mailed), end to
// end through the real bot, the GitHub stand-in's signed webhooks, the SMTP sink and the inbound mail
// endpoint: the requester gets the acknowledgement, `/reply` mails them, their answer by mail lands on the
// issue. A bad use changes nothing and gets a note; the same requester again costs nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { commentsOf, postMail, processed } from '../../support/inbound-mail.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Comment {
  body: string;
  user: { login: string };
}

let harness: Harness;

const api = agentApi(() => harness);

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<string> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

/** An issue an agent opens on GitHub (a phone call written down): routed, no requester. */
async function openIssueOnGitHub(title: string): Promise<number> {
  const created = await api<{ number: number }>('/issues', {
    method: 'POST',
    body: JSON.stringify({ title, body: 'Appel de la cliente : le VPN refuse son mot de passe.' }),
  });
  await settle(harness);
  return created.number;
}

/** The agent comments `body` on issue `number`; resolves to the writes repodesk sent meanwhile. */
const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);

async function botNotes(number: number): Promise<string[]> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments
    .filter((comment) => comment.user.login === harness.standin.botLogin)
    .map((comment) => comment.body);
}

const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/requester on an issue opened on GitHub', () => {
  it('acknowledges the requester, /reply mails them, and their answer by mail lands on the issue', async () => {
    const number = await openIssueOnGitHub('VPN : mot de passe refusé');
    const address = 'marie.curie@example.org';
    // One write: the note saying who the requester is now (the store keeps the rest).
    expect(await agentComments(number, `/requester ${address} Marie Curie`)).toEqual([postComment]);
    expect((await botNotes(number)).at(-1)).toContain(
      '`/requester` : le demandeur est désormais Marie Curie <marie.curie@example.org> ; `/reply` lui écrit. Un accusé de réception lui est envoyé.',
    );
    const [ack] = mailsTo(address);
    expect(ack).toBeDefined();
    const ackText = await textOf(ack!.raw);
    expect(ackText).toContain('Marie');
    expect(ackText).toMatch(/RD-[0-9A-Z]{4}-[0-9A-Z]{4}/);

    await agentComments(number, '/reply Bonjour {{requester.firstName}}, pouvez-vous réessayer ?');
    expect(mailsTo(address)).toHaveLength(2);
    expect(await textOf(mailsTo(address)[1]!.raw)).toContain('Bonjour Marie, pouvez-vous réessayer ?');

    // Her answer to the acknowledgement, by mail, lands on this issue.
    const parsedAck = await parseMessage(ack!.raw);
    const ackId = parsedAck.ok ? `<${parsedAck.mail.messageId}>` : '';
    const mailId = await postMail(
      harness,
      rawMail({
        from: `Marie Curie <${address}>`,
        subject: 'Re: VPN : mot de passe refusé',
        headers: [`In-Reply-To: ${ackId}`, `References: ${ackId}`],
        body: 'Toujours refusé ce matin.',
      }),
    );
    expect((await processed(harness, mailId)).state).toBe('done');
    await settle(harness);
    expect(
      (await commentsOf(harness, number)).some((body) => body.includes('Toujours refusé ce matin.')),
    ).toBe(true);
  });

  it('the same requester again writes nothing and mails nothing; another one is not acknowledged again', async () => {
    const number = await openIssueOnGitHub('Imprimante hors ligne');
    await agentComments(number, '/requester paul.martin@example.org Paul Martin');
    expect(mailsTo('paul.martin@example.org')).toHaveLength(1);
    expect(await agentComments(number, '/requester Paul.Martin@example.org')).toEqual([]);
    // A new requester: the thread follows them, without a second acknowledgement.
    expect(await agentComments(number, '/requester jeanne.roux@example.org')).toEqual([postComment]);
    expect(mailsTo('jeanne.roux@example.org')).toHaveLength(0);
    await agentComments(number, '/reply Bonjour, c’est réparé.');
    expect(mailsTo('jeanne.roux@example.org')).toHaveLength(1);
    expect(mailsTo('paul.martin@example.org')).toHaveLength(1);
  });

  it.each([
    ['/requester', 'écrivez `/requester <adresse> [nom]` ; rien n’a changé.'],
    ['/requester marie.curie', '« marie.curie » n’est pas une adresse électronique ; rien n’a changé.'],
    ['/requester Marie Curie', '« Marie » n’est pas une adresse électronique ; rien n’a changé.'],
  ])('%s changes nothing and gets one note saying how to write it', async (command, note) => {
    const number = await openIssueOnGitHub(`Demande ${command}`);
    const mails = harness.mail.messages.length;
    expect(await agentComments(number, command)).toEqual([postComment]);
    expect((await botNotes(number)).at(-1)).toContain(`\`/requester\` : ${note}`);
    expect(harness.mail.messages.length).toBe(mails);
    await agentComments(number, '/reply Bonjour');
    // Still no requester: /reply has nobody to mail.
    expect(harness.mail.messages.length).toBe(mails);
  });
});
