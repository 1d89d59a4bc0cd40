// `label`: a label on the ticket.
import type { ConditionKey } from './condition-key.ts';
import { oneOrMany, listOf, subsetOf, type OneOrMany } from './one-or-many.ts';

export const label: ConditionKey<'label', OneOrMany<string>> = {
  key: 'label',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('A label on the ticket (set by an earlier rule, the form or an agent).', ['vip']),
  implies: subsetOf,
  dependsOn: (value, changed) => listOf(value).some((label) => changed.labels.has(label)),
};
