// A condition key's object by its name (a condition is written `{ <key>: <value> }`).
import type { ConditionKey } from './condition-key.ts';
import { conditionKeys } from './index.ts';

const byKey = new Map<string, ConditionKey<string, never>>(conditionKeys.map((entry) => [entry.key, entry]));

/** The object of `key`, or undefined for a key no file defines (the schema refuses those). */
export function conditionByKey(key: string): ConditionKey<string, never> | undefined {
  return byKey.get(key);
}
