// `assign`: the strategy that picks an assignee in the team, instead of the team's own.
import { assignmentStrategies, type AssignmentStrategy } from './assignment-strategies.ts';
import type { RoutingAction } from './routing-action.ts';

export const assign: RoutingAction<'assign', AssignmentStrategy> = {
  key: 'assign',
  schema: {
    type: 'string',
    enum: assignmentStrategies,
    description: 'How to pick an assignee in the team.',
    'x-when-omitted': "the team's `assignment`",
    examples: ['least-open'],
  },
  apply(value, state, { source, sets }) {
    // Logins the same rule names win over its strategy: there is nobody left to pick.
    if (sets('assignees')) return undefined;
    state.assignment = { kind: 'strategy', strategy: value, source };
    return `assign ${value}`;
  },
};
