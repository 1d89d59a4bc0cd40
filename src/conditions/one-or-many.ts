// Most condition keys take one value or a list of values, any of which matches.
import type { SchemaFragment } from './condition-key.ts';

/** A value or a list of values; a list matches when any of its items matches. */
export type OneOrMany<T> = T | T[];

/** The values of a one-or-many, as a list. */
export function listOf<T>(value: OneOrMany<T> | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The schema of a one-or-many text. */
export function oneOrMany(description: string, examples: unknown[]): SchemaFragment {
  return {
    type: ['string', 'array'],
    items: { type: 'string' },
    minItems: 1,
    minLength: 1,
    description: `${description} One value or a list (any of them matches).`,
    examples,
  };
}
