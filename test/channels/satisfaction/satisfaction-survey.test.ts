// The satisfaction survey end to end (issue 15, CSAT) through the real bot, the GitHub stand-in's signed
// webhooks and the SMTP sink: the reply that resolves a ticket mails two signed links; opening one changes
// nothing (a mail scanner's fetch), its confirm page's POST records the rating and shows it on the issue as
// one note (one write), a second click changes it by editing that note (one write), the same click again
// writes nothing; an expired or tampered link gets a clear page; an opted-out form or organisation, a robot
// or a bounced address gets no survey; the help site's comment reaches the note.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  siteOrigin,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi } from '../../support/agent-api.ts';
import { rawMail } from '../../support/email-fixtures.ts';

interface Ticket {
  number: number;
  ref: string;
  email: string;
}
interface Comment {
  id: number;
  body: string;
  user: { login: string };
}

let harness: Harness;
let tickets = 0;
/** Days the bot's clock is moved ahead of office hours (expired links). */
let shiftMs = 0;
const dayMs = 86_400_000;
const start = Date.parse('2026-11-23T08:30:00Z') - Date.now();

const api = agentApi(() => harness);
const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<{ text: string; html: string }> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return { text: parsed.mail.text, html: parsed.mail.html ?? '' };
}

/** A customer's request from the site, its issue created and acknowledged. */
async function openTicket(overrides: Record<string, unknown> = {}, email?: string): Promise<Ticket> {
  tickets += 1;
  const address = email ?? `marie.${tickets}@example.org`;
  const response = await postRequest(
    harness.url,
    incidentSubmission(harness.bot.context.clock(), {
      requester: { name: 'Marie Curie', email: address },
      ...overrides,
    }),
  );
  expect(response.status).toBe(202);
  const accepted = (await response.json()) as { ref: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, ref: accepted.ref, email: address };
}

async function agentComments(ticket: Ticket, body: string): Promise<void> {
  await api(`/issues/${ticket.number}/comments`, { method: 'POST', body: JSON.stringify({ body }) });
  await settle(harness);
}

/** The survey links of the last mail `ticket`'s requester got (the bot's public URL replaced by its address). */
async function surveyLinks(ticket: Ticket): Promise<{ good: string; bad: string } | undefined> {
  const { text } = await textOf(mailsTo(ticket.email).at(-1)?.raw);
  const link = (rating: string) =>
    text
      .match(new RegExp(`http://bot\\.test/api/satisfaction/${ticket.ref}/${rating}\\?token=[\\w.-]+`))?.[0]
      ?.replace('http://bot.test', harness.url);
  const good = link('good');
  const bad = link('bad');
  return good && bad ? { good, bad } : undefined;
}

/** The bot's satisfaction notes on the issue. */
async function satisfactionNotes(ticket: Ticket): Promise<Comment[]> {
  const comments = await api<Comment[]>(`/issues/${ticket.number}/comments`);
  return comments.filter(
    (comment) =>
      comment.user.login === harness.standin.botLogin && comment.body.includes('repodesk:satisfaction'),
  );
}

/** POSTs the confirm page's form (what its button and script do); resolves to the answer and the bot's writes. */
async function click(url: string): Promise<{ response: Response; writes: string[] }> {
  harness.standin.resetStats();
  const response = await fetch(url, { method: 'POST', redirect: 'manual' });
  await settle(harness);
  const writes = harness.standin
    .writeLog()
    .filter((write) => write.login === harness.standin.botLogin)
    .map((write) => write.request);
  return { response, writes };
}

beforeAll(async () => {
  harness = await startHarness({ clock: () => Date.now() + start + shiftMs });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('the resolution mail', () => {
  it('carries two signed links, good and bad, in its text and its HTML, in the ticket’s language', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const mail = await textOf(mailsTo(ticket.email).at(-1)?.raw);
    expect(mail.text).toContain('Êtes-vous satisfait de notre réponse ? Un clic suffit :');
    expect(mail.text).toMatch(
      /- Oui, satisfait : http:\/\/bot\.test\/api\/satisfaction\/RD-[\w-]+\/good\?token=/,
    );
    expect(mail.text).toMatch(
      /- Non, pas satisfait : http:\/\/bot\.test\/api\/satisfaction\/RD-[\w-]+\/bad\?token=/,
    );
    expect(mail.html).toContain(`href="http://bot.test/api/satisfaction/${ticket.ref}/good?token=`);
    expect(await surveyLinks(ticket)).toBeDefined();
  });

  it('is in English for an English ticket', async () => {
    const french = incidentSubmission(0).fields as Record<string, unknown>;
    const ticket = await openTicket({
      lang: 'en',
      fields: { ...french, service: 'VPN and remote access', impact: 'I can no longer work' },
    });
    await agentComments(ticket, '/reply resolution');
    const { text } = await textOf(mailsTo(ticket.email).at(-1)?.raw);
    expect(text).toContain('Are you satisfied with our answer? One click is enough:');
    expect(text).toContain('- Yes, satisfied: http://bot.test/api/satisfaction/');
  });

  it.each([
    ['a free-text reply (the ticket waits for the customer)', '/reply Pouvez-vous redémarrer le poste ?'],
    ['a canned reply that does not resolve', '/reply demande-informations'],
  ])('is only the one that resolves: %s has no survey', async (_case, comment) => {
    const ticket = await openTicket();
    await agentComments(ticket, comment);
    expect(mailsTo(ticket.email)).toHaveLength(2);
    const { text } = await textOf(mailsTo(ticket.email).at(-1)?.raw);
    expect(text).not.toContain('/api/satisfaction/');
    expect(text).not.toContain('Un clic suffit');
  });
});

describe('a click on a survey link', () => {
  it('bad, then good: one note (one write), then the same note edited (one write), then nothing', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const links = (await surveyLinks(ticket))!;

    // Opening the link (a person, or a mail scanner) shows a confirm page and records nothing.
    harness.standin.resetStats();
    const page = await fetch(links.bad);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain(`Enregistrer votre avis sur la demande ${ticket.ref} : pas satisfait ?`);
    expect(html).toContain(
      '<form id="rate" method="post" action=""><button type="submit">Envoyer mon avis</button>',
    );
    expect(page.headers.get('content-security-policy')).toMatch(
      /script-src 'sha256-[\w+/=]+'; form-action 'self'/,
    );
    await settle(harness);
    expect(harness.standin.writeLog()).toEqual([]);
    expect(await satisfactionNotes(ticket)).toEqual([]);

    const bad = await click(links.bad);
    expect(bad.response.status).toBe(303);
    const location = new URL(bad.response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${siteOrigin}/fr/satisfaction/`);
    expect(location.searchParams.get('ref')).toBe(ticket.ref);
    expect(location.searchParams.get('rating')).toBe('bad');
    expect(bad.writes).toEqual(['POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    let notes = await satisfactionNotes(ticket);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('**Satisfaction client** : 👎 pas satisfait');

    const good = await click(links.good);
    expect(good.response.status).toBe(303);
    expect(good.writes).toEqual(['PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}']);
    notes = await satisfactionNotes(ticket);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('**Satisfaction client** : 👍 satisfait');

    const again = await click(links.good);
    expect(again.response.status).toBe(303);
    expect(again.writes).toEqual([]);
    expect(await satisfactionNotes(ticket)).toHaveLength(1);
  });

  it('the help site’s comment is added to the same note (one edit)', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const links = (await surveyLinks(ticket))!;
    await click(links.good);
    const token = new URL(links.good).searchParams.get('token')!;
    harness.standin.resetStats();
    const response = await fetch(`${harness.url}/api/satisfaction/${ticket.ref}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: siteOrigin },
      body: JSON.stringify({ token, comment: 'Très rapide, merci @everyone !' }),
    });
    expect(response.status).toBe(204);
    await settle(harness);
    const writes = harness.standin.writeLog().filter((write) => write.login === harness.standin.botLogin);
    expect(writes).toHaveLength(1);
    const notes = await satisfactionNotes(ticket);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('Commentaire du client (sur le site d’aide) :');
    expect(notes[0]!.body).toContain('Très rapide, merci');
    expect(notes[0]!.body).not.toContain(' @everyone');
  });

  it('/erase takes the customer’s comment out of the note and the store; the rating stays', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const links = (await surveyLinks(ticket))!;
    await click(links.bad);
    const token = new URL(links.bad).searchParams.get('token')!;
    const response = await fetch(`${harness.url}/api/satisfaction/${ticket.ref}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: siteOrigin },
      body: JSON.stringify({ token, comment: 'Je suis Marie Curie, joignable au 06 12 34 56 78.' }),
    });
    expect(response.status).toBe(204);
    await settle(harness);
    expect((await satisfactionNotes(ticket))[0]!.body).toContain('06 12 34 56 78');
    await agentComments(ticket, '/erase');
    const notes = await satisfactionNotes(ticket);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('👎 pas satisfait');
    expect(notes[0]!.body).not.toContain('06 12 34 56 78');
    const stored = await harness.bot.context.satisfaction.get(ticket.ref);
    expect(stored).toMatchObject({ rating: 'bad' });
    expect(stored?.comment).toBeUndefined();
  });

  it.each([
    ['an empty comment', { comment: '  ' }, 422, 'expected the text of the comment; found none'],
    [
      'a comment over 2000 characters',
      { comment: 'x'.repeat(2001) },
      422,
      'at most 2000 characters; found 2001: shorten it',
    ],
    ['a tampered token', { comment: 'ok', token: 'abc.defghijklmnopqrstuvw' }, 403, 'survey link unusable'],
  ])('the comment is refused for %s', async (_case, body, status, text) => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const links = (await surveyLinks(ticket))!;
    await click(links.bad);
    const token = new URL(links.bad).searchParams.get('token')!;
    const response = await fetch(`${harness.url}/api/satisfaction/${ticket.ref}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: siteOrigin },
      body: JSON.stringify({ token, ...body }),
    });
    expect(response.status).toBe(status);
    expect(JSON.stringify(await response.json())).toContain(text);
  });
});

describe('an unusable survey link gets a clear page and records nothing', () => {
  it.each([
    [
      'a changed token',
      (url: string) =>
        url.replace(/token=(.)/, (_all, first: string) => `token=${first === 'a' ? 'b' : 'a'}`),
      403,
      'Ce lien d’enquête n’est pas valide : il a peut-être été coupé ou modifié.',
    ],
    ['a cut token', (url: string) => url.slice(0, -5), 403, 'Ce lien d’enquête n’est pas valide'],
    [
      'another ticket’s reference',
      (url: string) => url.replace(/RD-[\w]{4}-[\w]{4}/, 'RD-0000-0000'),
      403,
      'Ce lien d’enquête n’est pas valide',
    ],
    [
      'a rating that is neither good nor bad',
      (url: string) => url.replace('/good?', '/great?'),
      404,
      '« great » n’est pas un avis : le lien doit finir par /good ou /bad.',
    ],
  ])('%s', async (_case, change, status, text) => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const url = change((await surveyLinks(ticket))!.good);
    const page = await fetch(url);
    expect(page.status).toBe(status);
    expect(await page.text()).toContain(text);
    const { response, writes } = await click(url);
    expect(response.status).toBe(status);
    expect(writes).toEqual([]);
    expect(await satisfactionNotes(ticket)).toEqual([]);
  });

  it('a link older than 30 days has expired', async () => {
    const ticket = await openTicket();
    await agentComments(ticket, '/reply resolution');
    const links = (await surveyLinks(ticket))!;
    shiftMs = 29 * dayMs;
    try {
      expect((await fetch(links.good)).status).toBe(200);
      shiftMs = 31 * dayMs;
      const page = await fetch(links.good);
      expect(page.status).toBe(410);
      expect(await page.text()).toContain(
        `Ce lien d’enquête sur la demande ${ticket.ref} a expiré (il est valable 30 jours après le courriel de résolution).`,
      );
      const { response, writes } = await click(links.bad);
      expect(response.status).toBe(410);
      expect(writes).toEqual([]);
    } finally {
      shiftMs = 0;
    }
  });
});

describe('who gets the survey, and who does not', () => {
  const hrFields = {
    objet: 'Attestation employeur pour ma banque',
    type_demande: 'Attestation employeur',
    matricule: 'A12345',
    periode: '',
    details: 'Il me faut une attestation employeur pour un dossier de prêt.',
    confidentialite: [true],
  };

  it.each([
    ['the incident form gets the survey', { form: 'incident' }, true],
    [
      'a form that opted out (survey: false in rules/forms/demande-rh.yaml) gets none',
      { form: 'demande-rh', fields: hrFields },
      false,
    ],
  ])('%s', async (_case, submission, surveyed) => {
    const ticket = await openTicket(submission);
    await agentComments(ticket, '/reply resolution');
    expect(mailsTo(ticket.email)).toHaveLength(2);
    expect((await surveyLinks(ticket)) !== undefined).toBe(surveyed);
  });

  it.each([
    [
      'an organisation that did not opt out (hopital-sainte-marthe) gets the survey',
      'anne.roy@sainte-marthe.example',
      true,
    ],
    [
      'an organisation that opted out (banque-arvel in rules/customers.yaml) gets none',
      'paul.durand@banque-arvel.example',
      false,
    ],
    ['a no-reply address gets none', 'no-reply@example.org', false],
    ['a mailer-daemon address gets none', 'mailer-daemon@example.org', false],
  ])('%s', async (_case, email, surveyed) => {
    const ticket = await openTicket({}, email);
    await agentComments(ticket, '/reply resolution');
    const last = await textOf(mailsTo(ticket.email).at(-1)?.raw);
    expect(last.text).toContain(ticket.ref);
    expect((await surveyLinks(ticket)) !== undefined).toBe(surveyed);
  });

  it.each([
    ['a person’s mail gets the survey', [], true],
    [
      'an auto-responder’s mail (Auto-Submitted: auto-generated) gets none',
      ['Auto-Submitted: auto-generated'],
      false,
    ],
    ['a bulk sender’s mail (Precedence: bulk) gets none', ['Precedence: bulk'], false],
  ])('a ticket opened by %s', async (_case, headers, surveyed) => {
    tickets += 1;
    const email = `sender.${tickets}@client.example`;
    const subject = `Imprimante en panne ${tickets}`;
    const before = (await harness.issues()).length;
    const response = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(rawMail({ from: email, subject, headers })),
    });
    expect(response.status).toBe(200);
    await settle(harness);
    const issues = await harness.issues();
    expect(issues).toHaveLength(before + 1);
    const issue = issues.find((candidate) => candidate.title === subject)!;
    const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(issue.body)![1]!;
    const ticket = { number: issue.number, ref, email };
    await agentComments(ticket, '/reply resolution');
    expect((await textOf(mailsTo(email).at(-1)?.raw)).text).toContain(ref);
    expect((await surveyLinks(ticket)) !== undefined).toBe(surveyed);
  });
});
