// `form`: the request form the ticket was submitted with.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { policyRefusal } from './policy-refusal.ts';
import { compileValues } from './value-match.ts';

export const form: ConditionKey<'form', OneOrMany<string>, 'routing'> = {
  key: 'form',
  grammars: ['routing'],
  refused: { policy: policyRefusal('form') },
  schema: oneOrMany('Id of the request form the ticket was submitted with (file name in `rules/forms/`).', [
    'incident',
  ]),
  check(value, path, context) {
    checkIds(value, [...path, 'form'], context.known.forms, 'form', 'forms', context);
  },
  compile: (value) =>
    compileValues('form', listOf(value), (facts) =>
      facts.request.form === undefined ? undefined : { value: facts.request.form, source: '' },
    ),
  implies: subsetOf,
  describe: (value, context) => describeValues({ fr: 'formulaire {v}', en: 'form {v}' }, value, context),
};
