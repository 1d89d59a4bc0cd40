// Confidential queues (issue 13): desk.yaml lists the desk's repositories, a routing rule's `repository:`
// files the ticket in another one (HR here), readable by its own collaborators only. Through the real bot:
// the form's ticket is created in the HR repository in one write, its reference and follow page resolve
// there, a mail reply threads into it, and a collaborator of the default repository only cannot see it.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadToken } from '../../src/mail/thread-token.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import {
  agentToken,
  eventually,
  postRequest,
  repoRoot,
  settle,
  startHarness,
  type Harness,
  hrRequestFields,
  incidentFields,
} from '../support/bot-harness.ts';
import { rawMail } from '../support/email-fixtures.ts';
import { postMail, processed } from '../support/inbound-mail.ts';

const outsiderToken = 'olivier-token';
const hrAgentToken = 'claire-token';
let harness: Harness;
let root: string;
let requests = 0;

/** The template's rules, with the HR repository listed and the HR rule filing its tickets there. */
function writeDesk(target: string): void {
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(target, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(target, 'kb'), { recursive: true });
  const desk = path.join(target, 'rules', 'desk.yaml');
  fs.writeFileSync(
    desk,
    fs
      .readFileSync(desk, 'utf8')
      .replace(
        'repository: cassiopee/support\n',
        'repository: acme/support\nrepositories: [acme/support, acme/support-hr, acme/support-security]\n',
      ),
  );
  const routing = path.join(target, 'rules', 'routing.yaml');
  const text = fs.readFileSync(routing, 'utf8');
  const hrRule = '      team: rh\n      assign: least-open\n      stop: true\n';
  expect(text).toContain(hrRule);
  const securityRule = '      reply: signalement-securite\n      stop: true\n';
  expect(text).toContain(securityRule);
  fs.writeFileSync(
    routing,
    text
      .replace(hrRule, `      repository: acme/support-hr\n${hrRule}`)
      .replace(securityRule, `      repository: acme/support-security\n${securityRule}`),
  );
}

async function api(repository: string, route: string, token = agentToken): Promise<Response> {
  return fetch(`${harness.standin.url}/repos/${repository}${route}`, {
    headers: { authorization: `token ${token}` },
  });
}

interface Accepted {
  ref: string;
  token: string;
  email: string;
}

async function submit(form: 'demande-rh' | 'incident', service?: string): Promise<Accepted> {
  requests += 1;
  const email = `salarie.${requests}@example.org`;
  const fields =
    form === 'demande-rh'
      ? hrRequestFields(`Attestation employeur ${requests}`)
      : incidentFields(`VPN refusé ${requests}`, service);
  const response = await postRequest(harness.url, {
    form,
    lang: 'fr',
    requester: { name: 'Marie Curie', email },
    fields,
    idempotencyKey: randomUUID().replace(/-/g, ''),
    startedAt: harness.bot.context.clock() - 60_000,
  });
  expect(response.status).toBe(202);
  const accepted = (await response.json()) as { ref: string; token: string };
  await settle(harness);
  return { ...accepted, email };
}

async function comment(repository: string, number: number, body: string, token = agentToken) {
  const response = await fetch(`${harness.standin.url}/repos/${repository}/issues/${number}/comments`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  expect(response.status).toBe(201);
  await settle(harness);
}

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function issueNumberOf(ref: string): Promise<number> {
  return eventually(async () => (await harness.bot.context.refs.get(ref))?.issueNumber);
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-queues-'));
  writeDesk(root);
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(`rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  harness = await startHarness({
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    // acme/lab: a repository the bot's account reaches (an App installed on the whole organisation) that
    // desk.yaml does not list.
    standin: { repos: ['acme/support', 'acme/support-hr', 'acme/support-security', 'acme/lab'] },
    // A collaborator of the default repository only: the HR repository does not exist for them.
    standinUsers: [
      { login: 'olivier-support', token: outsiderToken, role: { 'acme/support': 'write' } },
      // An HR agent (teams.yaml), collaborator of the HR repository only.
      { login: 'claire-fontaine', token: hrAgentToken, role: { 'acme/support-hr': 'write' } },
    ],
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a ticket routed to a confidential queue', () => {
  it('is created in the HR repository in one write, and nowhere else', async () => {
    harness.standin.resetStats();
    const hr = await submit('demande-rh');
    const number = await issueNumberOf(hr.ref);
    const issue = (await (await api('acme/support-hr', `/issues/${number}`)).json()) as {
      title: string;
      body: string;
      labels: { name: string }[];
    };
    expect(issue.title).toContain('Attestation employeur');
    expect(issue.body).toContain(hr.ref);
    expect(issue.labels.map((label) => label.name)).toContain('team: rh');
    expect((await harness.issues()).filter((candidate) => candidate.body.includes(hr.ref))).toEqual([]);
    const creates = harness.standin
      .writeLog()
      .filter((write) => write.login === harness.standin.botLogin && write.request.includes('/issues'));
    expect(creates.map((write) => write.request)).toEqual(['POST /repos/{owner}/{repo}/issues']);
    expect(await harness.bot.context.refs.get(hr.ref)).toMatchObject({ repository: 'acme/support-hr' });
  });

  it('another ticket stays in the default repository', async () => {
    const incident = await submit('incident');
    const number = await issueNumberOf(incident.ref);
    const issue = (await (await api('acme/support', `/issues/${number}`)).json()) as { body: string };
    expect(issue.body).toContain(incident.ref);
    expect((await harness.bot.context.refs.get(incident.ref))?.repository).toBeUndefined();
  });

  it('an issue number used in both repositories keeps each reference on its own issue', async () => {
    // The HR repository's #1 and the default one's #1 are two tickets: neither reference may take the other.
    const hr = await submit('demande-rh');
    const incident = await submit('incident');
    const hrRecord = await harness.bot.context.refs.get(hr.ref);
    const hrNumber = await issueNumberOf(hr.ref);
    expect(hrRecord?.repository).toBe('acme/support-hr');
    expect((await harness.bot.context.refs.byIssueNumber(hrNumber, 'acme/support-hr'))?.ref).toBe(hr.ref);
    const defaultNumber = await issueNumberOf(incident.ref);
    expect((await harness.bot.context.refs.byIssueNumber(defaultNumber))?.ref).toBe(incident.ref);
  });

  it('a collaborator of the default repository only cannot read it, nor list the HR queue', async () => {
    const hr = await submit('demande-rh');
    const number = await issueNumberOf(hr.ref);
    expect((await api('acme/support-hr', `/issues/${number}`, outsiderToken)).status).toBe(404);
    expect((await api('acme/support-hr', '/issues?state=all', outsiderToken)).status).toBe(404);
    expect((await api('acme/support-hr', `/issues/${number}/comments`, outsiderToken)).status).toBe(404);
    // The default repository stays theirs, and the HR agents read the HR queue.
    expect((await api('acme/support', '/issues?state=all', outsiderToken)).status).toBe(200);
    expect((await api('acme/support-hr', `/issues/${number}`)).status).toBe(200);
  });

  it('its follow page shows the HR issue (title, status, recorded)', async () => {
    const hr = await submit('demande-rh');
    const response = await fetch(`${harness.url}/api/requests/${hr.ref}?token=${hr.token}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { recorded: boolean; status: string; title: string };
    expect(page).toMatchObject({ recorded: true, status: 'new' });
    expect(page.title).toContain('Attestation employeur');
  });

  it('a mail reply from the requester threads into the HR issue', async () => {
    const hr = await submit('demande-rh');
    const number = await issueNumberOf(hr.ref);
    const to = `support+${threadToken(hr.ref, harness.bot.context.mail.threadSecret)}@cassiopee.example`;
    const mailId = await postMail(
      harness,
      rawMail({
        from: `Marie Curie <${hr.email}>`,
        to,
        subject: 'Re: votre demande',
        body: 'Voici mon matricule complet : A12345-B.',
      }),
    );
    expect((await processed(harness, mailId)).state).toBe('done');
    await settle(harness);
    const comments = (await (await api('acme/support-hr', `/issues/${number}/comments`)).json()) as {
      body: string;
    }[];
    expect(comments.map((comment) => comment.body).join('\n')).toContain('A12345-B');
    // Nothing landed on the default repository's issue of the same number.
    const same = await api('acme/support', `/issues/${number}/comments`);
    if (same.status === 200) expect(JSON.stringify(await same.json())).not.toContain('A12345-B');
  });

  it.each([
    ['an HR agent, collaborator of the HR repository only', hrAgentToken],
    ['a desk agent who is collaborator of both', agentToken],
  ])('%s: a /reply on the HR issue is mailed to the requester', async (_who, token) => {
    const hr = await submit('demande-rh');
    const number = await issueNumberOf(hr.ref);
    const before = mailsTo(hr.email).length;
    await comment('acme/support-hr', number, `/reply Votre attestation ${number} est prête.`, token);
    const sent = mailsTo(hr.email);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)?.raw.toString('utf8')).toContain(`Votre attestation ${number}`);
    // And the follow page shows the reply, read from the HR issue.
    const page = (await (await fetch(`${harness.url}/api/requests/${hr.ref}?token=${hr.token}`)).json()) as {
      messages: { from: string; text: string }[];
    };
    expect(
      page.messages.filter((message) => message.from === 'agent').map((message) => message.text),
    ).toEqual([`Votre attestation ${number} est prête.`]);
  });

  it('an agent /status on the HR issue changes that issue, not the default issue of the same number', async () => {
    const hr = await submit('demande-rh');
    const number = await issueNumberOf(hr.ref);
    const labelsOf = async (repository: string) => {
      const response = await api(repository, `/issues/${number}`);
      if (response.status !== 200) return [];
      return ((await response.json()) as { labels: { name: string }[] }).labels.map((label) => label.name);
    };
    const defaultBefore = await labelsOf('acme/support');
    await comment('acme/support-hr', number, '/status pending', hrAgentToken);
    expect(await labelsOf('acme/support-hr')).toContain('status: pending');
    expect(await labelsOf('acme/support')).toEqual(defaultBefore);
  });

  it('a security report goes to the security queue, where its automatic reply is posted and mailed', async () => {
    const security = await submit('incident', 'Sécurité (courriel suspect, virus)');
    const number = await issueNumberOf(security.ref);
    expect(await harness.bot.context.refs.get(security.ref)).toMatchObject({
      repository: 'acme/support-security',
    });
    const comments = (await (await api('acme/support-security', `/issues/${number}/comments`)).json()) as {
      body: string;
    }[];
    expect(comments.map((comment) => comment.body).join('\n')).toContain(
      `repodesk:auto-reply ref=${security.ref} reply=signalement-securite`,
    );
    // Mail bodies may be quoted-printable: compare without soft line breaks. Under a loaded machine the
    // send can fail once and be retried after its backoff, which settle() does not wait for: wait for
    // the mail itself, and say which jobs were retried if it never comes.
    const autoReplyMailed = () =>
      mailsTo(security.email)
        .map((message) => message.raw.toString('utf8').replace(/=\r?\n/g, ''))
        .some((text) => text.includes('Ne r=C3=A9pondez pas') || text.includes('Ne répondez pas'));
    const arrived = await eventually(async () => autoReplyMailed(), 30_000).catch(() => false);
    if (!arrived) {
      const jobs = await harness.bot.context.store.all(
        "SELECT kind, state, attempts, last_error FROM jobs WHERE last_error IS NOT NULL OR state <> 'done'",
      );
      expect.fail(`the automatic reply was never mailed; jobs not done or retried: ${JSON.stringify(jobs)}`);
    }
    // Not on the default repository's issue of the same number.
    const same = await api('acme/support', `/issues/${number}/comments`);
    if (same.status === 200) expect(JSON.stringify(await same.json())).not.toContain(security.ref);
  });

  it.each([
    { what: 'an agent’s /reply', body: '/reply Bonjour, voici la réponse.' },
    { what: 'an agent’s /status', body: '/status pending' },
  ])(
    'a repository desk.yaml does not list is not the desk’s: an issue opened there and $what on it change nothing and mail nobody',
    async ({ body }) => {
      const incident = await submit('incident');
      const number = await issueNumberOf(incident.ref);
      const before = await (await api('acme/support', `/issues/${number}`)).json();
      // An issue of the same number in acme/lab, opened and commented on by a desk agent.
      let lab = 0;
      while (lab < number) {
        const created = await fetch(`${harness.standin.url}/repos/acme/lab/issues`, {
          method: 'POST',
          headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `Essai ${lab + 1}`, body: 'Un essai du laboratoire.' }),
        });
        expect(created.status).toBe(201);
        lab = ((await created.json()) as { number: number }).number;
      }
      await settle(harness);
      harness.standin.resetStats();
      const mailsBefore = mailsTo(incident.email).length;
      await comment('acme/lab', number, body);
      expect(harness.standin.writeLog().filter((write) => write.login === harness.standin.botLogin)).toEqual(
        [],
      );
      expect(mailsTo(incident.email)).toHaveLength(mailsBefore);
      expect(await (await api('acme/support', `/issues/${number}`)).json()).toEqual(before);
      const labIssue = (await (await api('acme/lab', `/issues/${number}`)).json()) as {
        body: string;
        labels: unknown[];
      };
      expect([labIssue.body, labIssue.labels]).toEqual(['Un essai du laboratoire.', []]);
    },
  );
});
