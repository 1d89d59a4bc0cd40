// `language`: the language of the ticket.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { compileValues } from './value-match.ts';

export const language: ConditionKey<'language', OneOrMany<string>> = {
  key: 'language',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('Language of the ticket (one of `desk.yaml` languages).', ['en']),
  check(value, path, context) {
    checkIds(
      value,
      [...path, 'language'],
      context.known.languages,
      'language',
      'languages (desk.yaml)',
      context,
    );
  },
  compile: (value) =>
    compileValues('language', listOf(value), (facts) =>
      facts.request.language === undefined ? undefined : { value: facts.request.language, source: '' },
    ),
  implies: subsetOf,
  describe: (value, context) => describeValues({ fr: 'langue {v}', en: 'language {v}' }, value, context),
};
