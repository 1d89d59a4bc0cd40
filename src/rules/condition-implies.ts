// Whether one condition implies another: every ticket the first matches, the second matches too.
// Sound, not complete: `true` is a proof (so "this rule can never run" is never a false alarm),
// `false` only means no proof was found. Used to find routing rules and SLA policies that an
// earlier one always takes first.
import type { Condition, OneOrMany, PolicyCondition, TextMatch } from './types.ts';

type AnyCondition = Condition | PolicyCondition;

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

const list = (value: OneOrMany<string> | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const subset = (small: readonly string[], big: readonly string[]) =>
  small.every((item) => big.includes(item));

/** A text match is "any phrase of contains, or the regex": fewer alternatives imply more. */
function textImplies(narrow: TextMatch, wide: TextMatch): boolean {
  if (!subset(narrow.contains ?? [], wide.contains ?? [])) return false;
  return narrow.matches === undefined || narrow.matches === wide.matches;
}

/** Keys whose value is one id or a list of ids, any of which matches. */
const valueKeys = [
  'channel',
  'sender',
  'form',
  'organisation',
  'tier',
  'language',
  'priority',
  'type',
  'label',
  'team',
] as const;

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

function implies(narrow: AnyCondition, wide: AnyCondition): boolean {
  if (canonicalCondition(narrow) === canonicalCondition(wide)) return true;
  if ('all' in wide) return wide.all.every((item: AnyCondition) => implies(narrow, item));
  if ('any' in narrow) return narrow.any.every((item: AnyCondition) => implies(item, wide));
  if ('any' in wide && wide.any.some((item: AnyCondition) => implies(narrow, item))) return true;
  if ('all' in narrow) return narrow.all.some((item: AnyCondition) => implies(item, wide));
  if ('not' in narrow && 'not' in wide) return implies(wide.not, narrow.not);
  for (const key of valueKeys) {
    if (key in narrow && key in wide) {
      const values = (condition: AnyCondition) => list((condition as Record<string, OneOrMany<string>>)[key]);
      return subset(values(narrow), values(wide));
    }
  }
  if ('subject' in narrow && 'subject' in wide) return textImplies(narrow.subject, wide.subject);
  if ('body' in narrow && 'body' in wide) return textImplies(narrow.body, wide.body);
  if ('text' in narrow && 'text' in wide) return textImplies(narrow.text, wide.text);
  if ('requester' in narrow && 'requester' in wide) {
    // Matches when the address is one of `email` or its domain one of `domain`.
    const lower = (values: OneOrMany<string> | undefined) => list(values).map((value) => value.toLowerCase());
    return (
      subset(lower(narrow.requester.email), lower(wide.requester.email)) &&
      subset(lower(narrow.requester.domain), lower(wide.requester.domain))
    );
  }
  if ('field' in narrow && 'field' in wide) {
    const [a, b] = [narrow.field, wide.field];
    return (
      a.id === b.id &&
      subset(list(a.equals), list(b.equals)) &&
      subset(a.contains ?? [], b.contains ?? []) &&
      (a.matches === undefined || a.matches === b.matches)
    );
  }
  return false;
}

/** What routing rules can change while they run, and so what a condition's answer may depend on. */
export interface ChangingFacts {
  priority: boolean;
  type: boolean;
  /** Whether this label was added. */
  labels: { has(label: string): boolean };
}

/** Whether the condition tests a fact that `changed` says an earlier rule may have set. */
export function dependsOn(condition: AnyCondition, changed: ChangingFacts): boolean {
  if ('all' in condition) return condition.all.some((item: AnyCondition) => dependsOn(item, changed));
  if ('any' in condition) return condition.any.some((item: AnyCondition) => dependsOn(item, changed));
  if ('not' in condition) return dependsOn(condition.not, changed);
  if ('priority' in condition) return changed.priority;
  if ('type' in condition) return changed.type;
  if ('label' in condition) return list(condition.label).some((label) => changed.labels.has(label));
  return false;
}
