// A comment posted on the stand-in's agent page, signed in, goes to the bot as GitHub would send it: authored
// by the signed-in account, through the signed webhook. A desk agent's `/reply` (teams.yaml, or a
// collaborator with write access) is mailed to the customer; anyone else's is an ordinary comment, never
// mailed; an account that can not read the repository can not comment at all.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import {
  agentToken,
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { signInToAgentPage } from '../../support/agent-page-browser.ts';

let harness: Harness;
let tickets = 0;

interface Ticket {
  number: number;
  email: string;
}

/** A customer's request from the site, its issue created and acknowledged. */
async function openTicket(): Promise<Ticket> {
  tickets += 1;
  const email = `client.page.${tickets}@example.org`;
  const accepted = (await (
    await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), { requester: { name: `Client ${tickets}`, email } }),
    )
  ).json()) as { ref: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  expect(mailsTo(email)).toHaveLength(1); // the acknowledgement
  return { number: issue.number, email };
}

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<string> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

/** The last comment of the issue, as the API shows it. */
async function lastComment(number: number): Promise<{ login: string; body: string }> {
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues/${number}/comments`, {
    headers: { authorization: 'token bot-token' },
  });
  const comments = (await response.json()) as { user: { login: string }; body: string }[];
  const last = comments.at(-1);
  return { login: last?.user.login ?? '', body: last?.body ?? '' };
}

/** Posts `body` on the ticket from the agent page, signed in with `token`; resolves once the bot acted. */
async function commentFromPage(ticket: Ticket, token: string, body: string): Promise<Response> {
  const browser = await signInToAgentPage(harness.standin.url, token);
  const before = harness.standin.deliveries().length;
  const response = await browser.comment('acme/support', ticket.number, body);
  if (response.status === 303) {
    await settle(harness);
    // GitHub's issue_comment webhook reached the bot, which took it.
    const delivered = harness.standin.deliveries().slice(before);
    expect(
      delivered.map((delivery) => [delivery.event, delivery.action, delivery.statusCode]),
    ).toContainEqual(['issue_comment', 'created', 202]);
  }
  return response;
}

beforeAll(async () => {
  harness = await startHarness({
    standinUsers: [
      { login: 'lucas-martin', token: 'lucas-token' },
      { login: 'walt-writer', token: 'walt-token', role: 'write' },
      { login: 'rita-reader', token: 'rita-token', role: 'read' },
      { login: 'tom-triage', token: 'tom-token', role: 'triage' },
      { login: 'mallory', token: 'mallory-token', role: 'none' },
    ],
  });
}, 60_000);

afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

describe('a comment from the agent page reaches the bot as the signed-in account', () => {
  it.each([
    ['a teams.yaml agent', agentToken, 'camille-durand'],
    ['another teams.yaml agent', 'lucas-token', 'lucas-martin'],
    ['a collaborator with write access', 'walt-token', 'walt-writer'],
  ])('a /reply from %s is mailed to the customer', async (_name, token, login) => {
    const ticket = await openTicket();
    const response = await commentFromPage(ticket, token, `/reply Bonjour, c’est réglé (${login}).`);
    expect(response.status).toBe(303);
    expect(await lastComment(ticket.number)).toEqual({
      login,
      body: `/reply Bonjour, c’est réglé (${login}).`,
    });
    const mails = mailsTo(ticket.email);
    expect(mails).toHaveLength(2);
    expect(await textOf(mails[1]?.raw)).toContain(`Bonjour, c’est réglé (${login}).`);
  });

  it.each([
    ['an account that only reads the repository', 'rita-token', 'rita-reader'],
    ['a triager', 'tom-token', 'tom-triage'],
  ])('a /reply from %s stays an ordinary comment, never mailed', async (_name, token, login) => {
    const ticket = await openTicket();
    const response = await commentFromPage(ticket, token, '/reply Votre compte est supprimé.');
    expect(response.status).toBe(303);
    expect((await lastComment(ticket.number)).login).toBe(login);
    expect(mailsTo(ticket.email)).toHaveLength(1);
  });

  it('an account with no access to the private repository can not comment (404, nothing sent)', async () => {
    const ticket = await openTicket();
    const before = harness.standin.stats().contentWrites;
    const response = await commentFromPage(ticket, 'mallory-token', '/reply Cliquez ici.');
    expect(response.status).toBe(404);
    expect(harness.standin.stats().contentWrites).toBe(before);
    expect((await lastComment(ticket.number)).body).not.toBe('/reply Cliquez ici.');
    expect(mailsTo(ticket.email)).toHaveLength(1);
  });
});
