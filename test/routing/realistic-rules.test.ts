// Routes realistic requests through the shipped rules/ folder (the Cassiopée template), from a form
// submission or an email draft to the decision and the issue body, as the bot does.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldTexts } from '../../src/forms/field-texts.ts';
import { validateSubmission } from '../../src/forms/validate-submission.ts';
import { draftFromSubmission, renderIssueBody } from '../../src/intake/render-issue-body.ts';
import { route } from '../../src/routing/route.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Monday 2026-11-23, 11:00 in Paris. */
const monday = new Date('2026-11-23T10:00:00Z');
let rules: Rules;

beforeAll(async () => {
  const loaded = await loadRules(root, { now: monday });
  expect(loaded.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  rules = loaded.rules!;
});

function email(subject: string, body: string, from: string): TicketDraft {
  return {
    channel: 'email',
    subject,
    body,
    requester: { name: 'X', email: from },
    language: 'fr',
    fields: {},
    labels: [],
  };
}

describe('the shipped rules route realistic requests', () => {
  it('a phishing report goes straight to the security officer, urgent, with the security reply', () => {
    const decision = route(
      email(
        'Mail bizarre',
        "J'ai reçu un courriel frauduleux qui imite notre banque",
        'paul@lefevre-avocats.example',
      ),
      rules,
      { openByAgent: {}, lastAssigned: {} },
      monday,
    );
    expect(decision).toMatchObject({
      priority: 'urgent',
      type: 'incident',
      team: 'informatique',
      assignees: ['yann-le-goff'],
      replies: ['signalement-securite'],
      matched: ['securite-hameconnage'],
    });
  });

  it('an out-of-office reply is parked at low priority with nobody assigned', () => {
    const decision = route(
      email(
        'Réponse automatique : absence du bureau',
        'Je suis absent jusqu’au 30.',
        'a@atelier-boisset.example',
      ),
      rules,
      { openByAgent: {}, lastAssigned: {} },
      monday,
    );
    expect(decision).toMatchObject({ priority: 'low', assignees: [], matched: ['reponses-automatiques'] });
  });

  it('an angry key account is raised by keywords and tier, whatever the accents', () => {
    const decision = route(
      email(
        'SERVICE INDISPONIBLE',
        'Plus rien ne fonctionne, c’est INACCEPTABLE',
        'dsi@banque-arvel.example',
      ),
      rules,
      { openByAgent: {}, lastAssigned: {} },
      monday,
    );
    expect(decision.priority).toBe('urgent');
    expect(decision.labels).toContain('client: vip');
    expect(decision.matched).toContain('mots-cles-urgence');
  });

  it('a disputed invoice from the form goes to billing, to the agent with fewer open tickets', () => {
    const payload = {
      form: 'question-facturation',
      lang: 'fr',
      requester: {
        name: 'Marie Curie',
        email: 'marie@achats-lycees-loire.example',
        organisation: 'Lycées Loire',
      },
      fields: {
        sujet: 'Facture F-2026-0042 trop élevée @compta',
        numero_facture: 'F-2026-0042',
        motif: 'Je conteste le montant facturé',
        montant: '1 250,00',
        question: 'Le montant ne correspond pas au devis.',
      },
      idempotencyKey: 'abcdefgh1234',
      startedAt: 1_790_000_000_000,
    };
    const form = rules.forms['question-facturation']!;
    const validated = validateSubmission(form, 'question-facturation', 'fr', payload);
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const draft = draftFromSubmission(validated.submission, form, rules);
    const decision = route(
      draft,
      rules,
      { openByAgent: { 'sophie-garnier': 7, 'antoine-girard': 2 }, lastAssigned: {} },
      monday,
    );
    expect(decision).toMatchObject({ priority: 'high', team: 'facturation', assignees: ['antoine-girard'] });
    expect(decision.matched).toEqual(expect.arrayContaining(['facturation-litige', 'facturation']));
    expect(decision.labels).toEqual(
      expect.arrayContaining(['status: new', 'priority: high', 'team: facturation', 'litige']),
    );

    const body = renderIssueBody(draft, {
      ref: 'R-LOIRE',
      key: 'question-facturation:abcdefgh1234',
      rules,
      decision,
    });
    expect(body).toMatch(
      /^<!-- repodesk:ticket ref=R-LOIRE key=[0-9a-f]{16} --><!-- repodesk:facts channel=web sender=unverified language=fr form=question-facturation domain=achats-lycees-loire\.example --><!-- repodesk:decision rules=unversioned matched=facturation-litige,facturation team=facturation assignees=antoine-girard assignment=\S+ replies= -->\n/,
    );
    // A form proves nothing about the address typed in it: the domain grants no organisation, and agents read why.
    expect(decision.tier).toBeUndefined();
    expect(body).toContain(
      "**Expéditeur non vérifié :** le domaine de l’adresse est celui de Lycées de la région Loire (centrale d'achat), mais une adresse saisie dans un formulaire ne prouve rien",
    );
    expect(body).toContain('Je conteste le montant facturé');
    expect(body).not.toContain('@compta');
  });

  it('an incident filled in English matches rules written against the French options', () => {
    const form = rules.forms.incident!;
    const fields: Record<string, string | boolean[]> = {};
    for (const field of fieldTexts(form, 'en')) {
      if (field.type === 'checkboxes') fields[field.id] = field.options.map(() => true);
      else if (field.type === 'dropdown') fields[field.id] = field.options[0]!;
      else fields[field.id] = 'Everything is down for us';
    }
    fields.impact = 'My whole department is blocked';
    const payload = {
      form: 'incident',
      lang: 'en',
      requester: { name: 'Tom', email: 'tom@thames-office.example' },
      fields,
      idempotencyKey: 'abcdefgh5678',
      startedAt: 1_790_000_000_000,
    };
    const validated = validateSubmission(form, 'incident', 'en', payload);
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const draft = draftFromSubmission(validated.submission, form, rules);
    expect(draft.fields.impact).toBe('Tout mon service est bloqué');
    const decision = route(draft, rules, { openByAgent: {}, lastAssigned: {} }, monday);
    expect(decision.matched).toContain('incident-bloquant');
    expect(decision.priority).toBe('urgent');
    expect(decision.tags).toContain('anglais');
  });
});
