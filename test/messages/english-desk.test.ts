// An English desk reads English, area by area, through the bot's real routes and jobs: the issue a mail
// becomes (its labels, an attached message, no subject, a late reply's new ticket), a customer's reply and
// an out-of-office answer on the ticket, and the messages of the form's routes. The same paths on the
// template's French desk are covered by test/channels (their French texts are unchanged).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { threadToken } from '../../src/mail/thread-token.ts';
import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  manualClock,
  postRequest,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { rawMail, readEmail } from '../support/email-fixtures.ts';

const dayMs = 24 * 60 * 60 * 1000;

describe('an English desk', () => {
  let harness: Harness;
  const clock = manualClock();

  beforeAll(async () => {
    harness = await startHarness({ clock: clock.now });
    // What a reload of rules/ with `languages: [en, fr]` in desk.yaml puts in force.
    const rules = harness.bot.context.rules.current;
    harness.bot.context.rules.current = { ...rules, desk: { ...rules.desk, languages: ['en', 'fr'] } };
  });
  afterAll(async () => {
    await harness?.close();
  });

  const post = async (raw: Buffer) => {
    const response = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(raw),
    });
    expect(response.status).toBe(200);
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${harness.standin.url}/repos/acme/support${path}`, {
      ...init,
      headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    });
  const comments = async (number: number) =>
    ((await (await api(`/issues/${number}/comments?per_page=100`)).json()) as { body: string }[]).map(
      (comment) => comment.body,
    );
  const idle = () =>
    eventually(async () => {
      const counts = await harness.bot.context.jobs.countByState();
      return counts.queued === 0 && counts.running === 0;
    });
  const newIssue = async (raw: Buffer) => {
    const before = new Set((await harness.issues()).map((issue) => issue.number));
    await post(raw);
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => !before.has(candidate.number)),
    );
    await idle();
    const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(issue.body)?.[1] ?? '';
    return {
      ...issue,
      ref,
      to: `support+${threadToken(ref, harness.bot.context.mail.threadSecret)}@cassiopee.example`,
    };
  };

  it('labels the issue of a mail in English, and its forwarded message', async () => {
    const issue = await newIssue(readEmail('forwarded-as-attachment.eml'));
    expect(issue.body).toMatch(/\*\*Requester:\*\* /);
    expect(issue.body).toContain('**Channel:** email');
    expect(issue.body).toContain(
      '---------- Attached message ----------\nFrom: Marc Petit\nDate: 2026-11-06 17:03 UTC\nSubject: Livraison en retard - commande 77-1200\n\n',
    );
    expect(issue.body).toContain('### Attachments');
    expect(issue.body).toMatch(/\.txt\?exp=[^)]+\) · text · 902 B\n/);
    expect(issue.body).not.toContain('Message joint');
    expect(issue.body).not.toContain('Demandeur');
  });

  it('acknowledges an English mail with the suggested articles in English (no French space before the colon)', async () => {
    await newIssue(
      rawMail({
        from: 'hana@client.example',
        subject: 'Cannot connect to the VPN',
        messageId: 'vpn@client.example',
        body: 'Hello, I cannot connect to the VPN since this morning: the VPN client refuses my password.',
      }),
    );
    const ack = await eventually(async () => {
      const raw = harness.mail.messages.find((message) => message.envelopeTo.includes('hana@client.example'));
      return raw ? await parseMessage(raw.raw) : undefined;
    });
    if (!ack.ok) throw new Error(ack.detail);
    expect(ack.mail.text).toMatch(
      /These articles might already answer your question:\n(- [^\n]+[^ ]: http:\/\/site\.test\/en\/articles\/[a-z-]+\/\n){3}/,
    );
    expect(ack.mail.text).toContain(
      '- Connect to the VPN from outside the office: http://site.test/en/articles/connect-to-the-vpn/\n',
    );
  });

  it('titles a mail with no subject "(no subject)"', async () => {
    const issue = await newIssue(
      rawMail({
        from: 'dana@client.example',
        subject: '',
        messageId: 'no-subject@client.example',
        body: 'Hello, my invoice is wrong and I would like it to be corrected please.',
      }),
    );
    expect(issue.title).toBe('(no subject)');
  });

  it("shows a customer's reply with its full message folded away in English", async () => {
    const ticket = await newIssue(
      rawMail({
        from: 'erin@client.example',
        subject: 'Broken chair',
        messageId: 'broken-chair@client.example',
        body: 'Hello, the chair I received is broken. Could you send another one?',
      }),
    );
    await post(
      rawMail({
        from: 'erin@client.example',
        to: ticket.to,
        subject: 'Re: Broken chair',
        messageId: 'broken-chair-2@client.example',
        body: 'It is still broken.\r\n\r\nOn Mon, 3 Nov 2026 at 10:15, Support wrote:\r\n> We are looking into it.',
      }),
    );
    const reply = await eventually(async () =>
      (await comments(ticket.number)).find((body) => body.startsWith(customerMessageMarker)),
    );
    expect(reply).toContain('It is still broken.');
    expect(reply).toContain('<details><summary>Full message</summary>');
  });

  it('notes an out-of-office answer for agents in English', async () => {
    const ticket = await newIssue(
      rawMail({
        from: 'frank@client.example',
        subject: 'Desk quote',
        messageId: 'desk-quote@client.example',
        body: 'Hello, could you send me a quote for two desks?',
      }),
    );
    await api(`/issues/${ticket.number}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '/reply Here is the quote you asked for.' }),
    });
    await eventually(async () =>
      (await harness.issues())
        .find((issue) => issue.number === ticket.number)
        ?.labels.includes('status: pending'),
    );
    await idle();
    await post(
      rawMail({
        from: 'frank@client.example',
        to: ticket.to,
        subject: 'Automatic reply: Desk quote',
        messageId: 'oof-desk-quote@client.example',
        headers: ['Auto-Submitted: auto-replied'],
        body: 'I am away until Monday.',
      }),
    );
    const note = await eventually(async () =>
      (await comments(ticket.number)).find((body) => body.includes('I am away until Monday.')),
    );
    expect(note).toContain(
      '**Automatic reply from the requester** · The ticket keeps its status and nothing was answered.\n\n> I am away until Monday.',
    );
  });

  it('opens a new ticket for a reply long after close, saying in English which request it follows', async () => {
    const ticket = await newIssue(
      rawMail({
        from: 'gina@client.example',
        subject: 'Lamp missing',
        messageId: 'lamp-missing@client.example',
        body: 'Hello, the lamp was missing from my order.',
      }),
    );
    await api(`/issues/${ticket.number}`, { method: 'PATCH', body: JSON.stringify({ state: 'closed' }) });
    clock.advance(10 * dayMs);
    const follow = await newIssue(
      rawMail({
        from: 'gina@client.example',
        to: ticket.to,
        subject: 'Re: Lamp missing',
        messageId: 'lamp-missing-late@client.example',
        body: 'Hello again, the lamp is still missing.',
      }),
    );
    expect(follow.number).not.toBe(ticket.number);
    expect(follow.body).toContain(`Follows request** ${ticket.ref}`);
  });
});

describe("the form's routes", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ requireAltcha: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const upload = (lang: string) =>
    fetch(`${harness.url}/api/attachments?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', origin: 'http://site.test' },
      body: '--x--\r\n',
    });

  it.each([
    ['en', 'No file received.'],
    ['de', 'No file received.'],
    ['fr', 'Aucun fichier reçu.'],
  ])('an upload with no file in "%s" is told "%s"', async (lang, message) => {
    const response = await upload(lang);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: 'no file', errors: [{ field: 'files', message }] });
  });

  it.each([
    ['en', 'Missing or invalid anti-robot check.'],
    ['fr', 'Vérification anti-robot manquante ou invalide.'],
  ])('a request in "%s" without its anti-robot proof is told "%s"', async (lang, message) => {
    const response = await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), { lang }),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'invalid submission',
      errors: [{ field: 'altcha', message }],
    });
  });
});
