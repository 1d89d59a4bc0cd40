// The lifecycle notices reach the customer by mail: the reminder of a silent pending ticket and its
// closing notice, posted by the sweep as public comments, are each emailed to the requester once, through
// the bot's outbox, threaded under the ticket's earlier mail — whether the bot's own sweep posted them or
// the Actions workflow writing as another account. Real bot, GitHub stand-in, SMTP sink.

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage, headerValue, type ParsedMail } from '../../src/mail/parse-message.ts';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { publicNoticeMarker } from '../../src/tickets/comment-kind.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  postWebhook,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const day = 86_400_000;
const customer = 'marie.curie@example.org';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let harness: Harness;
let issue: number;
let status: () => Promise<{ messages: { from: string; author: string; text: string }[] }>;

function tracker(token: string, options: { selfLogin?: string; otherLogins?: string[] } = {}) {
  const octokit = createOctokit({ baseUrl: harness.standin.url, token }, { log: quiet });
  return new GithubTracker({
    octokit,
    repository: 'acme/support',
    now: harness.bot.context.clock,
    ...options,
  });
}

/** Mail the sink received for the customer, parsed, oldest first. */
async function mailToCustomer(): Promise<ParsedMail[]> {
  const mails: ParsedMail[] = [];
  for (const message of harness.mail.messages.filter((candidate) =>
    candidate.envelopeTo.includes(customer),
  )) {
    const parsed = await parseMessage(message.raw);
    if (!parsed.ok) throw new Error(parsed.detail);
    mails.push(parsed.mail);
  }
  return mails;
}

const subjects = async () =>
  (await mailToCustomer()).map((mail) => mail.subject.replace(/\[#\S+\]/, '[#ref]'));

/** Lets the stand-in's webhooks and the bot's worker settle. */
async function settle(): Promise<void> {
  await harness.standin.deliveriesIdle();
  await eventually(async () => {
    const row = await harness.bot.context.store.get(
      "SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'running')",
    );
    return Number(row?.n ?? 0) === 0;
  });
}

beforeAll(async () => {
  harness = await startHarness({
    otherBotLogins: ['github-actions[bot]'],
    // The Actions workflow's token is an installation token of the GitHub Actions App.
    standin: { app: { id: 15368, slug: 'github-actions', publicKey, installationId: 7 } },
  });
  const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
  expect(response.status).toBe(202);
  const { ref, token } = (await response.json()) as { ref: string; token: string };
  // The customer's follow page (GET /api/requests/{ref}), as the site reads it.
  status = async () =>
    (await (
      await fetch(`${harness.url}/api/requests/${ref}?token=${encodeURIComponent(token)}`)
    ).json()) as Awaited<ReturnType<typeof status>>;
  issue = (
    await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.body.includes('Marie Curie')),
    )
  ).number;
  // The agent asks a question: the ticket is pending, the customer gets the reply by mail.
  const agent = tracker(agentToken);
  await agent.createComment(issue, '/reply Bonjour, pouvez-vous nous dire quel client VPN vous utilisez ?');
  await eventually(async () => (await agent.getIssue(issue)).labels.includes('status: pending'));
  await eventually(async () => (await mailToCustomer()).length === 2);
}, 60_000);

afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

describe('lifecycle notices by mail', () => {
  it('the reminder the bot’s sweep posts is mailed once, threaded, as automatic mail', async () => {
    // Pending since Monday morning: 3 business days later (Thursday), the reminder is due.
    const now = new Date(harness.bot.context.clock() + 3 * day + 2 * 3_600_000);
    const result = await runSweep({ tracker: tracker('bot-token'), rules: harness.rules, now });
    expect(result.errors).toEqual([]);
    await eventually(async () => (await mailToCustomer()).length === 3);
    const [ack, reply, reminder] = await mailToCustomer();
    expect(await subjects()).toEqual([
      expect.stringContaining('Nous avons bien reçu votre demande'),
      expect.stringMatching(/^Re: \[#ref\] /),
      'Re: [#ref] Impossible de me connecter au VPN (nous attendons votre réponse)',
    ]);
    expect(reminder!.text).toContain('Bonjour Marie,');
    expect(reminder!.text).toContain('Suivre votre demande : ');
    expect(headerValue(reminder!, 'auto-submitted')).toBe('auto-replied');
    expect(reminder!.inReplyTo).toBe(reply!.messageId);
    expect(reminder!.references).toEqual([ack!.messageId, reply!.messageId]);

    // Once: a second sweep posts nothing, and the same delivery sent again under a new id mails nothing.
    await runSweep({ tracker: tracker('bot-token'), rules: harness.rules, now });
    const delivery = harness.standin
      .deliveries()
      .find(
        (candidate) => candidate.event === 'issue_comment' && candidate.payload.includes('pending-reminder'),
      )!;
    const redelivered = await postWebhook(harness.url, 'issue_comment', JSON.parse(delivery.payload), {
      deliveryId: randomUUID(),
    });
    expect(redelivered.status).toBe(202);
    await settle();
    expect(await mailToCustomer()).toHaveLength(3);
  });

  it('the closing notice the Actions workflow posts as github-actions[bot] is mailed once with the auto-close template', async () => {
    const app = createOctokit(
      {
        baseUrl: harness.standin.url,
        appId: 15368,
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        installationId: 7,
      },
      { log: quiet },
    );
    const token = ((await app.auth({ type: 'installation' })) as { token: string }).token;
    const actions = tracker(token, { selfLogin: 'github-actions[bot]', otherLogins: ['repodesk-bot'] });
    const result = await runSweep({
      tracker: actions,
      rules: harness.rules,
      now: new Date(harness.bot.context.clock() + 9 * day),
    });
    expect(result.errors).toEqual([]);
    expect((await actions.getIssue(issue)).state).toBe('closed');
    await eventually(async () => (await mailToCustomer()).length === 4);
    const closing = (await mailToCustomer())[3]!;
    expect(closing.subject).toMatch(/^Re: \[#\S+\] Impossible de me connecter au VPN \(demande clôturée\)$/);
    expect(closing.text).toContain('Sans nouvelles de votre part, nous avons clôturé votre demande');
    await settle();
    expect(await mailToCustomer()).toHaveLength(4);
    // The follow page shows the notice the Actions account posted, from the desk, like the bot's own.
    const shown = await eventually(async () =>
      (await status()).messages.find((message) => message.text.includes('nous avons clôturé votre demande')),
    );
    expect(shown).toMatchObject({ from: 'agent', author: "Centre d'aide Cassiopée" });
    expect(shown.text).not.toContain('<!--');
  });

  it('a notice typed by an agent is not mailed', async () => {
    await tracker(agentToken).createComment(
      issue,
      `${publicNoticeMarker}\n<!-- repodesk:lifecycle step=pending-reminder since=2026-01-01T00:00:00.000Z -->\nHop`,
    );
    await settle();
    expect(await mailToCustomer()).toHaveLength(4);
  });
});
