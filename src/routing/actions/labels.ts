// `labels`: labels added to the ticket; they accumulate over matching rules.
import type { RoutingAction } from './routing-action.ts';

export const labels: RoutingAction<'labels', string[]> = {
  key: 'labels',
  schema: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description: 'Labels added to the ticket (they accumulate over matching rules).',
    default: [],
    examples: [['billing', 'vip']],
  },
  changes: (value) => ({ labels: value }),
  apply(value, state) {
    if (value.length === 0) return undefined;
    for (const label of value) state.labels.add(label);
    return `labels +${value.join(', +')}`;
  },
};
