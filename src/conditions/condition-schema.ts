// The JSON Schema of a `when`, built from the keys of index.ts: each file's schema, `#/$defs/condition`
// in rules/routing.yaml and rules/sla.yaml.
import type { Grammar, SchemaFragment } from './condition-key.ts';
import { conditionKeys, type ConditionKeyName } from './index.ts';

const descriptions: Record<Grammar, string> = {
  routing:
    'One condition, written as an object with exactly one key: `all`, `any`, `not` combine conditions; the other keys test the ticket.',
  policy:
    "One condition, written as an object with exactly one key: `all`, `any`, `not` combine conditions; the other keys test the ticket as routing left it (the request's subject, text, form and answers are not known here).",
};

const examples: Record<Grammar, unknown[]> = {
  routing: [{ all: [{ channel: 'email' }, { subject: { contains: ['facture'] } }] }],
  policy: [{ all: [{ team: 'billing' }, { priority: 'urgent' }] }],
};

export interface ConditionSchema<G extends Grammar> {
  type: 'object';
  description: string;
  properties: Record<ConditionKeyName<G>, SchemaFragment>;
  additionalProperties: false;
  minProperties: 1;
  maxProperties: 1;
  /** The keys the other `when` accepts, each with why this one refuses it. */
  'x-refused-keys': Record<string, string>;
  examples: unknown[];
}

/** One condition of `grammar`: an object with exactly one of the keys it accepts. */
export function conditionSchema<G extends Grammar>(grammar: G): ConditionSchema<G> {
  const accepted = conditionKeys.filter((entry) => (entry.grammars as readonly Grammar[]).includes(grammar));
  const refused = conditionKeys.flatMap((entry) => {
    const why = (entry.refused as Partial<Record<Grammar, string>> | undefined)?.[grammar];
    return why === undefined ? [] : [[entry.key, why] as const];
  });
  return {
    type: 'object',
    description: descriptions[grammar],
    properties: Object.fromEntries(
      accepted.map((entry) => [
        entry.key,
        typeof entry.schema === 'function' ? entry.schema(grammar) : entry.schema,
      ]),
    ) as Record<ConditionKeyName<G>, SchemaFragment>,
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    'x-refused-keys': Object.fromEntries(refused),
    examples: examples[grammar],
  };
}
