// The shape of one routing action: every key of a rule's `then` is one object of this shape in a file of
// its own, listed once in index.ts. The `then` schema, `route` and `repodesk validate` read that list.
import type { TracedValue } from '../../conditions/condition-facts.ts';
import type { SchemaFragment } from '../../conditions/condition-key.ts';
import type { AssignmentStrategy } from './assignment-strategies.ts';

/** Who picks the assignees: logins named by a rule or the form, or a strategy of the team. */
export type AssignmentIntent =
  | { kind: 'explicit'; logins: string[]; source: string }
  | { kind: 'strategy'; strategy: AssignmentStrategy; source: string };

/** What the actions of the rules matched so far have set; `route` starts it from the draft and the form. */
export interface ActionState {
  labels: Set<string>;
  /** Accumulated for the skills strategy. */
  tags: Set<string>;
  priority: TracedValue;
  type: TracedValue;
  /** The team the ticket goes to (named so apart from the facts' `team`, which SLA policies read from the issue). */
  routedTeam?: TracedValue;
  assignment?: AssignmentIntent;
  /** Automatic replies in the order rules named them, and the rule that named each. */
  replies: string[];
  replyRules: Record<string, string>;
  /** The repository a rule filed the ticket in. */
  repository?: string;
  /** Set by `stop: true`: no later rule is evaluated. */
  stopped: boolean;
}

/** What an action is applied with: the rule it belongs to. */
export interface ApplyContext {
  /** `rule vip-first`: the source traced values record. */
  source: string;
  ruleId: string;
  /** Whether the rule's `then` also has `key`. */
  sets(key: string): boolean;
}

/** Ids the other rules files define; a set is undefined when its file failed the first pass. */
export interface KnownActionIds {
  teams?: Set<string>;
  agents?: Set<string>;
  priorities?: Set<string>;
  types?: Set<string>;
  replies: Set<string>;
  /** desk.yaml's `repositories` (only `repository` when it lists none). */
  repositories?: Set<string>;
}

/** Where a value is in rules/routing.yaml: `['rules', 2, 'then', 'team']`. */
export type ActionPath = (string | number)[];

/** What an action's cross-file check is given. */
export interface ActionCheckContext {
  known: KnownActionIds;
  /**
   * Reports `value` at `path` when `known` lacks it (nothing when `known` is undefined), worded by rules/:
   * `unknown team "billng" (did you mean "billing"?); known teams: billing, it`.
   */
  reference(
    path: ActionPath,
    known: Set<string> | undefined,
    value: string,
    kind: string,
    plural: string,
  ): void;
}

/** What an action changes that a later rule's `when` may test: a priority, a type, labels added. */
export interface ActionChanges {
  priority?: boolean;
  type?: boolean;
  labels?: readonly string[];
}

export interface RoutingAction<K extends string, V> {
  key: K;
  /** The value in JSON Schema: ajv validates with it, the reference page is generated from it. */
  schema: SchemaFragment;
  /** Applies the value to `state`; returns the trace effect (`priority high`), or nothing when it has none. */
  apply(value: V, state: ActionState, context: ApplyContext): string | undefined;
  /**
   * What a later rule's `when` could see change (`repodesk validate` reads it to tell a rule an earlier
   * `stop` always shadows from one that a change in between may let run); absent: nothing it tests.
   */
  changes?(value: V): ActionChanges;
  /** What the schema cannot say: ids another file defines, for the value at `path`. */
  check?(value: V, path: ActionPath, context: ActionCheckContext): void;
}
