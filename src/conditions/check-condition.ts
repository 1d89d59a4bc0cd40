// The semantic checks of a `when`, key by key through index.ts: what the schema cannot say (unknown ids,
// patterns the linear-time engine refuses, a `sender: verified` nothing can verify).
import { conditionByKey } from './condition-by-key.ts';
import type { CheckContext, ConditionProblem, KnownIds, Path } from './condition-key.ts';
import type { AnyCondition } from './index.ts';

export interface ConditionCheck {
  known: KnownIds;
  report(problem: ConditionProblem): void;
  unknownReference: CheckContext['unknownReference'];
}

/** Checks `condition`, found at `path` of its file (a schema-valid condition: one key each). */
export function checkCondition(condition: AnyCondition, path: Path, options: ConditionCheck): void {
  const context: CheckContext = {
    ...options,
    check: (child, at) => checkCondition(child, at, options),
  };
  for (const [key, value] of Object.entries(condition))
    conditionByKey(key)?.check?.(value as never, path, context);
}
