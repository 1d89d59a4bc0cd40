// The automatic replies routing names (`then.reply`), end to end through the real bot, the GitHub stand-in
// and the SMTP sink: a new ticket matching a shipped rule with a reply gets its issue, one comment that
// records the reply for agents and the status page, and one automatic mail with the canned text filled,
// threaded under the acknowledgement; a 502 after the comment was stored, a redelivered webhook or a
// retried job sends nothing more; a robot gets none. Also the canned `/reply` of an agent on a form
// ticket, which greets the customer by the name the form gave.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerValue, parseMessage, type ParsedMail } from '../../src/mail/parse-message.ts';
import { route } from '../../src/routing/route.ts';
import { publicNoticeMarker } from '../../src/tickets/comment-kind.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  postWebhook,
  settle,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { rawMail } from '../support/email-fixtures.ts';

interface Comment {
  id: number;
  body: string;
  user: { login: string };
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ retry: { baseMs: 50, capMs: 200, maxAttempts: 5 } });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const response = await fetch(`${harness.standin.url}/repos/acme/support${path}`, {
    ...init,
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`stand-in answered ${response.status}`);
  return (await response.json()) as T;
};
const commentsOf = (number: number) => api<Comment[]>(`/issues/${number}/comments`);

/** Mail the sink received for `address`, parsed, oldest first. */
async function mailTo(address: string): Promise<ParsedMail[]> {
  const mails: ParsedMail[] = [];
  for (const message of harness.mail.messages.filter((candidate) => candidate.envelopeTo.includes(address))) {
    const parsed = await parseMessage(message.raw);
    if (!parsed.ok) throw new Error(parsed.detail);
    mails.push(parsed.mail);
  }
  return mails;
}

const jobsOf = async (kind: string) =>
  (
    await harness.bot.context.store.all('SELECT state, attempts FROM jobs WHERE kind = ? ORDER BY id', kind)
  ).map((row) => ({ state: String(row.state), attempts: Number(row.attempts) }));

/** A security report from the form by `name` <`email`> (the shipped rule answers it with signalement-securite). */
async function reportPhishing(name: string, email: string, summary: string) {
  const response = await postRequest(
    harness.url,
    incidentSubmission(harness.bot.context.clock(), {
      requester: { name, email },
      fields: {
        ...(incidentSubmission(0).fields as Record<string, unknown>),
        resume: summary,
        service: 'Sécurité (courriel suspect, virus)',
        description: 'Un message me demande de confirmer mon mot de passe sur un site inconnu.',
      },
    }),
  );
  expect(response.status).toBe(202);
  const { ref, token } = (await response.json()) as { ref: string; token: string };
  const issue = await eventually(async () =>
    (await harness.issues()).find((candidate) => candidate.body.includes(ref)),
  );
  return { ref, token, issue };
}

describe('automatic replies named by routing', () => {
  it('a security report from the form gets its issue, one comment and one automatic mail with the canned text, even after a 502 on the comment', async () => {
    const customer = 'ada.lovelace@example.org';
    // GitHub stores the comment but answers 502: the job is retried and must find it, not post it again.
    harness.standin.injectFault({ kind: 'error-after-apply', operation: 'issues/create-comment' });
    const before = harness.standin.stats();
    const { ref, token, issue } = await reportPhishing(
      'Ada Lovelace',
      customer,
      'Courriel suspect reçu ce matin',
    );
    expect(issue.labels).toContain('securite');
    await eventually(async () => (await mailTo(customer)).length === 2);
    await settle(harness);

    // Agents see exactly one comment by repodesk, the canned reply as the customer reads it.
    const comments = await commentsOf(issue.number);
    expect(comments).toHaveLength(1);
    const [comment] = comments;
    expect(comment?.user.login).toBe('repodesk-bot');
    expect(comment?.body.startsWith(publicNoticeMarker)).toBe(true);
    expect(comment?.body).toContain('Bonjour Ada,');
    expect(comment?.body).toContain(`Merci pour votre signalement (référence ${ref}).`);
    expect(comment?.body).not.toContain('{{');
    expect(await jobsOf('mail-auto-reply')).toEqual([{ state: 'done', attempts: 2 }]);
    // The issue and the comment: two content writes, nothing else.
    const after = harness.standin.stats();
    expect(after.contentWrites - before.contentWrites).toBe(2);
    expect(after.writes - before.writes).toBe(2);

    // The customer: the acknowledgement, then the automatic reply threaded under it.
    const [ack, reply] = await mailTo(customer);
    expect(reply?.subject).toBe(`Re: [#${ref}] Courriel suspect reçu ce matin`);
    expect(reply?.text).toContain('Bonjour Ada,');
    expect(reply?.text).toContain(`Merci pour votre signalement (référence ${ref}).`);
    expect(reply?.text).toContain("2. Ne répondez pas à l'expéditeur.");
    expect(reply?.text).toContain(`Message automatique envoyé à la création de votre demande ${ref}`);
    expect(reply?.text).not.toContain('repodesk:');
    expect(headerValue(reply!, 'auto-submitted')).toBe('auto-replied');
    expect(reply?.inReplyTo).toBe(ack?.messageId);

    // The follow page shows it from the desk, without its markers.
    const status = (await (
      await fetch(`${harness.url}/api/requests/${ref}?token=${encodeURIComponent(token)}`)
    ).json()) as { messages: { from: string; author: string; text: string }[] };
    const shown = status.messages.find((message) => message.text.startsWith('Bonjour Ada,'));
    expect(shown).toMatchObject({ from: 'agent', author: "Centre d'aide Cassiopée" });
    expect(shown?.text).not.toContain('<!--');

    // GitHub redelivers the comment's webhook, and a copy arrives under a new delivery id: nothing more.
    const delivery = harness.standin
      .deliveries()
      .find(
        (candidate) =>
          candidate.event === 'issue_comment' && candidate.payload.includes('repodesk:auto-reply'),
      )!;
    await harness.standin.redeliver(delivery.guid);
    expect(
      (
        await postWebhook(harness.url, 'issue_comment', JSON.parse(delivery.payload), {
          deliveryId: randomUUID(),
        })
      ).status,
    ).toBe(202);
    // The job run again, as after a crash between the POST and its record: it finds its comment.
    await harness.bot.context.store.run(
      "UPDATE jobs SET state = 'queued', run_after = 0 WHERE kind = 'mail-auto-reply'",
    );
    harness.bot.worker.wake();
    await settle(harness);
    expect(await commentsOf(issue.number)).toHaveLength(1);
    expect(await mailTo(customer)).toHaveLength(2);
  });

  it('customer text in the comment of an automatic reply mentions nobody and renders no HTML; the mail keeps it as typed', async () => {
    const customer = 'mallory@example.org';
    const { issue } = await reportPhishing('@octocat <img src=x>', customer, 'Lien suspect #12');
    await eventually(async () => (await mailTo(customer)).length === 2);
    await settle(harness);
    const [comment] = await commentsOf(issue.number);
    expect(comment?.body).toContain('Bonjour @\u200doctocat,');
    expect(comment?.body).not.toMatch(/@octocat|<img/);
    expect((await mailTo(customer))[1]?.text).toContain('Bonjour @octocat,');
  });

  it('the automatic reply counts in the hourly cap of automatic mail: the third mail of the hour is the last', async () => {
    const customer = 'alan.turing@example.org';
    // First report: acknowledgement and automatic reply (two of the desk's three an hour).
    const first = await reportPhishing('Alan Turing', customer, 'Lien suspect dans un courriel');
    await eventually(async () => (await mailTo(customer)).length === 2);
    await settle(harness);
    // Second report: its acknowledgement is the third; no automatic reply, and nothing on the issue.
    const second = await reportPhishing('Alan Turing', customer, 'Encore un lien suspect');
    await eventually(async () => (await mailTo(customer)).length === 3);
    await settle(harness);
    expect(await commentsOf(first.issue.number)).toHaveLength(1);
    expect(await commentsOf(second.issue.number)).toEqual([]);
    expect((await mailTo(customer)).map((mail) => mail.subject.replace(/\[#\S+\]/, '[#ref]'))).toEqual([
      '[#ref] Nous avons bien reçu votre demande : Lien suspect dans un courriel',
      'Re: [#ref] Lien suspect dans un courriel',
      '[#ref] Nous avons bien reçu votre demande : Encore un lien suspect',
    ]);
  });

  it('an address whose acknowledgement was refused for good gets no automatic reply', async () => {
    const customer = 'parti@ancien-client.example';
    harness.mail.rejectRecipient(customer);
    // GitHub fails the first create: the acknowledgement is refused (550) before the issue exists.
    harness.standin.injectFault({ kind: 'error-before-apply', operation: 'issues/create' });
    const queued = (await jobsOf('mail-auto-reply')).length;
    const { issue } = await reportPhishing('Jean Parti', customer, 'Courriel frauduleux');
    await settle(harness);
    expect(harness.mail.refusedRecipients.filter((address) => address === customer)).toHaveLength(1);
    expect(await jobsOf('mail-auto-reply')).toHaveLength(queued);
    expect(await commentsOf(issue.number)).toEqual([]);
    expect(await mailTo(customer)).toEqual([]);
  });

  it('an English refund request by mail gets the refund reply in English, the status link only in the mail', async () => {
    const customer = 'grace.hopper@client.example';
    const body =
      'Hello, I returned the desk chair from order 4471 last week. When will I get my refund? Thank you.';
    const draft: TicketDraft = {
      channel: 'email',
      subject: 'Returned desk chair',
      body,
      requester: { name: 'Grace Hopper', email: customer },
      language: 'en',
      fields: {},
      labels: [],
    };
    // The shipped rules name a reply for this request (else this test proves nothing).
    const workload = { openByAgent: {}, lastAssigned: {} };
    expect(route(draft, harness.rules, workload, new Date(harness.bot.context.clock())).replies).toEqual([
      'delai-remboursement',
    ]);
    await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(
        rawMail({
          from: `Grace Hopper <${customer}>`,
          subject: 'Returned desk chair',
          messageId: 'refund-4471@client.example',
          body,
        }),
      ),
    });
    await eventually(async () => (await mailTo(customer)).length === 2);
    await settle(harness);
    const issue = (await harness.issues()).find((candidate) => candidate.title === 'Returned desk chair')!;
    const [comment] = await commentsOf(issue.number);
    expect(comment?.body).toContain('Hello Grace,');
    expect(comment?.body).toContain('Follow the progress here: [personal follow-up link, sent by email]');
    const reply = (await mailTo(customer))[1];
    expect(reply?.text).toContain('Hello Grace,');
    expect(reply?.text).toContain('We have received your refund request');
    expect(reply?.text).toMatch(/Follow the progress here: http:\/\/site\.test\/en\/follow\/\?ref=RD-/);
    expect(reply?.text).toContain('Automatic message sent when your request');
  });

  it('an out-of-office robot writing about a refund opens a ticket but gets no acknowledgement and no automatic reply', async () => {
    const robot = 'paul.durand@exemple-client.fr';
    const body =
      "Je suis absent jusqu'au 2 décembre. Pour toute demande de remboursement, écrivez à la comptabilité.";
    const draft: TicketDraft = {
      channel: 'email',
      subject: 'Absent : votre message',
      body,
      requester: { name: 'Paul Durand', email: robot },
      language: 'fr',
      fields: {},
      labels: [],
    };
    expect(
      route(
        draft,
        harness.rules,
        { openByAgent: {}, lastAssigned: {} },
        new Date(harness.bot.context.clock()),
      ).replies,
    ).toEqual(['delai-remboursement']);
    const queuedBefore = (await jobsOf('mail-auto-reply')).length;
    await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(
        rawMail({
          from: `Paul Durand <${robot}>`,
          subject: 'Absent : votre message',
          messageId: 'oof-refund@exemple-client.fr',
          headers: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'],
          body,
        }),
      ),
    });
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.title === 'Absent : votre message'),
    );
    await settle(harness);
    expect(await commentsOf(issue.number)).toEqual([]);
    expect(await mailTo(robot)).toEqual([]);
    expect(await jobsOf('mail-auto-reply')).toHaveLength(queuedBefore);
  });
});

describe('the signature of an automatic reply', () => {
  it('a key account’s urgent mail gets escalade-vip signed once with the desk’s name (issue 13, item 3)', async () => {
    const customer = 'directeur.si@banque-arvel.example';
    const subject = 'Urgent : plus rien ne fonctionne sur nos postes';
    const body = 'Bonjour, depuis ce matin plus aucun poste de notre agence ne démarre.';
    const draft: TicketDraft = {
      channel: 'email',
      subject,
      body,
      requester: { name: 'Paul Arvel', email: customer },
      language: 'fr',
      fields: {},
      labels: [],
    };
    // The shipped rules answer this request with escalade-vip (else this test proves nothing).
    const workload = { openByAgent: {}, lastAssigned: {} };
    expect(route(draft, harness.rules, workload, new Date(harness.bot.context.clock())).replies).toEqual([
      'escalade-vip',
    ]);
    await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(
        rawMail({
          from: `Paul Arvel <${customer}>`,
          subject,
          messageId: 'vip-outage@banque-arvel.example',
          // Our mail server vouches for the sender's domain: Banque Arvel, a key account.
          headers: [
            'Authentication-Results: mx.cassiopee.example; dmarc=pass header.from=banque-arvel.example',
          ],
          body,
        }),
      ),
    });
    await eventually(async () => (await mailTo(customer)).length === 2);
    await settle(harness);
    const deskName = harness.rules.desk.name.fr!;
    const reply = (await mailTo(customer))[1]!;
    expect(reply.text).toContain('est prise en charge en priorité par notre responsable grands comptes');
    expect(reply.text).toContain(`Bien cordialement,\n${deskName}\n`);
    expect(reply.text.split(deskName)).toHaveLength(2);
    // The comment agents read shows the same text.
    const issue = (await harness.issues()).find((candidate) => candidate.title === subject)!;
    const [comment] = await commentsOf(issue.number);
    expect(comment?.body).toContain(`Bien cordialement,\n${deskName}`);
    expect(comment?.body.split(deskName)).toHaveLength(2);
  });
});

describe('canned replies of agents', () => {
  it('a canned /reply on a form ticket greets the customer by the name the form gave', async () => {
    const customer = 'marie.curie@example.org';
    const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
    const { ref, token } = (await response.json()) as { ref: string; token: string };
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.body.includes(ref)),
    );
    await eventually(async () => (await mailTo(customer)).length === 1);
    await api(`/issues/${issue.number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '/reply demande-informations' }),
    });
    await eventually(async () => (await mailTo(customer)).length === 2);
    const reply = (await mailTo(customer))[1];
    expect(reply?.subject).toBe(`Re: [#${ref}] Impossible de me connecter au VPN`);
    expect(reply?.text).toContain('Bonjour Marie,');
    expect(reply?.text).toContain(`Pour avancer sur votre demande ${ref}`);
    // An agent who signs keeps both lines of the signature: their name, then the desk's.
    const agent = harness.rules.teams.agents[0]!.name;
    expect(reply?.text).toContain(`Bien cordialement,\n${agent}\n${harness.rules.desk.name.fr!}\n`);
    expect(headerValue(reply!, 'auto-submitted')).toBeUndefined();
    // The follow page shows what the customer received, not the command the agent typed.
    const status = (await (
      await fetch(`${harness.url}/api/requests/${ref}?token=${encodeURIComponent(token)}`)
    ).json()) as { messages: { from: string; text: string }[] };
    const answer = status.messages.find((message) => message.from === 'agent');
    expect(answer?.text).toMatch(
      /^Bonjour Marie,\n\nMerci pour votre message\. Pour avancer sur votre demande /,
    );
    expect(answer?.text).not.toContain('demande-informations');
  });
});
