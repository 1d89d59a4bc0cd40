// `priority`: the ticket's priority, as the form, a label or an earlier rule set it.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { compileValues } from './value-match.ts';

export const priority: ConditionKey<'priority', OneOrMany<string>> = {
  key: 'priority',
  grammars: ['routing', 'policy'],
  schema: oneOrMany('Priority id set by an earlier rule, the form or a label.', ['urgent']),
  check(value, path, context) {
    checkIds(value, [...path, 'priority'], context.known.priorities, 'priority', 'priorities', context);
  },
  compile: (value) => compileValues('priority', listOf(value), (facts) => facts.priority),
  implies: subsetOf,
  dependsOn: (_value, changed) => changed.priority,
  describe: (value, context) =>
    describeValues({ fr: 'priorité {v}', en: 'priority {v}' }, value, context, (id) =>
      context.name('priority', id),
    ),
};
