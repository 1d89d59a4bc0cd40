// `tier`: the tier of the requester's organisation.
import type { ConditionKey } from './condition-key.ts';
import { checkIds, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';

export const tier: ConditionKey<'tier', OneOrMany<string>> = {
  key: 'tier',
  grammars: ['routing', 'policy'],
  schema: oneOrMany("Id of the organisation's tier (from `customers.yaml`).", ['vip']),
  check(value, path, context) {
    checkIds(value, [...path, 'tier'], context.known.tiers, 'tier', 'tiers', context);
  },
  implies: subsetOf,
};
