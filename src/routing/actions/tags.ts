// `tags`: tags the skills strategy matches against agents' skills; they accumulate over matching rules.
import type { RoutingAction } from './routing-action.ts';

export const tags: RoutingAction<'tags', string[]> = {
  key: 'tags',
  schema: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description: 'Tags used by the `skills` strategy (they accumulate).',
    default: [],
    examples: [['vpn']],
  },
  apply(value, state) {
    if (value.length === 0) return undefined;
    for (const tag of value) state.tags.add(tag);
    return `tags +${value.join(', +')}`;
  },
};
