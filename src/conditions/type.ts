// `type`: the ticket's type, as the form, a label or an earlier rule set it.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { compileValues } from './value-match.ts';

export const type: ConditionKey<'type', OneOrMany<string>> = {
  key: 'type',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('Ticket type id set by an earlier rule, the form or a label.', ['incident']),
  check(value, path, context) {
    checkIds(value, [...path, 'type'], context.known.types, 'type', 'types', context);
  },
  compile: (value) => compileValues('type', listOf(value), (facts) => facts.type),
  implies: subsetOf,
  dependsOn: (_value, changed) => changed.type,
  describe: (value, context) =>
    describeValues({ fr: 'type {v}', en: 'type {v}' }, value, context, (id) => context.name('type', id)),
};
