// The shape of one condition key: every key of a `when` (routing rules, SLA policies) is one object of
// this shape in a file of its own, listed once in index.ts. What validation, routing, SLA policy
// selection, the unreachable-rule check and the help site know of a key, they read from that object.

/** Which `when` accepts a key: routing rules' (`rules/routing.yaml`), SLA policies' (`rules/sla.yaml`). */
export type Grammar = 'routing' | 'policy';

import type { Matcher } from './condition-facts.ts';
import type { AnyCondition } from './index.ts';

/** A JSON Schema fragment: ajv validates with it and the reference page is generated from it. */
export type SchemaFragment = { description: string } & Record<string, unknown>;

/** Where a value is in a rules file: `['rules', 2, 'when', 'all', 0, 'tier']`. */
export type Path = (string | number)[];

/** A problem the checks of a condition found; the file is the caller's. */
export interface ConditionProblem {
  path: Path;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Ids the rules define, for references. A set is undefined when its file failed the first pass: then
 * nothing is "unknown", so one typo does not cascade into dozens of messages.
 */
export interface KnownIds {
  forms: Set<string>;
  /** Field ids over all valid forms. */
  fields: Set<string>;
  organisations?: Set<string>;
  tiers?: Set<string>;
  languages?: Set<string>;
  priorities?: Set<string>;
  types?: Set<string>;
  teams?: Set<string>;
  /** desk.mail.authservId: when empty, no sender is ever verified. */
  authservId?: string;
}

/** What a key's semantic checks are given. */
export interface CheckContext {
  known: KnownIds;
  report(problem: ConditionProblem): void;
  /** Checks a condition inside this one (`all`, `any`, `not`). */
  check(condition: AnyCondition, path: Path): void;
  /** How rules/ words an unknown id: `unknown team "billng" (did you mean "billing"?); known teams: …`. */
  unknownReference(kind: string, plural: string, value: string, known: Iterable<string>): string;
}

/** Whether every ticket `narrow` matches, `wide` matches too: `true` is a proof, `false` no proof found. */
export type Proves = (narrow: AnyCondition, wide: AnyCondition) => boolean;

/**
 * How a combinator (`all`, `any`) takes part in a proof: through its parts. On one side the rule is
 * exact (narrow ⇒ all of parts exactly when narrow ⇒ each part; any of parts ⇒ wide exactly when each
 * part ⇒ wide) and decides alone; on the other it is only enough (one part ⇒ wide).
 */
export interface ByParts<V> {
  exactAs: 'wide' | 'narrow';
  /** Whether `narrow` implies this combinator of `parts`. */
  wide(narrow: AnyCondition, parts: V, proves: Proves): boolean;
  /** Whether this combinator of `parts` implies `wide`. */
  narrow(parts: V, wide: AnyCondition, proves: Proves): boolean;
}

/** What routing rules can change while they run, and so what a condition's answer may depend on. */
export interface ChangingFacts {
  priority: boolean;
  type: boolean;
  /** Whether this label was added. */
  labels: { has(label: string): boolean };
}

/** What a key's matcher is compiled with. */
export interface CompileContext {
  /** Where the condition is, for the error a pattern validation missed: `rules/routing.yaml rules[2] (vip).when`. */
  where: string;
  /** Compiles a condition inside this one (`all`, `any`, `not`). */
  compile(condition: AnyCondition, where: string): Matcher;
}

/** A text in French and English. */
export type Words = { fr: string; en: string };

/** What a key's words are given. */
export interface DescribeContext {
  /** The reader's language. */
  lang: string;
  /** What the rules call an id (a priority, a type, a team) in the reader's language, else the id. */
  name(kind: 'priority' | 'type' | 'team', id: string): string;
  /** A condition inside this one (`all`, `any`, `not`), in words. */
  describe(condition: AnyCondition): string;
}

export interface ConditionKey<K extends string, V, G extends Grammar = Grammar> {
  key: K;
  /** The `when`s that accept the key. */
  grammars: readonly G[];
  /** For a `when` that refuses the key: why, said instead of a did-you-mean guess, and what to write. */
  refused?: { [Other in Exclude<Grammar, G>]?: string };
  /** The key's value in JSON Schema; a function when it differs between the two `when`s. */
  schema: SchemaFragment | ((grammar: Grammar) => SchemaFragment);
  /** What the schema cannot say (unknown ids, bad patterns), for the value at `path` (the condition's). */
  check?(value: V, path: Path, context: CheckContext): void;
  /** The matcher routing and SLA policy selection both run: whether the ticket matches, and why. */
  compile(value: V, context: CompileContext): Matcher;
  /**
   * Whether every ticket `narrow` matches, `wide` matches too, both conditions of this key (sound, not
   * complete); for `all` and `any`, how they prove through their parts.
   */
  implies: ((narrow: V, wide: V, proves: Proves) => boolean) | ByParts<V>;
  /** Whether the answer may change as earlier routing rules set facts (`dependsOn` for the parts). */
  dependsOn?(value: V, changed: ChangingFacts, dependsOn: (condition: AnyCondition) => boolean): boolean;
  /** The condition in words: `priorité Urgente ou Haute`, `équipe Facturation` (the response-times page). */
  describe(value: V, context: DescribeContext): string;
}
