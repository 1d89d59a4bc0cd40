// Files an agent attaches to a `/reply` (issue 13, "Attachments from agents"): GitHub puts them in the
// comment as github.com user-attachments links; the bot fetches each through the tracker (from the stand-in,
// which keeps uploaded files) and mails it with the reply, within the mail channel's limits
// (MAIL_ATTACHMENT_MAX_BYTES, MAIL_ATTACHMENT_MAX_FILES); a file it cannot send is named in an internal note
// with why, and the reply still goes. Through the real bot, the stand-in's webhooks and the SMTP sink.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage, type ParsedMail } from '../../../src/mail/parse-message.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Ticket {
  number: number;
  email: string;
}
interface Comment {
  body: string;
  user: { login: string };
}

const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
let harness: Harness;
let tickets = 0;
const api = agentApi(() => harness);

async function openTicket(): Promise<Ticket> {
  tickets += 1;
  const email = `client.${tickets}@example.org`;
  const accepted = (await (
    await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), { requester: { name: 'Marie Curie', email } }),
    )
  ).json()) as { ref: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, email };
}

async function lastMailTo(ticket: Ticket): Promise<ParsedMail> {
  const raw = harness.mail.messages
    .filter((message) => message.envelopeTo.includes(ticket.email))
    .at(-1)!.raw;
  const parsed = await parseMessage(raw);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail;
}

async function lastBotNote(ticket: Ticket): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${ticket.number}/comments`);
  return comments.filter((entry) => entry.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

const mailCount = (ticket: Ticket) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(ticket.email)).length;

beforeAll(async () => {
  harness = await startHarness({
    mailEnv: { MAIL_ATTACHMENT_MAX_BYTES: '2000', MAIL_ATTACHMENT_MAX_FILES: '2' },
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('files attached to a /reply', () => {
  it('are mailed with the reply, under the names the comment gives them', async () => {
    const ticket = await openTicket();
    const log = harness.standin.uploadAttachment('journal.log', Buffer.from('erreur 42 à 09:15\n'));
    const csv = harness.standin.uploadAttachment('postes.csv', Buffer.from('poste,etat\nPC-12,ok\n'));
    const writes = await botWritesAfterComment(
      harness,
      ticket.number,
      `/reply Voici le journal et la liste.\n\n[journal.log](${log})\n${csv}`,
    );
    expect(writes).not.toContain(postComment);
    expect(mailCount(ticket)).toBe(2);
    const mail = await lastMailTo(ticket);
    expect(mail.text).toContain('Voici le journal et la liste.');
    expect(
      mail.attachments.map((file) => [file.filename, Buffer.from(file.content).toString('utf8')]),
    ).toEqual([
      ['journal.log', 'erreur 42 à 09:15\n'],
      ['postes.csv', 'poste,etat\nPC-12,ok\n'],
    ]);
  });

  it.each([
    [
      'over the size limit',
      () => harness.standin.uploadAttachment('gros.log', Buffer.alloc(3000, 'a')),
      'trop volumineux pour un courriel',
    ],
    [
      'not on GitHub',
      () => 'https://github.com/user-attachments/files/999999/perdu.pdf',
      'introuvable sur GitHub',
    ],
    [
      'of a type mail does not carry',
      () => harness.standin.uploadAttachment('outil.exe', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])),
      'type de fichier non accepté',
    ],
  ])('one %s is named in a note; the reply goes with the others', async (_case, upload, why) => {
    const ticket = await openTicket();
    const good = harness.standin.uploadAttachment('journal.log', Buffer.from('ok\n'));
    const bad = upload();
    const name = decodeURIComponent(bad.slice(bad.lastIndexOf('/') + 1));
    const writes = await botWritesAfterComment(harness, ticket.number, `/reply Voici.\n\n${good}\n${bad}`);
    expect(writes.filter((write) => write === postComment)).toHaveLength(1);
    expect(await lastBotNote(ticket)).toContain(
      `\`/reply\` : fichiers non joints au courriel : « ${name} » (${why}).`,
    );
    expect(mailCount(ticket)).toBe(2);
    expect((await lastMailTo(ticket)).attachments.map((file) => file.filename)).toEqual(['journal.log']);
  });

  it('files past the mail channel’s count are named in the note and not mailed', async () => {
    const ticket = await openTicket();
    const links = ['a.log', 'b.log', 'c.log'].map((name) =>
      harness.standin.uploadAttachment(name, Buffer.from(`${name}\n`)),
    );
    harness.standin.resetStats();
    await botWritesAfterComment(harness, ticket.number, `/reply Trois fichiers.\n\n${links.join('\n')}`);
    expect(await lastBotNote(ticket)).toContain('« c.log » (trop de fichiers pour un courriel)');
    expect((await lastMailTo(ticket)).attachments.map((file) => file.filename)).toEqual(['a.log', 'b.log']);
  });
});
