// `repository`: files the ticket in another repository of desk.yaml's list; a later matching rule overrides it.
import type { RoutingAction } from './routing-action.ts';

export const repository: RoutingAction<'repository', string> = {
  key: 'repository',
  schema: {
    type: 'string',
    pattern: '^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$',
    description:
      "Files the ticket in this repository (one of desk.yaml's `repositories`) instead of the default one; a later matching rule overrides it.",
    'x-when-omitted': "the ticket goes to desk.yaml's `repository`",
    examples: ['lumen/support-hr'],
  },
  apply(value, state) {
    state.repository = value;
    return `repository ${value}`;
  },
  check(value, path, { known, reference }) {
    reference(path, known.repositories, value, 'repository', 'repositories (desk.yaml)');
  },
};
