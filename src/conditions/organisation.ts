// `organisation`: the requester's organisation (from customers.yaml, or as given).
import type { ConditionKey } from './condition-key.ts';
import { checkIds, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';

export const organisation: ConditionKey<'organisation', OneOrMany<string>> = {
  key: 'organisation',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('Id of the requester organisation (from `customers.yaml`).', ['acme']),
  check(value, path, context) {
    checkIds(
      value,
      [...path, 'organisation'],
      context.known.organisations,
      'organisation',
      'organisations',
      context,
    );
  },
  implies: subsetOf,
};
