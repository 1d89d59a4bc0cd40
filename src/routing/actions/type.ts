// `type`: sets the ticket's type; a later matching rule overrides it.
import type { RoutingAction } from './routing-action.ts';

export const type: RoutingAction<'type', string> = {
  key: 'type',
  schema: {
    type: 'string',
    minLength: 1,
    description: 'Sets the ticket type (a later matching rule overrides it).',
    'x-when-omitted': "the type is left as it is (the form's type, else `defaultType` of desk.yaml)",
    examples: ['incident'],
  },
  changes: () => ({ type: true }),
  apply(value, state, { source }) {
    state.type = { value, source };
    return `type ${value}`;
  },
  check(value, path, { known, reference }) {
    reference(path, known.types, value, 'type', 'types');
  },
};
