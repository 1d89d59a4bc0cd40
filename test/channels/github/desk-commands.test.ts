// Who may act in the desk's name, end to end through the real bot, the GitHub stand-in's signed webhooks
// and the SMTP sink: `/reply` and `/status` run only for teams.yaml agents and for collaborators GitHub
// confirms can write to the repository; anyone else's command stays a plain comment (nothing mailed,
// nothing changed, not shown to the customer as the desk's reply). A comment delivered again under another
// delivery id runs once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import type { StandinUserOption } from '../../../src/standin/start-standin.ts';
import {
  incidentSubmission,
  postRequest,
  postWebhook,
  settle,
  startHarness,
  templateRules,
  type Harness,
} from '../../support/bot-harness.ts';

interface Issue {
  number: number;
  state: string;
  labels: { name: string }[];
}
interface Comment {
  id: number;
  body: string;
  user: { login: string };
  author_association: string;
}
interface FollowPage {
  status: string;
  messages: { from: string; author: string; text: string }[];
}
interface Ticket {
  number: number;
  ref: string;
  token: string;
  email: string;
}

const permissionRoute = 'GET /repos/{owner}/{repo}/collaborators/{username}/permission';
const rules = await templateRules();
/** A teams.yaml agent whose organisation membership is private: GitHub shows NONE on their comments. */
const hiddenAgent = rules.teams.agents[1]!.login;

const accounts: (StandinUserOption & { token: string })[] = [
  { login: 'mallory', token: 'mallory-token', role: 'none' },
  { login: 'chris-contrib', token: 'chris-token', role: 'none', association: 'CONTRIBUTOR' },
  { login: 'rita-reader', token: 'rita-token', role: 'read' },
  { login: 'tom-triage', token: 'tom-token', role: 'triage' },
  { login: 'olga-member', token: 'olga-token', role: 'none', organisations: ['acme'] },
  { login: 'walt-writer', token: 'walt-token', role: 'write' },
  { login: 'maya-maintainer', token: 'maya-token', role: 'maintain' },
  { login: 'oscar-org-admin', token: 'oscar-token', role: 'admin', organisations: ['acme'] },
  { login: hiddenAgent, token: 'hidden-agent-token', role: 'write', association: 'NONE' },
  { login: 'nina-writer', token: 'nina-token', role: 'write' },
  { login: 'rex-reader', token: 'rex-token', role: 'read' },
];
const tokenOf = (login: string) => accounts.find((account) => account.login === login)!.token;

let harness: Harness;
let tickets = 0;

const api = async <T>(path: string, token: string, init: RequestInit = {}): Promise<T> => {
  const response = await fetch(`${harness.standin.url}/repos/acme/support${path}`, {
    ...init,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`stand-in answered ${response.status} to ${path}`);
  return (await response.json()) as T;
};

/** A customer's request from the site, its issue created and acknowledged. */
async function openTicket(): Promise<Ticket> {
  tickets += 1;
  const email = `client.${tickets}@example.org`;
  const accepted = (await (
    await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), {
        requester: { name: `Client ${tickets}`, email },
      }),
    )
  ).json()) as { ref: string; token: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  expect(mailsTo(email)).toHaveLength(1); // the acknowledgement
  return { number: issue.number, ref: accepted.ref, token: accepted.token, email };
}

async function comment(ticket: Ticket, login: string, body: string): Promise<Comment> {
  const posted = await api<Comment>(`/issues/${ticket.number}/comments`, tokenOf(login), {
    method: 'POST',
    body: JSON.stringify({ body }),
  });
  await settle(harness);
  return posted;
}

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<string> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

async function issueState(ticket: Ticket): Promise<{ state: string; labels: string[] }> {
  const issue = await api<Issue>(`/issues/${ticket.number}`, 'bot-token');
  return { state: issue.state, labels: issue.labels.map((label) => label.name).sort() };
}

async function followPage(ticket: Ticket): Promise<FollowPage> {
  const response = await fetch(`${harness.url}/api/requests/${ticket.ref}?token=${ticket.token}`);
  expect(response.status).toBe(200);
  return (await response.json()) as FollowPage;
}

beforeAll(async () => {
  // Outsiders with no role comment here: a public repository, as only there can they.
  harness = await startHarness({ standinUsers: accounts, standin: { publicRepos: ['acme/support'] } });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('a command from someone who may not act for the desk', () => {
  it.each([
    ['a GitHub user with no access (NONE)', 'mallory', 'NONE'],
    ['a past contributor (CONTRIBUTOR)', 'chris-contrib', 'CONTRIBUTOR'],
    ['a collaborator with read access only', 'rita-reader', 'COLLABORATOR'],
    ['a collaborator with triage access', 'tom-triage', 'COLLABORATOR'],
    ['an organisation member with the base read permission (MEMBER)', 'olga-member', 'MEMBER'],
  ])(
    '%s: /reply, a canned /reply and /status closed mail nothing, change nothing and stay plain comments',
    async (_who, login, association) => {
      const ticket = await openTicket();
      const before = await issueState(ticket);
      const posted = [
        await comment(
          ticket,
          login,
          '/reply Votre compte est bloqué : réinitialisez votre mot de passe sur https://evil.example/reset',
        ),
        await comment(ticket, login, '/reply reinitialisation-mot-de-passe'),
        await comment(ticket, login, '/status closed'),
      ];
      expect(posted.map((one) => one.author_association)).toEqual([association, association, association]);

      // Only the acknowledgement reached the customer.
      expect(mailsTo(ticket.email)).toHaveLength(1);
      expect(harness.mail.messages.some((message) => message.raw.includes('evil.example'))).toBe(false);
      expect(await issueState(ticket)).toEqual(before);
      // The comments stay on the issue for agents to see, unanswered by the bot.
      const comments = await api<Comment[]>(`/issues/${ticket.number}/comments`, 'bot-token');
      expect(comments.map((one) => one.user.login)).toEqual([login, login, login]);
      // The customer's follow page shows none of them as the desk's reply.
      const page = await followPage(ticket);
      expect(page.messages.map((message) => message.from)).toEqual(['customer']);
      expect(JSON.stringify(page)).not.toContain('evil.example');
      expect(page.status).toBe('new');
    },
  );
});

describe('a command from someone who may act for the desk', () => {
  it.each([
    ['a collaborator with write access, not in teams.yaml', 'walt-writer'],
    ['a collaborator with maintain access', 'maya-maintainer'],
    ['an organisation member who administers the repository (MEMBER)', 'oscar-org-admin'],
    ['a teams.yaml agent whose association says NONE (private organisation membership)', hiddenAgent],
  ])('%s: /reply is mailed and shown to the customer, /status moves the ticket', async (_who, login) => {
    const ticket = await openTicket();
    await comment(ticket, login, '/reply Bonjour, nous avons réinitialisé votre accès VPN.');
    expect(mailsTo(ticket.email)).toHaveLength(2);
    expect(await textOf(mailsTo(ticket.email)[1]?.raw)).toContain(
      'Bonjour, nous avons réinitialisé votre accès VPN.',
    );
    expect((await issueState(ticket)).labels).toContain(rules.desk.statuses.pending.label);
    const page = await followPage(ticket);
    expect(page.messages.at(-1)).toMatchObject({
      from: 'agent',
      text: 'Bonjour, nous avons réinitialisé votre accès VPN.',
    });

    await comment(ticket, login, '/status closed');
    expect(await issueState(ticket)).toMatchObject({ state: 'closed' });
    expect((await issueState(ticket)).labels).toContain(rules.desk.statuses.closed.label);
    expect(mailsTo(ticket.email)).toHaveLength(2);
  });

  it('GitHub is asked at most once per author within the cache time, and never about a teams.yaml agent', async () => {
    const ticket = await openTicket();
    harness.standin.resetStats();
    await comment(ticket, 'nina-writer', '/status on-hold');
    await comment(ticket, 'nina-writer', '/reply Nous attendons le fournisseur.');
    await comment(ticket, 'rex-reader', '/status closed');
    await comment(ticket, 'rex-reader', '/reply Fermé.');
    await comment(ticket, hiddenAgent, '/status open');
    await comment(ticket, hiddenAgent, '/reply Reprise du dossier.');
    // nina answered the customer since their last message: the collision guard held it until sent anyway.
    await comment(ticket, hiddenAgent, '/send');
    // A plain note needs nobody's standing checked.
    await comment(ticket, 'olga-member', 'Je regarde de mon côté.');
    // The follow page reads nina's and rex's /reply again: from the same cache.
    expect((await followPage(ticket)).messages.map((message) => message.text)).toEqual([
      expect.any(String),
      'Nous attendons le fournisseur.',
      'Reprise du dossier.',
    ]);
    // One request for nina, one for rex; none for the teams.yaml agent.
    expect(harness.standin.stats().requests[permissionRoute]).toBe(2);
    expect(mailsTo(ticket.email)).toHaveLength(3);
    expect((await issueState(ticket)).labels).toContain(rules.desk.statuses.pending.label);
  });
});

describe('a comment delivered again under another delivery id', () => {
  /** The stand-in's delivery of the creation of comment `id`, sent again as a new event. */
  async function sendAgain(id: number): Promise<Response> {
    const delivery = harness.standin
      .deliveries()
      .find(
        (candidate) =>
          candidate.event === 'issue_comment' &&
          candidate.action === 'created' &&
          (JSON.parse(candidate.payload) as { comment: { id: number } }).comment.id === id,
      )!;
    return postWebhook(harness.url, 'issue_comment', JSON.parse(delivery.payload), {
      deliveryId: `resent-${delivery.guid}`,
    });
  }

  it('a /reply is mailed once and does not set the status back after an agent moved the ticket on', async () => {
    const ticket = await openTicket();
    const reply = await comment(ticket, hiddenAgent, '/reply Pouvez-vous redémarrer le poste ?');
    await comment(ticket, hiddenAgent, '/status on-hold');
    const response = await sendAgain(reply.id);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'duplicate' });
    await settle(harness);
    expect(mailsTo(ticket.email)).toHaveLength(2);
    expect((await issueState(ticket)).labels).toContain(rules.desk.statuses['on-hold'].label);
    expect((await issueState(ticket)).labels).not.toContain(rules.desk.statuses.pending.label);
  });

  it('a /status does not move the ticket back', async () => {
    const ticket = await openTicket();
    const first = await comment(ticket, 'walt-writer', '/status closed');
    await comment(ticket, 'walt-writer', '/status open');
    await sendAgain(first.id);
    await settle(harness);
    expect(await issueState(ticket)).toMatchObject({ state: 'open' });
    expect((await issueState(ticket)).labels).toContain(rules.desk.statuses.open.label);
  });
});
