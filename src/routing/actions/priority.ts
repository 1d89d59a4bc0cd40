// `priority`: sets the ticket's priority; a later matching rule overrides it.
import type { RoutingAction } from './routing-action.ts';

export const priority: RoutingAction<'priority', string> = {
  key: 'priority',
  schema: {
    type: 'string',
    minLength: 1,
    description: 'Sets the priority (a later matching rule overrides an earlier one).',
    'x-when-omitted':
      'the priority is left as it is (`defaultPriority` of desk.yaml unless a rule, the form or a label set one)',
    examples: ['urgent'],
  },
  changes: () => ({ priority: true }),
  apply(value, state, { source }) {
    state.priority = { value, source };
    return `priority ${value}`;
  },
  check(value, path, { known, reference }) {
    reference(path, known.priorities, value, 'priority', 'priorities');
  },
};
