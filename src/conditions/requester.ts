// `requester`: the requester's address, or its domain and sub-domains.
import type { ConditionKey } from './condition-key.ts';
import { inLanguage, orWord } from './describe-values.ts';
import { emailDomain } from './email-domain.ts';
import { listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { policyRefusal } from './policy-refusal.ts';
import { expected, quote } from './value-match.ts';

export interface RequesterMatch {
  email?: OneOrMany<string>;
  domain?: OneOrMany<string>;
}

const address = { fr: 'demandeur {v}', en: 'requester {v}' };
const atDomain = { fr: 'demandeur du domaine {v}', en: 'requester at {v}' };

export const requester: ConditionKey<'requester', RequesterMatch, 'routing'> = {
  key: 'requester',
  grammars: ['routing'],
  refused: { policy: policyRefusal('address') },
  schema: {
    type: 'object',
    description: "The requester's address or its domain.",
    properties: {
      email: {
        ...oneOrMany('Full email address of the requester, compared case-insensitively.', [
          'ceo@client.example',
        ]),
        'x-when-omitted': 'only `domain` is tested',
      },
      domain: {
        ...oneOrMany('Domain of the requester address; its subdomains match too.', ['client.example']),
        'x-when-omitted': 'only `email` is tested',
      },
    },
    additionalProperties: false,
    minProperties: 1,
    examples: [{ domain: 'client.example' }],
  },
  // Matches when the address is one of `email` or its domain one of `domain`.
  compile(value) {
    const emails = value.email === undefined ? undefined : listOf(value.email);
    const domains = value.domain === undefined ? undefined : listOf(value.domain);
    const wantedEmails = new Set(emails?.map((email) => email.toLowerCase()));
    const wantedDomains = domains?.map((domain) => domain.toLowerCase());
    // Either list may name the requester: an address or a whole domain (and its sub-domains).
    return ({ request }) => {
      const email = request.requester.email.trim().toLowerCase();
      if (emails && wantedEmails.has(email))
        return { ok: true, why: `requester email is ${expected(emails)}` };
      const domain = emailDomain(email);
      const hit = wantedDomains?.find((wanted) => domain === wanted || domain.endsWith(`.${wanted}`));
      if (hit !== undefined)
        return { ok: true, why: `requester domain ${quote(domain)} matched ${quote(hit)}` };
      const missed = [
        emails ? `email is not ${expected(emails)}` : '',
        domains ? `domain ${quote(domain)} is not ${expected(domains)}` : '',
      ].filter(Boolean);
      return { ok: false, why: `requester ${missed.join(' and ') || 'condition names no email or domain'}` };
    };
  },
  implies: (narrow, wide) => subsetOf(narrow.email, wide.email) && subsetOf(narrow.domain, wide.domain),
  describe: ({ email, domain }, { lang }) => {
    const or = ` ${inLanguage(orWord, lang)} `;
    return [
      email === undefined ? '' : inLanguage(address, lang).replace('{v}', listOf(email).join(or)),
      domain === undefined ? '' : inLanguage(atDomain, lang).replace('{v}', listOf(domain).join(or)),
    ]
      .filter(Boolean)
      .join(or);
  },
};
