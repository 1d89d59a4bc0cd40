// `label`: a label on the ticket.
import type { ConditionKey } from './condition-key.ts';
import { expected, quote } from './value-match.ts';
import { oneOrMany, listOf, subsetOf, type OneOrMany } from './one-or-many.ts';

export const label: ConditionKey<'label', OneOrMany<string>> = {
  key: 'label',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('A label on the ticket (set by an earlier rule, the form or an agent).', ['vip']),
  compile(value) {
    const values = listOf(value);
    const wantedText = expected(values);
    return ({ labels }) => {
      const hit = values.find((wanted) => labels.has(wanted));
      return hit === undefined
        ? { ok: false, why: `no label ${wantedText} so far` }
        : { ok: true, why: `label ${quote(hit)} is set` };
    };
  },
  implies: subsetOf,
  dependsOn: (value, changed) => listOf(value).some((label) => changed.labels.has(label)),
};
