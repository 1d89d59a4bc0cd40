// A `when` compiled into the one matcher routing and SLA policy selection both run, key by key through
// index.ts: regexes compiled, keywords folded, trace texts written once.
import { conditionByKey } from './condition-by-key.ts';
import type { Matcher } from './condition-facts.ts';
import type { AnyCondition } from './index.ts';

/**
 * Compiles a schema-valid condition; `where` names it in the error thrown for a pattern validation
 * should have refused (`rules/routing.yaml rules[2] (vip).when`).
 */
export function compileCondition(condition: AnyCondition, where: string): Matcher {
  const [key = '', value] = Object.entries(condition)[0] ?? [];
  const entry = conditionByKey(key);
  if (!entry) throw new Error(`${where}: unknown condition ${Object.keys(condition).join(', ')}`);
  return entry.compile(value as never, { where, compile: compileCondition });
}
