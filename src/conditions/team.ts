// `team`: the team routing gave the ticket (its `team: …` label). SLA policies only: routing sets it.
import type { ConditionKey } from './condition-key.ts';
import { describeValues } from './describe-values.ts';
import { checkIds, listOf, oneOrMany, subsetOf, type OneOrMany } from './one-or-many.ts';
import { compileValues } from './value-match.ts';

export const team: ConditionKey<'team', OneOrMany<string>, 'policy'> = {
  key: 'team',
  grammars: ['policy'],
  refused: {
    routing:
      "a routing rule cannot test the team (only SLA policies can); test the team's label instead, e.g. `label: 'team: billing'`",
  },
  schema: oneOrMany('Id of the team routing gave the ticket (its `team: …` label, from `teams.yaml`).', [
    'billing',
    ['billing', 'it'],
  ]),
  check(value, path, context) {
    checkIds(value, [...path, 'team'], context.known.teams, 'team', 'teams', context);
  },
  compile: (value) =>
    compileValues('team', listOf(value), (facts) =>
      facts.team === undefined ? undefined : { value: facts.team, source: '' },
    ),
  implies: subsetOf,
  describe: (value, context) =>
    describeValues({ fr: 'équipe {v}', en: 'team {v}' }, value, context, (id) => context.name('team', id)),
};
