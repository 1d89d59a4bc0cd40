// A matched rule's `then`, applied action by action in the order of index.ts: the trace effects in that order.
import { routingActions, type RuleActions } from './index.ts';
import type { ActionState, ApplyContext, RoutingAction } from './routing-action.ts';

/** Applies `then` of rule `ruleId` to `state`; returns its effects for the trace (`priority high`, `stop`). */
export function applyActions(then: RuleActions, state: ActionState, ruleId: string): string[] {
  const given = then as Record<string, unknown>;
  const context: ApplyContext = {
    source: `rule ${ruleId}`,
    ruleId,
    sets: (key) => given[key] !== undefined,
  };
  const effects: string[] = [];
  for (const action of routingActions as readonly RoutingAction<string, unknown>[]) {
    const value = given[action.key];
    if (value === undefined) continue;
    const effect = action.apply(value, state, context);
    if (effect !== undefined) effects.push(effect);
  }
  return effects;
}
