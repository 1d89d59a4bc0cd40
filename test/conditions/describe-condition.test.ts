// Every condition key in words, French and English, as the help site's response-times page shows a
// policy's `when` (ids named by `name`, here in capitals so that the table shows where names are used).
import { describe, expect, it } from 'vitest';
import { describeCondition } from '../../src/conditions/describe-condition.ts';
import { conditionKeys, type AnyCondition } from '../../src/conditions/index.ts';

const name = (kind: string, id: string) => `${kind}:${id.toUpperCase()}`;

const table: [AnyCondition, string, string][] = [
  [{ channel: ['web', 'email'] }, 'canal web ou email', 'channel web or email'],
  [{ sender: 'verified' }, 'expéditeur vérifié', 'sender verified'],
  [{ sender: 'unverified' }, 'expéditeur non vérifié', 'sender not verified'],
  [{ form: 'incident' }, 'formulaire incident', 'form incident'],
  [
    { subject: { contains: ['facture', 'invoice'] } },
    'objet contenant « facture » ou « invoice »',
    'subject containing "facture" or "invoice"',
  ],
  [
    { body: { matches: 'INV-\\d+' } },
    'description correspondant à /INV-\\d+/',
    'description matching /INV-\\d+/',
  ],
  [
    { text: { contains: ['vpn'], matches: 'tunnel' } },
    'texte contenant « vpn » ou texte correspondant à /tunnel/',
    'text containing "vpn" or text matching /tunnel/',
  ],
  [
    { requester: { email: 'dsi@arvel.example', domain: ['arvel.example'] } },
    'demandeur dsi@arvel.example ou demandeur du domaine arvel.example',
    'requester dsi@arvel.example or requester at arvel.example',
  ],
  [{ organisation: 'acme' }, 'société acme', 'company acme'],
  [{ tier: ['vip', 'gold'] }, 'niveau de contrat vip ou gold', 'contract tier vip or gold'],
  [{ language: 'fr' }, 'langue fr', 'language fr'],
  [
    { field: { id: 'impact', equals: "Toute l'entreprise" } },
    "champ impact égal à « Toute l'entreprise »",
    `field impact equal to "Toute l'entreprise"`,
  ],
  [{ attachments: true }, 'avec pièces jointes', 'with attachments'],
  [{ attachments: false }, 'sans pièce jointe', 'without attachments'],
  [
    { priority: ['urgent', 'high'] },
    'priorité priority:URGENT ou priority:HIGH',
    'priority priority:URGENT or priority:HIGH',
  ],
  [{ type: 'incident' }, 'type type:INCIDENT', 'type type:INCIDENT'],
  [{ label: 'vip' }, 'étiquette vip', 'label vip'],
  [{ team: 'rh' }, 'équipe team:RH', 'team team:RH'],
  [
    { severity: ['critical', 'page'] },
    'alerte de sévérité critical ou page',
    'alert of severity critical or page',
  ],
  [
    { 'alert-label': { name: 'team', equals: 'billing' } },
    'alerte dont l’étiquette team vaut billing',
    'alert whose label team is billing',
  ],
  [
    { all: [{ priority: 'urgent' }, { not: { team: 'it' } }] },
    'priorité priority:URGENT et sauf équipe team:IT',
    'priority priority:URGENT and except team team:IT',
  ],
  [
    { any: [{ channel: 'web' }, { tier: 'vip' }] },
    'canal web ou niveau de contrat vip',
    'channel web or contract tier vip',
  ],
];

describe('describeCondition', () => {
  it.each(table)('%j', (condition, fr, en) => {
    expect({
      fr: describeCondition(condition, 'fr', name),
      en: describeCondition(condition, 'en', name),
    }).toEqual({
      fr,
      en,
    });
  });

  it('a language without words reads French, the site’s reference language', () => {
    expect(describeCondition({ channel: 'web' }, 'de', name)).toBe('canal web');
  });

  it('every key has a row', () => {
    const used = new Set<string>();
    const collect = (condition: object) => {
      for (const [key, value] of Object.entries(condition)) {
        used.add(key);
        if (key === 'all' || key === 'any') (value as object[]).forEach(collect);
        if (key === 'not') collect(value as object);
      }
    };
    for (const [condition] of table) collect(condition);
    expect(conditionKeys.map((entry) => entry.key).filter((key) => !used.has(key))).toEqual([]);
  });
});
