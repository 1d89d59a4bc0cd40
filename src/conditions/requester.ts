// `requester`: the requester's address, or its domain and sub-domains.
import type { ConditionKey } from './condition-key.ts';
import { listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { policyRefusal } from './policy-refusal.ts';

export interface RequesterMatch {
  email?: OneOrMany<string>;
  domain?: OneOrMany<string>;
}

const lower = (values: OneOrMany<string> | undefined) => listOf(values).map((value) => value.toLowerCase());

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
  implies: (narrow, wide) =>
    subsetOf(lower(narrow.email), lower(wide.email)) && subsetOf(lower(narrow.domain), lower(wide.domain)),
};
