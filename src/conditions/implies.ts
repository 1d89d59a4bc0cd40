// Whether one condition implies another: every ticket the first matches, the second matches too.
// Sound, not complete: `true` is a proof (so "this rule can never run" is never a false alarm),
// `false` only means no proof was found. Used to find routing rules and SLA policies that an
// earlier one always takes first. Each key says how conditions of its own kind imply one another
// (index.ts); `all` and `any` prove through their parts.
import { conditionByKey } from './condition-by-key.ts';
import type { ChangingFacts } from './condition-key.ts';
import type { AnyCondition } from './index.ts';

const canonicalCache = new WeakMap<object, string>();

/** JSON with sorted keys, one-item lists written as their item, to compare conditions. */
export function canonicalCondition(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Conditions are compared pairwise over hundreds of rules: each object is written out once.
  let text = canonicalCache.get(value);
  if (text === undefined) {
    text = writeCanonical(value);
    canonicalCache.set(value, text);
  }
  return text;
}

function writeCanonical(value: object): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? canonicalCondition(value[0]) : `[${value.map(canonicalCondition).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalCondition(item)}`).join(',')}}`;
}

const mentionedCache = new WeakMap<object, Set<string>>();

/** Every condition key used anywhere in the condition (`all`, `any`, `not` excluded). */
function mentioned(condition: AnyCondition): Set<string> {
  let keys = mentionedCache.get(condition);
  if (!keys) {
    keys = new Set();
    for (const [key, value] of Object.entries(condition)) {
      if (key === 'all' || key === 'any')
        for (const item of value as AnyCondition[]) for (const k of mentioned(item)) keys.add(k);
      else if (key === 'not') for (const k of mentioned(value as AnyCondition)) keys.add(k);
      else keys.add(key);
    }
    mentionedCache.set(condition, keys);
  }
  return keys;
}

const demandedCache = new WeakMap<object, string[]>();

/** Keys every ticket matching the condition is tested on (through `all`; `any` and `not` add none). */
function demanded(condition: AnyCondition): string[] {
  let keys = demandedCache.get(condition);
  if (!keys) {
    keys =
      'all' in condition
        ? condition.all.flatMap((item: AnyCondition) => demanded(item))
        : 'any' in condition || 'not' in condition
          ? []
          : Object.keys(condition);
    demandedCache.set(condition, keys);
  }
  return keys;
}

/** Whether every ticket `narrow` matches is also matched by `wide`. */
export function conditionImplies(narrow: AnyCondition, wide: AnyCondition): boolean {
  // A key `wide` demands that `narrow` never tests cannot be proved below: answer at once.
  const tested = mentioned(narrow);
  if (!demanded(wide).every((key) => tested.has(key))) return false;
  return implies(narrow, wide);
}

/** The key of a (schema-valid, one-key) condition, its value, and what the key says of it. */
function parts(condition: AnyCondition) {
  const [key = '', value] = Object.entries(condition)[0] ?? [];
  return { entry: conditionByKey(key), key, value: value as never };
}

function implies(narrow: AnyCondition, wide: AnyCondition): boolean {
  if (canonicalCondition(narrow) === canonicalCondition(wide)) return true;
  const n = parts(narrow);
  const w = parts(wide);
  const nByParts = typeof n.entry?.implies === 'object' ? n.entry.implies : undefined;
  const wByParts = typeof w.entry?.implies === 'object' ? w.entry.implies : undefined;
  // Exact rules first (they decide alone), then those that are only enough.
  if (wByParts?.exactAs === 'wide') return wByParts.wide(narrow, w.value, implies);
  if (nByParts?.exactAs === 'narrow') return nByParts.narrow(n.value, wide, implies);
  if (wByParts?.wide(narrow, w.value, implies)) return true;
  if (nByParts) return nByParts.narrow(n.value, wide, implies);
  if (n.key !== w.key || typeof n.entry?.implies !== 'function') return false;
  return n.entry.implies(n.value, w.value, implies);
}

/** Whether the condition tests a fact that `changed` says an earlier rule may have set. */
export function dependsOn(condition: AnyCondition, changed: ChangingFacts): boolean {
  const { entry, value } = parts(condition);
  return entry?.dependsOn?.(value, changed, (part) => dependsOn(part, changed)) ?? false;
}
