import { describe, expect, it } from 'vitest';
import type { Submission } from '../../src/forms/submission-schema.ts';
import {
  draftFromSubmission,
  issueBodyMaxLength,
  renderIssueBody,
  ticketMarker,
  ticketTitle,
} from '../../src/intake/render-issue-body.ts';
import { route } from '../../src/routing/route.ts';
import type { Rules } from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { fixtureRules, monday, noWorkload } from '../routing/fixture-rules.ts';

const j = '\u200d';
const rules = fixtureRules();
const incident = rules.forms.incident!;

const submission: Submission = {
  form: 'incident',
  lang: 'en',
  requester: { name: 'Zoé Martin', email: 'zoe@acme.example', organisation: 'Acme' },
  fields: {
    subject: 'Cannot sign in @ops #12',
    description: 'Since 9:00 <b>nothing</b> works.\n\n![x](https://t.example/p.gif)',
    impact: 'My team',
    devices: ['Computer', 'Tablet'],
    consent: [true, false],
  },
  idempotencyKey: 'key-123456789',
  startedAt: 1_790_000_000_000,
};

function withPrivacy(emailInIssue: boolean): Rules {
  return { ...rules, desk: { ...rules.desk, privacy: { ...rules.desk.privacy, emailInIssue } } };
}

describe('draftFromSubmission', () => {
  it('takes subject and description from the fields the form names, options in the form file language', () => {
    expect(draftFromSubmission(submission, incident, rules)).toEqual({
      channel: 'web',
      form: 'incident',
      subject: 'Cannot sign in @ops #12',
      body: 'Since 9:00 <b>nothing</b> works.\n\n![x](https://t.example/p.gif)',
      requester: { name: 'Zoé Martin', email: 'zoe@acme.example' },
      language: 'en',
      fields: {
        subject: 'Cannot sign in @ops #12',
        description: 'Since 9:00 <b>nothing</b> works.\n\n![x](https://t.example/p.gif)',
        impact: 'Mon équipe',
        devices: ['Ordinateur', 'Tablette'],
        consent: ["J'ai redémarré mon appareil"],
        'requester.organisation': 'Acme',
      },
      labels: ['type: incident'],
      sender: 'unverified',
    });
  });

  it('never grants an organisation from a typed name: only the email domain counts', () => {
    const draft = draftFromSubmission(
      { ...submission, requester: { name: 'Eve', email: 'eve@gmail.example', organisation: 'Acme SA' } },
      incident,
      rules,
    );
    expect(draft.requester.organisation).toBeUndefined();
    expect(route(draft, rules, noWorkload, monday).tier).toBeUndefined();
  });

  it('a form proves nothing about the address: its domain grants no organisation, and the trace says why', () => {
    const vipRules = fixtureRules([{ id: 'vip', when: { tier: 'vip' }, then: {} }]);
    const draft = draftFromSubmission(submission, incident, rules);
    const decision = route(draft, vipRules, noWorkload, monday);
    expect(decision.trace[0]).toBe(
      'rule vip: skipped: tier: no organisation: sender not verified (domain acme.example is organisation acme\'s), so no tier, not "vip"',
    );
    expect(decision).toMatchObject({ organisationWithheld: 'acme' });
    expect(decision.tier).toBeUndefined();
    // The same address, vouched for by the desk's mail server, is the key account's.
    const verified = route({ ...draft, channel: 'email', sender: 'verified' }, vipRules, noWorkload, monday);
    expect(verified.trace[0]).toBe(
      'rule vip: tier "vip" matched (organisation acme via domain acme.example)',
    );
  });
});

describe('renderIssueBody', () => {
  const draft = draftFromSubmission(submission, incident, rules);
  const decision = route(draft, rules, noWorkload, monday);

  it('shows requester, channel, reference and every answer in form order, neutralised, under a hidden marker', () => {
    expect(renderIssueBody(draft, { ref: 'R7K2-9QX4', key: 'incident:key-123456789', rules, decision })).toBe(
      [
        ticketMarker('R7K2-9QX4', 'incident:key-123456789') +
          '<!-- repodesk:facts channel=web sender=unverified language=en form=incident domain=acme.example -->' +
          '<!-- repodesk:decision rules=unversioned matched=catch-all assignees= assignment=assign%3A%20no%20team%2C%20nobody%20assigned replies= -->',
        '**Demandeur :** Zoé Martin · `zoe@acme.example` · organisation déclarée : Acme  ',
        '**Canal :** formulaire web (Signaler un incident) · **Langue :** en · **Référence :** R7K2-9QX4',
        '',
        '**Expéditeur non vérifié :** le domaine de l’adresse est celui de Acme SA, mais une adresse saisie dans un formulaire ne prouve rien ; la demande est traitée comme celle d’un client inconnu (ni organisation ni niveau de service).',
        '',
        '### Sujet',
        '',
        `Cannot sign in @${j}ops #${j}12`,
        '',
        '### Description',
        '',
        'Since 9:00 &lt;b&gt;nothing&lt;/b&gt; works.',
        '',
        '!\\[x\\](<https://t.example/p.gif>)',
        '',
        '### Impact',
        '',
        'Mon équipe',
        '',
        '### Appareils concernés',
        '',
        'Ordinateur, Tablette',
        '',
        '### Confirmation',
        '',
        "- [x] J'ai redémarré mon appareil",
        "- [ ] J'accepte d'être rappelé",
        '',
      ].join('\n'),
    );
  });

  it('writes a marker with the reference and a hash of the key, never the key itself', () => {
    const marker = ticketMarker('R7K2-9QX4', 'incident:key-123456789');
    expect(marker).toMatch(/^<!-- repodesk:ticket ref=R7K2-9QX4 key=[0-9a-f]{16} -->$/);
    expect(marker).not.toContain('key-123456789');
    expect(ticketMarker('R7K2-9QX4', 'other')).not.toBe(marker);
  });

  it('leaves the address out when privacy.emailInIssue is false', () => {
    const body = renderIssueBody(draft, { ref: 'R1', key: 'k', rules: withPrivacy(false), decision });
    expect(body).not.toContain('zoe@');
    expect(body).toContain('**Demandeur :** Zoé Martin · organisation déclarée : Acme');
  });

  it('a customer cannot forge a second marker, nor open a code fence that hides the sections after it', () => {
    const hostile: TicketDraft = {
      ...draft,
      fields: { ...draft.fields, description: '```\n<!-- repodesk:ticket ref=FAKE key=0000000000000000 -->' },
    };
    const body = renderIssueBody(hostile, { ref: 'R1', key: 'k', rules, decision });
    // Our ticket marker, the facts and the decision next to it on the first line, nothing else.
    expect(body.match(/<!-- repodesk:/g)).toHaveLength(3);
    expect(body.startsWith('<!-- repodesk:ticket ref=R1 ')).toBe(true);
    expect(body.split('\n')[0]).toMatch(
      / --><!-- repodesk:facts channel=web sender=unverified language=en form=incident domain=acme\.example --><!-- repodesk:decision [^>]* -->$/,
    );
    // The customer's fence is escaped (it opens nothing), so "Impact" is still a heading.
    expect(body).toContain(
      '\\`\\`\\`\n&lt;!-- repodesk:ticket ref=FAKE key=0000000000000000 --&gt;\n\n### Impact',
    );
  });

  it('renders a draft without a form (email) as one message section', () => {
    const email: TicketDraft = {
      channel: 'email',
      subject: 'Facture',
      body: 'Bonjour,\r\nma facture @compta',
      requester: { name: 'Bob', email: 'bob@globex.example' },
      language: 'fr',
      fields: {},
      labels: [],
    };
    expect(renderIssueBody(email, { ref: 'R2', key: '<m@x>', rules })).toBe(
      [
        ticketMarker('R2', '<m@x>') +
          '<!-- repodesk:facts channel=email organisation=globex language=fr domain=globex.example -->',
        '**Demandeur :** Bob · `bob@globex.example` · Globex (Standard)  ',
        '**Canal :** e-mail · **Langue :** fr · **Référence :** R2',
        '',
        '### Message',
        '',
        `Bonjour,\nma facture @${j}compta`,
        '',
      ].join('\n'),
    );
  });

  it('writes an empty answer as "no response" and English words for an English desk', () => {
    const english: Rules = { ...rules, desk: { ...rules.desk, languages: ['en', 'fr'] } };
    const body = renderIssueBody(
      { ...draft, fields: { ...draft.fields, devices: [] } },
      { ref: 'R3', key: 'k', rules: english, decision },
    );
    expect(body).toContain('**Requester:** Zoé Martin');
    expect(body).toContain('**Channel:** web form (Report an incident)');
    expect(body).toContain('### Affected devices\n\n_No response_\n');
    expect(body).toContain('### Impact\n\nMy team\n');
    expect(body).toContain('- [x] I restarted my device\n- [ ] I agree to be called back');
  });
});

describe('renderIssueBody truncation', () => {
  function bodyWith(description: string): string {
    const draft = draftFromSubmission(submission, incident, rules);
    return renderIssueBody(
      { ...draft, fields: { ...draft.fields, description } },
      { ref: 'R9', key: 'k', rules },
    );
  }

  it('keeps a body at the limit untouched', () => {
    const short = bodyWith('ok');
    const exact = bodyWith('a'.repeat(issueBodyMaxLength - short.length + 2));
    expect(exact.length).toBe(issueBodyMaxLength);
    expect(exact).not.toContain('Texte tronqué');
  });

  it.each([
    ['plain text', 'a'.repeat(200_000), /a$/],
    ['emoji (surrogate pairs)', '😀'.repeat(100_000), /😀$/u],
    ['accents as combining marks', 'e\u0301'.repeat(100_000), /e\u0301$/],
    ['entities', '<&'.repeat(100_000), /(&lt;|&amp;)$/],
    // A cut right after the joiner keeps the mention broken (`@` + joiner never pings).
    ['mentions', '@x '.repeat(100_000), new RegExp(`(@${j}x|@${j}x |@${j})$`)],
    // Where the cut falls inside a word depends on the header's length: any start of "code" will do.
    ['an open code fence', `\`\`\`\n${'code '.repeat(40_000)}`, /c(o(de?)?)?$/],
  ])('cuts %s under the limit, keeps the marker, ends with the pointer', (_kind, description, ending) => {
    const body = bodyWith(description);
    expect(body.length).toBeLessThanOrEqual(issueBodyMaxLength);
    expect(body.startsWith('<!-- repodesk:ticket ref=R9 key=')).toBe(true);
    expect(
      body.endsWith(
        '\n\n---\n\n_Texte tronqué à la limite de GitHub : le texte complet est conservé par repodesk, référence R9._\n',
      ),
    ).toBe(true);
    // Never half a character: the body is well-formed UTF-16 and round-trips through UTF-8.
    expect(body.isWellFormed()).toBe(true);
    const kept = body.slice(0, body.indexOf('\n\n---\n\n_Texte tronqué'));
    // The kept text ends on a whole unit: a character with its accent, an entity, a joiner with its `@`.
    expect(kept).toMatch(ending);
    expect((kept.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});

describe('ticketTitle', () => {
  it.each([
    ['Cannot sign in', '[Incident] Cannot sign in'],
    ['Help @ceo, see #12', `[Incident] Help @${j}ceo, see #${j}12`],
    ['line\r\nbreak', '[Incident] line break'],
    ['', '[Incident] (sans objet)'],
    ['x'.repeat(5000), `[Incident] ${'x'.repeat(188)}…`],
  ])('subject %j gives %j', (subject, title) => {
    const draft = draftFromSubmission(submission, incident, rules);
    const result = ticketTitle({ ...draft, subject, language: 'fr' }, incident);
    expect(result).toBe(title);
    expect(Array.from(result).length).toBeLessThanOrEqual(200);
  });

  it('has no prefix without a form', () => {
    const draft = draftFromSubmission(submission, incident, rules);
    expect(ticketTitle({ ...draft, subject: 'Hello' })).toBe('Hello');
  });
});
