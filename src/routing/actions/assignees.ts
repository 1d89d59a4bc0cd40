// `assignees`: agents named by login; they replace any assignment strategy.
import type { RoutingAction } from './routing-action.ts';

export const assignees: RoutingAction<'assignees', string[]> = {
  key: 'assignees',
  schema: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    minItems: 1,
    uniqueItems: true,
    description: 'Explicit assignees (agent logins); replaces any strategy.',
    'x-when-omitted': 'an assignment strategy picks the assignee (see `assign`)',
    examples: [['camille-martin']],
  },
  apply(value, state, { source }) {
    state.assignment = { kind: 'explicit', logins: value, source };
    return `assignees ${value.join(', ') || '(none)'}`;
  },
  check(value, path, { known, reference }) {
    value.forEach((login, index) => reference([...path, index], known.agents, login, 'agent', 'agents'));
  },
};
