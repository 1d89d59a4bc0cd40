// The customer's follow page (GET /api/requests/{ref}) shows what an agent's `/reply` told them, as it was
// mailed (issue 13, "found when tried" item 4): a canned reply edited or deleted later in rules/replies/ (the
// rules reloaded) does not rewrite it, it stays in the language it was sent in whatever language the page is
// read in, a free-text reply keeps the values its variables had, and a reply whose mail the server refused
// for good is still shown (the page is where that customer can still read it).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadRules } from '../../../src/bot/watch-rules.ts';
import { loadRules } from '../../../src/rules/load-rules.ts';
import {
  incidentSubmission,
  postRequest,
  repoRoot,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi } from '../../support/agent-api.ts';

interface Ticket {
  number: number;
  ref: string;
  token: string;
  email: string;
}

let harness: Harness;
let root: string;
let tickets = 0;
const api = agentApi(() => harness);

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

const replyFile = (lang: string) => path.join(root, 'rules', 'replies', `demande-informations.${lang}.md`);

/** A request from the site in `lang`, its issue created. */
async function openTicket(lang: 'fr' | 'en'): Promise<Ticket> {
  tickets += 1;
  const email = `client.${tickets}@example.org`;
  const submission = incidentSubmission(harness.bot.context.clock(), {
    lang,
    requester: { name: 'Marie Curie', email },
  });
  if (lang === 'en')
    submission.fields = {
      ...(submission.fields as Record<string, unknown>),
      service: 'VPN and remote access',
      impact: 'I can no longer work',
    };
  const response = await postRequest(harness.url, submission);
  expect(response.status).toBe(202);
  const accepted = (await response.json()) as { ref: string; token: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, ref: accepted.ref, token: accepted.token, email };
}

async function agentComments(ticket: Ticket, body: string): Promise<void> {
  await api(`/issues/${ticket.number}/comments`, { method: 'POST', body: JSON.stringify({ body }) });
  await settle(harness);
}

/** The agents' messages on the follow page, read in `lang` (the request's own when absent). */
async function agentMessages(ticket: Ticket, lang?: string): Promise<string[]> {
  const asked = lang === undefined ? '' : `&lang=${lang}`;
  const response = await fetch(`${harness.url}/api/requests/${ticket.ref}?token=${ticket.token}${asked}`);
  expect(response.status).toBe(200);
  const page = (await response.json()) as { messages: { from: string; text: string }[] };
  return page.messages.filter((message) => message.from === 'agent').map((message) => message.text);
}

async function reload(): Promise<void> {
  expect(await reloadRules(harness.bot.context, root)).toBe('applied');
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-follow-'));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error('template rules invalid');
  harness = await startHarness({ desk: { root, rules: loaded.rules, articles: loaded.articles } });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a canned reply on the follow page', () => {
  it('stays as sent, in the language sent, after the reply file is edited and then deleted', async () => {
    const french = await openTicket('fr');
    const english = await openTicket('en');
    await agentComments(french, '/reply demande-informations');
    await agentComments(english, '/reply demande-informations\nThanks, {{requester.firstName}}.');
    expect(mailsTo(french.email)).toHaveLength(2);
    expect(mailsTo(english.email)).toHaveLength(2);
    const sentFrench = await agentMessages(french);
    const sentEnglish = await agentMessages(english);
    expect(sentFrench).toHaveLength(1);
    expect(sentFrench[0]).toContain('nous avons besoin de quelques précisions');
    expect(sentFrench[0]).toContain(`Pour avancer sur votre demande ${french.ref}`);
    expect(sentEnglish).toHaveLength(1);
    expect(sentEnglish[0]).toContain('we need a few more details');
    expect(sentEnglish[0]).toMatch(/Thanks, Marie\.$/);

    for (const lang of ['fr', 'en'])
      fs.writeFileSync(
        replyFile(lang),
        fs
          .readFileSync(replyFile(lang), 'utf8')
          .replace('quelques précisions', 'tout autre chose')
          .replace('a few more details', 'something else entirely'),
      );
    await reload();
    expect(await agentMessages(french)).toEqual(sentFrench);
    expect(await agentMessages(english)).toEqual(sentEnglish);
    // The edit is in force: a reply sent now says the new text, the earlier one still the old.
    await agentComments(french, '/reply demande-informations');
    const both = await agentMessages(french);
    expect(both).toHaveLength(2);
    expect(both[0]).toBe(sentFrench[0]);
    expect(both[1]).toContain('tout autre chose');

    fs.rmSync(replyFile('fr'));
    fs.rmSync(replyFile('en'));
    await reload();
    expect(await agentMessages(french)).toEqual(both);
    expect(await agentMessages(english)).toEqual(sentEnglish);
    expect((await agentMessages(english)).join('\n')).not.toContain('/reply');
  });

  it('read in another language than the one it was sent in, it is shown as sent', async () => {
    const french = await openTicket('fr');
    await agentComments(french, '/reply resolution');
    const own = await agentMessages(french);
    expect(own).toHaveLength(1);
    expect(await agentMessages(french, 'en')).toEqual(own);
    expect(await agentMessages(french, 'fr')).toEqual(own);
  });
});

describe('a free-text reply on the follow page', () => {
  it('keeps the values its variables had when it was sent', async () => {
    const ticket = await openTicket('fr');
    await agentComments(
      ticket,
      '/reply Bonjour {{requester.firstName}}, votre demande {{ticket.ref}} avance.',
    );
    const sent = `Bonjour Marie, votre demande ${ticket.ref} avance.`;
    expect(await agentMessages(ticket)).toEqual([sent]);
    // Another requester afterwards: what Marie was told does not change.
    await agentComments(ticket, '/requester jeanne.martin@example.org Jeanne Martin');
    expect(await agentMessages(ticket)).toEqual([sent]);
  });
});

describe('a reply whose mail failed for good', () => {
  it('is shown on the follow page, where the customer can still read it; nothing was mailed', async () => {
    const ticket = await openTicket('fr');
    harness.mail.rejectRecipient(ticket.email);
    await agentComments(ticket, '/reply Votre accès VPN est rétabli.');
    expect(mailsTo(ticket.email)).toHaveLength(1); // the acknowledgement only
    expect(harness.mail.refusedRecipients).toContain(ticket.email);
    expect(await agentMessages(ticket)).toEqual(['Votre accès VPN est rétabli.']);
  });
});
