// `/spam` end to end through the real bot, the GitHub stand-in's signed webhooks, the inbound mail endpoint,
// the SMTP sink and the `repodesk mail unblock` CLI: the ticket is closed as not planned with the spam label,
// its sender's next mail is quarantined without an answer and makes no ticket, until an admin lifts the block.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMail } from '../../../src/cli/mail.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { postMail, processed } from '../../support/inbound-mail.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';

interface Issue {
  number: number;
  state: string;
  state_reason: string | null;
  labels: { name: string }[];
}
interface Comment {
  body: string;
  user: { login: string };
}

let harness: Harness;
const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const patchIssue = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';

const api = agentApi(() => harness);

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

/** A request from the site by `email`: its issue number, once acknowledged. */
async function openTicket(email: string): Promise<number> {
  const before = new Set((await harness.issues()).map((issue) => issue.number));
  const response = await postRequest(
    harness.url,
    incidentSubmission(harness.bot.context.clock(), { requester: { name: 'Vente Flash', email } }),
  );
  expect(response.status).toBe(202);
  await settle(harness);
  return (await harness.issues()).find((issue) => !before.has(issue.number))!.number;
}

const agentComments = (number: number, body: string) => botWritesAfterComment(harness, number, body);

async function lastBotNote(number: number): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

async function unblock(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runMail(
    ['unblock', ...argv, '--data-dir', harness.dataDir],
    (text) => (out += text),
    (text) => (err += text),
    {},
  );
  return { code, out, err };
}

/** A new mail from `address` (no thread): the stored message once processed. */
async function mailFrom(address: string, subject: string) {
  const id = await postMail(harness, rawMail({ from: `Vente Flash <${address}>`, subject }));
  const stored = await processed(harness, id);
  await settle(harness);
  return stored;
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/spam', () => {
  it('closes the ticket as not planned, labelled, in one write plus its note, and quarantines the sender until unblocked', async () => {
    const address = 'promo@vente-flash.example';
    const number = await openTicket(address);
    expect(mailsTo(address)).toHaveLength(1);
    expect(await agentComments(number, '/spam')).toEqual([postComment, patchIssue]);
    const issue = await api<Issue>(`/issues/${number}`);
    expect([issue.state, issue.state_reason]).toEqual(['closed', 'not_planned']);
    expect(issue.labels.map((label) => label.name).toSorted()).toEqual(
      expect.arrayContaining(['spam', 'status: closed']),
    );
    expect(issue.labels.map((label) => label.name)).not.toContain('status: new');
    expect(await lastBotNote(number)).toContain(
      '`/spam` : ticket fermé comme indésirable ; les courriels de promo@vente-flash.example sont mis en quarantaine sans réponse jusqu’à `repodesk mail unblock promo@vente-flash.example`.',
    );
    // Again: nothing to write.
    expect(await agentComments(number, '/spam')).toEqual([]);

    // Their next mail, in any case of address: quarantined, unanswered, no ticket.
    const issues = (await harness.issues()).length;
    const blocked = await mailFrom('Promo@Vente-Flash.example', 'Offre exceptionnelle');
    expect([blocked.state, blocked.reason]).toEqual(['quarantined', 'blocked-sender']);
    expect(mailsTo(address)).toHaveLength(1);
    expect(await harness.issues()).toHaveLength(issues);

    // An admin lifts the block: the next mail is a ticket again, acknowledged.
    expect(await unblock(address)).toEqual({
      code: 0,
      out: 'promo@vente-flash.example is no longer blocked: their next mail is a ticket again.\n',
      err: '',
    });
    const after = await mailFrom(address, 'Vraie question');
    expect(after.state).toBe('done');
    expect(await harness.issues()).toHaveLength(issues + 1);
    expect(mailsTo(address)).toHaveLength(2);
  });

  it('repodesk mail unblock refuses an address that is not blocked, or none, saying so', async () => {
    expect(await unblock('personne@example.org')).toEqual({
      code: 1,
      out: '',
      err: 'repodesk mail unblock: personne@example.org is not blocked; nothing changed\n',
    });
    const none = await unblock('pas-une-adresse');
    expect(none.code).toBe(2);
    expect(none.err).toContain('repodesk mail unblock: expected an email address, found "pas-une-adresse"');
  });

  it('with anything on its line changes nothing and gets a note', async () => {
    const number = await openTicket('client.normal@example.org');
    expect(await agentComments(number, '/spam maintenant')).toEqual([postComment]);
    expect(await lastBotNote(number)).toContain(
      '`/spam` : `/spam` ne prend rien sur sa ligne ; rien n’a changé.',
    );
    expect((await api<Issue>(`/issues/${number}`)).state).toBe('open');
    const stored = await mailFrom('client.normal@example.org', 'Autre question');
    expect(stored.state).toBe('done');
  });

  it('on an issue opened on GitHub (no sender) closes it and says there is no sender to block', async () => {
    const created = await api<{ number: number }>('/issues', {
      method: 'POST',
      body: JSON.stringify({ title: 'Gagnez un iPhone', body: 'Cliquez ici.' }),
    });
    await settle(harness);
    expect(await agentComments(created.number, '/spam')).toEqual([postComment, patchIssue]);
    expect(await lastBotNote(created.number)).toContain('il n’a pas d’expéditeur à bloquer.');
    expect((await api<Issue>(`/issues/${created.number}`)).state_reason).toBe('not_planned');
  });
});
