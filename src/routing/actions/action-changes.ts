// What a rule's `then` changes that later rules' conditions may test, over all its actions.
import { routingActions, type RuleActions } from './index.ts';
import type { ActionChanges, RoutingAction } from './routing-action.ts';

/** The changes of every action of `then`, together: whether it sets a priority, a type, and the labels it adds. */
export function actionChanges(then: RuleActions): Required<ActionChanges> {
  const given = then as Record<string, unknown>;
  const total = { priority: false, type: false, labels: [] as string[] };
  for (const action of routingActions as readonly RoutingAction<string, unknown>[]) {
    const value = given[action.key];
    if (value === undefined || !action.changes) continue;
    const changed = action.changes(value);
    total.priority ||= changed.priority === true;
    total.type ||= changed.type === true;
    total.labels.push(...(changed.labels ?? []));
  }
  return total;
}
