// `stop`: no later rule is evaluated once this one matched.
import type { RoutingAction } from './routing-action.ts';

export const stop: RoutingAction<'stop', boolean> = {
  key: 'stop',
  schema: {
    type: 'boolean',
    description: 'Stop evaluating later rules when this one matches.',
    default: false,
    examples: [true],
  },
  apply(value, state) {
    if (!value) return undefined;
    state.stopped = true;
    return 'stop';
  },
};
