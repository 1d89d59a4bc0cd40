// The shape of one condition key: every key of a `when` (routing rules, SLA policies) is one object of
// this shape in a file of its own, listed once in index.ts. What validation, routing, SLA policy
// selection, the unreachable-rule check and the help site know of a key, they read from that object.

/** Which `when` accepts a key: routing rules' (`rules/routing.yaml`), SLA policies' (`rules/sla.yaml`). */
export type Grammar = 'routing' | 'policy';

/** A JSON Schema fragment: ajv validates with it and the reference page is generated from it. */
export type SchemaFragment = { description: string } & Record<string, unknown>;

export interface ConditionKey<K extends string, V, G extends Grammar = Grammar> {
  key: K;
  /** The `when`s that accept the key. */
  grammars: readonly G[];
  /** For a `when` that refuses the key: why, said instead of a did-you-mean guess, and what to write. */
  refused?: { [Other in Exclude<Grammar, G>]?: string };
  /** The key's value in JSON Schema; a function when it differs between the two `when`s. */
  schema: SchemaFragment | ((grammar: Grammar) => SchemaFragment);
  /** Never set: carries V, the type of the key's value, for the `Condition` union (index.ts). */
  readonly __value?: (value: V) => V;
}
