// `team`: gives the ticket to a team of teams.yaml; a later matching rule overrides it.
import type { RoutingAction } from './routing-action.ts';

export const team: RoutingAction<'team', string> = {
  key: 'team',
  schema: {
    type: 'string',
    minLength: 1,
    description: 'Gives the ticket to a team (from `teams.yaml`).',
    'x-when-omitted': "the team is left as it is (when no rule sets one: the organisation's `defaultTeam`)",
    examples: ['billing'],
  },
  apply(value, state, { source }) {
    state.routedTeam = { value, source };
    return `team ${value}`;
  },
  check(value, path, { known, reference }) {
    reference(path, known.teams, value, 'team', 'teams');
  },
};
