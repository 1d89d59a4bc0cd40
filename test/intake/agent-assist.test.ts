// A new ticket's issue ends with a section for agents ("Pour l’agent"): the published articles the
// acknowledgement suggests, the internal articles (procedures) that match the request, and the playbooks of
// its type and category (desk.yaml `playbook:`) as checklists, all in the one write that creates the issue.
// Through the bot's form and mail paths, read back from the GitHub stand-in.

import { afterEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import { eventually, postRequest, startHarness, type Harness } from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { postMail, processed } from '../support/inbound-mail.ts';

const internalArticle = `---
title: Procédure de remboursement d'une facture en double
summary: Vérifier le double prélèvement et émettre l'avoir.
category: billing
tags: [facture, remboursement, avoir]
lang: fr
translationKey: refund-procedure
updated: 2026-10-01
visibility: internal
---

Étapes internes.
`;
/** An internal article that matches nothing the customers below write. */
const unrelatedInternal = internalArticle
  .replace("Procédure de remboursement d'une facture en double", 'Procédure VPN')
  .replace("Vérifier le double prélèvement et émettre l'avoir.", 'Réinitialiser le tunnel.')
  .replace('[facture, remboursement, avoir]', '[vpn, tunnel]')
  .replace('refund-procedure', 'vpn-procedure');

/** desk.yaml with a playbook on the type question and on the category billing. */
function withPlaybooks(desk: string): string {
  return desk
    .replace(
      "  - { id: question, label: 'type: question', name: { fr: Question, en: Question } }",
      "  - id: question\n    label: 'type: question'\n    name: { fr: Question, en: Question }\n" +
        "    playbook:\n      - { fr: 'Reformuler la question', en: 'Restate the question' }\n",
    )
    .replace(
      '    description: { fr: Factures., en: Invoices. }\n    order: 2',
      '    description: { fr: Factures., en: Invoices. }\n    order: 2\n' +
        "    playbook:\n      - { fr: 'Vérifier le compte client', en: 'Check the account' }\n" +
        "      - { fr: 'Joindre la facture', en: 'Attach the invoice' }\n",
    );
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function assistHarness(): Promise<Harness> {
  const root = deskFixture('base', {
    'rules/desk.yaml': withPlaybooks,
    'kb/fr/procedure-remboursement.md': internalArticle,
    'kb/fr/procedure-vpn.md': unrelatedInternal,
  });
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  return startHarness({ desk: { root, rules: loaded.rules, articles: loaded.articles } });
}

async function onlyIssue(h: Harness) {
  const [issue] = await eventually(async () => {
    const issues = await h.issues();
    return issues.length > 0 ? issues : undefined;
  });
  return issue!;
}

/** The body from the agents' section on. */
const section = (body: string) => body.slice(body.indexOf('### Pour l’agent'));

describe('the section for agents at the end of a new issue', () => {
  it('a form request: published and internal articles that match, the playbooks of its type and category, in one write', async () => {
    harness = await assistHarness();
    const response = await postRequest(harness.url, {
      form: 'contact',
      lang: 'fr',
      requester: { name: 'Ada Lovelace', email: 'ada@example.org' },
      fields: {
        subject: 'Facture en double',
        details: 'Ma facture est prélevée deux fois <b>@camille</b> #12, merci de rembourser.',
      },
      idempotencyKey: 'assistform'.padEnd(24, '0'),
      startedAt: harness.bot.context.clock() - 60_000,
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const issue = await onlyIssue(harness);
    expect(section(issue.body)).toBe(
      '### Pour l’agent\n\n' +
        '**Articles publiés qui pourraient répondre**\n\n' +
        '- [Obtenir une facture](http://site.test/fr/articles/facture/)\n\n' +
        '**Articles internes**\n\n' +
        "- Procédure de remboursement d'une facture en double (`kb/fr/procedure-remboursement.md`)\n\n" +
        '**Procédure : Question**\n\n' +
        '- [ ] Reformuler la question\n\n' +
        '**Procédure : Facturation**\n\n' +
        '- [ ] Vérifier le compte client\n' +
        '- [ ] Joindre la facture\n',
    );
    // The customer's text above stays inert: no HTML, no mention, no cross-reference.
    expect(issue.body).not.toContain('<b>');
    expect(issue.body).not.toMatch(/(^|[^\u200d])@camille/);
    expect(issue.body).not.toMatch(/(^|\s)#12/);
    // The section came with the issue: one write, the create.
    expect(harness.standin.stats().writes).toBe(1);
  });

  it('a mail: matched in its language; without a form, only the playbook of its type', async () => {
    harness = await assistHarness();
    const raw = Buffer.from(
      [
        'From: Ada Lovelace <ada@example.org>',
        'To: aide@lumen.example',
        'Subject: Remboursement d’une facture',
        'Message-ID: <assist-1@example.org>',
        'Date: Mon, 23 Nov 2026 08:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Language: fr',
        '',
        'Bonjour, je voudrais le remboursement de ma facture.',
        '',
      ].join('\r\n'),
    );
    await processed(harness, await postMail(harness, raw));
    const issue = await onlyIssue(harness);
    const agents = section(issue.body);
    expect(agents).toContain(
      "**Articles internes**\n\n- Procédure de remboursement d'une facture en double (`kb/fr/procedure-remboursement.md`)\n",
    );
    expect(agents).not.toContain('Procédure VPN');
    expect(agents).toContain('**Procédure : Question**\n\n- [ ] Reformuler la question\n');
    expect(agents).not.toContain('Procédure : Facturation');
    expect(harness.standin.stats().writes).toBe(1);
  });

  it('a request nothing matches and whose type has no playbook gets no section', async () => {
    harness = await assistHarness();
    harness.bot.context.rules.current = {
      ...harness.rules,
      desk: {
        ...harness.rules.desk,
        types: harness.rules.desk.types.map(({ playbook: _playbook, ...type }) => type),
        categories: harness.rules.desk.categories.map(({ playbook: _playbook, ...category }) => category),
      },
    };
    const response = await postRequest(harness.url, {
      form: 'contact',
      lang: 'fr',
      requester: { name: 'Ada Lovelace', email: 'ada@example.org' },
      fields: { subject: 'Livraison retardée', details: 'Le colis n’est pas arrivé.' },
      idempotencyKey: 'assistnone'.padEnd(24, '0'),
      startedAt: harness.bot.context.clock() - 60_000,
    });
    expect(response.status).toBe(202);
    const issue = await onlyIssue(harness);
    expect(issue.body).not.toContain('Pour l’agent');
  });
});
