// `organisation`: the requester's organisation (from customers.yaml, or as given).
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { expected, quote } from './value-match.ts';

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
  compile(value) {
    const values = listOf(value);
    const wantedText = expected(values);
    const wanted = new Set(values.map((id) => id.toLowerCase()));
    return ({ organisation: { id, how } }) => {
      if (id === undefined) return { ok: false, why: `organisation: ${how}, not ${wantedText}` };
      return wanted.has(id.toLowerCase())
        ? { ok: true, why: `organisation ${quote(id)} matched (${how})` }
        : { ok: false, why: `organisation ${quote(id)} is not ${wantedText} (${how})` };
    };
  },
  implies: subsetOf,
  describe: (value, context) => describeValues({ fr: 'société {v}', en: 'company {v}' }, value, context),
};
