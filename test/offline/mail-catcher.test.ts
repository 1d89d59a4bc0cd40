// The offline stack's mail catcher with the real bot: the acknowledgement lands in the catcher, the page
// shows it as escaped text, and answering it through the form puts one comment on the ticket.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../src/offline/mail-catcher.ts';
import { createSmtpMailer } from '../../src/mailer/mailer.ts';
import { composeMail } from '../../src/mail/compose.ts';
import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';
import { agentToken, eventually, startHarness, type Harness } from '../support/bot-harness.ts';
import { readEmail } from '../support/email-fixtures.ts';

describe('mail catcher', () => {
  let harness: Harness;
  let catcher: MailCatcher;

  beforeAll(async () => {
    harness = await startHarness();
    catcher = await startMailCatcher({ dataDir: harness.dataDir, botUrl: harness.url });
    harness.bot.context.mail.mailer = createSmtpMailer({ url: catcher.smtpUrl });
  });
  afterAll(async () => {
    await catcher?.close();
    await harness?.close();
  });

  it('shows what the bot sent, and an answer through the form becomes one comment on the ticket', async () => {
    await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(readEmail('french-latin1.eml')),
    });
    const list = await eventually(async () => {
      const html = await (await fetch(catcher.webUrl)).text();
      return html.includes('Nous avons bien reçu votre demande') ? html : undefined;
    });
    const link = /href="(\/messages\/[^"]+)"/.exec(list)?.[1] ?? '';
    const view = await fetch(`${catcher.webUrl}${link}`);
    expect(view.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await view.text();
    expect(html).toContain('jeanne.lefevre@orange.example');
    const token = /name="token" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
    const answered = await fetch(`${catcher.webUrl}${link}/reply`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, answer: 'Le doublon apparaît toujours sur mon relevé.' }).toString(),
    });
    expect(answered.status).toBe(303);
    expect(decodeURIComponent(answered.headers.get('location') ?? '')).toContain('Réponse envoyée au bot');
    const [issue] = await harness.issues();
    const comment = await eventually(async () => {
      const response = await fetch(
        `${harness.standin.url}/repos/acme/support/issues/${issue?.number ?? 0}/comments`,
        { headers: { authorization: `token ${agentToken}` } },
      );
      const comments = (await response.json()) as { body: string }[];
      return comments.find((candidate) => candidate.body.startsWith(customerMessageMarker));
    });
    expect(comment.body).toContain('Le doublon apparaît toujours sur mon relevé.');
    expect(comment.body.split('<details>')[0]).not.toContain('wrote:');
  });

  it('shows hostile subjects and bodies as text, never as markup, and refuses a form without its token', async () => {
    const mailer = createSmtpMailer({ url: catcher.smtpUrl });
    await mailer.send(
      composeMail({
        template: {
          id: 'reply',
          lang: 'en',
          subject: '<script>alert(1)</script>',
          body: '<img src=x onerror=alert(2)>',
          file: 'test',
        },
        variables: {},
        automatic: false,
        from: { name: 'Support', address: 'support@cassiopee.example' },
        to: ['x@example.org'],
        replyTo: 'support@cassiopee.example',
        messageId: 'hostile-catcher@cassiopee.example',
        loopId: 'support@cassiopee.example',
      }),
    );
    mailer.close();
    const list = await (await fetch(catcher.webUrl)).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>');
    const link = /href="(\/messages\/[^"]+)">&lt;script/.exec(list)?.[1] ?? '';
    const view = await (await fetch(`${catcher.webUrl}${link}`)).text();
    expect(view).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(view).not.toContain('<img');
    const forged = await fetch(`${catcher.webUrl}${link}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=wrong&answer=hi',
    });
    expect(forged.status).toBe(400);
  });
});
