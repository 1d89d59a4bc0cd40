// A call an agent logs on GitHub with the template's "Appel téléphonique" issue form (rules/forms/
// appel-telephonique.yaml, exported to .github/ISSUE_TEMPLATE/), end to end through the real bot, the GitHub
// stand-in's signed webhooks and the SMTP sink: the issue is a `phone` ticket (the routing rule on `channel:
// phone` labels it), framed in one write (facts marker, "Pour l'agent" section), its requester known from
// the form: acknowledged unless the call settled everything, and `/reply` mails them. Refused values get an
// internal note and nothing is mailed; an outsider's issue with the same form is no phone ticket.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/mail/parse-message.ts';
import { readTicketFacts } from '../../../src/tickets/markers.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';
import { postRequest, postWebhook, settle, startHarness, type Harness } from '../../support/bot-harness.ts';

interface Comment {
  body: string;
  user: { login: string };
}

let harness: Harness;
const api = agentApi(() => harness);
const visitorToken = 'visitor-token';

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

async function textOf(raw: Buffer | undefined): Promise<string> {
  const parsed = await parseMessage(raw ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.mail.text;
}

interface Call {
  email: string;
  name?: string;
  phone?: string;
  summary?: string;
  outcome: "Résolu pendant l'appel" | 'Suivi nécessaire' | 'À rappeler';
  category?: string;
}

/** The body GitHub writes for the phone form: one `### Label` section per field, in the form's order. */
function callBody(call: Call): string {
  const sections: [string, string | undefined][] = [
    ['Adresse e-mail du demandeur', call.email],
    ['Nom du demandeur', call.name],
    ['Téléphone', call.phone],
    ["Résumé de l'appel", call.summary ?? 'La cliente ne reçoit plus ses factures par e-mail.'],
    ["Issue de l'appel", call.outcome],
    ['Catégorie', call.category],
  ];
  return sections.map(([label, text]) => `### ${label}\n\n${text ?? '_No response_'}`).join('\n\n');
}

/** Opens the call's issue as `token`'s account; resolves to its number and the writes repodesk made for it. */
async function logCall(title: string, call: Call, token?: string) {
  harness.standin.resetStats();
  const created = await api<{ number: number }>(
    '/issues',
    { method: 'POST', body: JSON.stringify({ title: `[Appel] ${title}`, body: callBody(call) }) },
    token,
  );
  await settle(harness);
  const writes = harness.standin
    .writeLog()
    .filter((write) => write.login === harness.standin.botLogin)
    .map((write) => write.request);
  const issue = (await harness.issues()).find((candidate) => candidate.number === created.number)!;
  return { number: created.number, writes, issue };
}

async function botNotes(number: number): Promise<string[]> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments
    .filter((comment) => comment.user.login === harness.standin.botLogin)
    .map((comment) => comment.body);
}

const patchIssue = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';
const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

beforeAll(async () => {
  harness = await startHarness({
    standinUsers: [{ login: 'visiteur', token: visitorToken, role: 'read' }],
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('a call logged by a desk agent with the phone form', () => {
  it.each([
    ['Suivi nécessaire', 'marie.curie@example.org', 'Marie Curie'] as const,
    ['À rappeler', 'Paul.Martin@Example.org', 'Paul Martin'] as const,
  ])(
    'outcome "%s": one write frames the issue as a phone ticket, %s is acknowledged, /reply mails them',
    async (outcome, email, name) => {
      const address = email.toLowerCase();
      const { number, writes, issue } = await logCall(`Factures (${outcome})`, {
        email,
        ...(name ? { name } : {}),
        phone: '+33 1 23 45 67 89',
        outcome,
        category: 'Facturation et paiements',
      });
      expect(writes).toEqual([patchIssue]);
      expect(readTicketFacts(issue.body)).toMatchObject({ channel: 'phone', form: 'appel-telephonique' });
      // The routing rule on `channel: phone` matched; the agent's text is kept between markers and assist.
      expect(issue.labels).toContain('telephone');
      expect(issue.body).toContain(
        callBody({
          email,
          ...(name ? { name } : {}),
          phone: '+33 1 23 45 67 89',
          outcome,
          category: 'Facturation et paiements',
        }),
      );
      expect(issue.body).toMatch(/\n### Pour l’agent\n[\s\S]*$/);
      const [ack] = mailsTo(address);
      expect(ack).toBeDefined();
      expect(await textOf(ack!.raw)).toMatch(/RD-[0-9A-Z]{4}-[0-9A-Z]{4}/);

      await botWritesAfterComment(harness, number, '/reply Bonjour {{requester.name}}, c’est corrigé.');
      expect(mailsTo(address)).toHaveLength(2);
      expect(await textOf(mailsTo(address)[1]!.raw)).toContain(`Bonjour ${name}, c’est corrigé.`);
    },
  );

  it('outcome "Résolu pendant l’appel": no acknowledgement, but /reply still mails the caller', async () => {
    const address = 'jeanne.roux@example.org';
    const { number, writes, issue } = await logCall('Mot de passe réinitialisé', {
      email: address,
      name: 'Jeanne Roux',
      outcome: "Résolu pendant l'appel",
    });
    expect(writes).toEqual([patchIssue]);
    expect(readTicketFacts(issue.body)?.channel).toBe('phone');
    expect(mailsTo(address)).toHaveLength(0);
    await botWritesAfterComment(harness, number, '/reply Voici le résumé de notre appel.');
    expect(mailsTo(address)).toHaveLength(1);
    expect(await textOf(mailsTo(address)[0]!.raw)).toContain('Voici le résumé de notre appel.');
  });

  it('redelivered, the opened event changes nothing and mails nothing more', async () => {
    const address = 'redelivery@example.org';
    const { number } = await logCall('Redelivery', { email: address, outcome: 'Suivi nécessaire' });
    expect(mailsTo(address)).toHaveLength(1);
    // The same opened event again under a new delivery id (GitHub's own redelivery keeps the id, deduped earlier).
    const opened = harness.standin
      .deliveries()
      .findLast((delivery) => delivery.event === 'issues' && delivery.action === 'opened');
    harness.standin.resetStats();
    const response = await postWebhook(harness.url, 'issues', JSON.parse(opened!.payload) as unknown);
    expect(response.status).toBe(202);
    await settle(harness);
    expect(harness.standin.writeLog().filter((write) => write.login === harness.standin.botLogin)).toEqual(
      [],
    );
    expect(mailsTo(address)).toHaveLength(1);
    expect((await harness.issues()).find((issue) => issue.number === number)?.labels).toContain('telephone');
  });
});

describe('refused values in a logged call', () => {
  it.each([
    [
      'an address that is not one',
      { email: 'marie.curie<script>@example.org' },
      /« Adresse e-mail du demandeur » : « marie\.curie&lt;script&gt;@\u200d?example\.org » n’est pas une adresse électronique ; attendu : une adresse comme /,
    ],
    [
      'a plain word as the address',
      { email: 'marie' },
      /« Adresse e-mail du demandeur » : « marie » n’est pas une adresse électronique ; attendu : /,
    ],
    [
      'a phone number with script',
      { email: 'hostile.phone@example.org', phone: '<script>alert(1)</script>' },
      /« Téléphone » : « &lt;script&gt;alert\(1\)&lt;\/script&gt; » n’est pas un numéro de téléphone ; attendu : des chiffres/,
    ],
    [
      'a phone number that is a link',
      { email: 'hostile.link@example.org', phone: 'javascript:alert(1)' },
      /« Téléphone » : « javascript:alert\(1\) » n’est pas un numéro de téléphone/,
    ],
    [
      'a name with markup',
      { email: 'hostile.name@example.org', name: 'Marie <img src=x>' },
      /« Nom du demandeur » : « Marie &lt;img src=x&gt; » contient des caractères refusés dans un nom/,
    ],
  ])('%s: an internal note says which and how to fix it; nothing is mailed', async (_, given, line) => {
    const mails = harness.mail.messages.length;
    const { number, writes, issue } = await logCall(`Valeurs refusées ${given.email}`, {
      ...given,
      outcome: 'Suivi nécessaire',
    });
    expect(writes.sort()).toEqual([patchIssue, postComment].sort());
    expect(readTicketFacts(issue.body)?.channel).toBe('phone');
    const [note] = await botNotes(number);
    expect(note).toContain(
      '**Appel téléphonique** : le demandeur n’est pas enregistré et aucun e-mail n’a été envoyé, car :',
    );
    expect(note).toMatch(new RegExp(`\\n- ${line.source}`));
    expect(note).toContain('`/requester <adresse> [nom]`');
    expect(harness.mail.messages.length).toBe(mails);
    await botWritesAfterComment(harness, number, '/reply Bonjour');
    expect(harness.mail.messages.length).toBe(mails);
  });
});

describe('the phone form used by someone who may not act for the desk', () => {
  it('is a github ticket: no phone label, no markers, no requester, nothing mailed', async () => {
    const address = 'victime@example.org';
    const { writes, issue } = await logCall(
      'Faux appel',
      { email: address, outcome: 'Suivi nécessaire' },
      visitorToken,
    );
    expect(issue.labels).not.toContain('telephone');
    expect(issue.labels.some((label) => label.startsWith('team: '))).toBe(true);
    expect(readTicketFacts(issue.body)).toBeUndefined();
    expect(issue.body).toBe(callBody({ email: address, outcome: 'Suivi nécessaire' }));
    // Routing's labels and assignee only, in one write; the body stays as the visitor wrote it.
    expect(writes).toEqual([patchIssue]);
    expect(issue.assignees).toHaveLength(1);
    expect(mailsTo(address)).toHaveLength(0);
  });
});

describe('the phone form on the help site’s endpoint', () => {
  it('is no form of the help site: the submission is refused as naming an unknown form, nothing is created', async () => {
    const issues = (await harness.issues()).length;
    const response = await postRequest(harness.url, {
      form: 'appel-telephonique',
      lang: 'fr',
      requester: { name: 'Marie Curie', email: 'portal.caller@example.org' },
      fields: { 'requester-email': 'portal.caller@example.org', summary: 'x', outcome: 'Suivi nécessaire' },
      idempotencyKey: 'phone-form-on-portal-0000',
      startedAt: harness.bot.context.clock() - 60_000,
    });
    expect(response.status).toBe(422);
    const answer = (await response.json()) as { errors: { field: string; message: string }[] };
    expect(answer.errors[0]).toMatchObject({ field: 'form' });
    expect(answer.errors[0]!.message).not.toContain('appel-telephonique,');
    await settle(harness);
    expect((await harness.issues()).length).toBe(issues);
    expect(mailsTo('portal.caller@example.org')).toHaveLength(0);
  });
});
