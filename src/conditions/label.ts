// `label`: a label on the ticket.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { oneOrMany, listOf, subsetOf, type OneOrMany } from './one-or-many.ts';
import { expected, quote } from './value-match.ts';

export const label: ConditionKey<'label', OneOrMany<string>> = {
  key: 'label',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('A label on the ticket (set by an earlier rule, the form or an agent).', ['vip']),
  compile(value) {
    const values = listOf(value);
    const wantedText = expected(values);
    const wanted = values.map((value) => value.toLowerCase());
    // GitHub labels are case-insensitive: `VIP` on the issue is the label `vip`.
    return ({ labels }) => {
      let first = -1;
      for (const present of labels) {
        const index = wanted.indexOf(present.toLowerCase());
        if (index !== -1 && (first === -1 || index < first)) first = index;
      }
      const hit = values[first];
      return hit === undefined
        ? { ok: false, why: `no label ${wantedText} so far` }
        : { ok: true, why: `label ${quote(hit)} is set` };
    };
  },
  implies: subsetOf,
  dependsOn: (value, changed) => listOf(value).some((label) => changed.labels.has(label)),
  describe: (value, context) => describeValues({ fr: 'étiquette {v}', en: 'label {v}' }, value, context),
};
