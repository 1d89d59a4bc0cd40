// Most condition keys take one value or a list of values, any of which matches.
import type { CheckContext, Path, SchemaFragment } from './condition-key.ts';

/** A value or a list of values; a list matches when any of its items matches. */
export type OneOrMany<T> = T | T[];

/** The values of a one-or-many, as a list. */
export function listOf<T>(value: OneOrMany<T> | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Whether every value of `narrow` is among those of `wide`, whatever their case (values match
 * case-insensitively): then `wide` matches whenever `narrow` does.
 */
export function subsetOf(
  narrow: OneOrMany<string> | undefined,
  wide: OneOrMany<string> | undefined,
): boolean {
  const values = new Set(listOf(wide).map((value) => value.toLowerCase()));
  return listOf(narrow).every((value) => values.has(value.toLowerCase()));
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

/** Reports every value that `known` lacks (nothing when `known` is undefined: its file failed). */
export function checkIds(
  value: OneOrMany<string>,
  path: Path,
  known: ReadonlySet<string> | undefined,
  kind: string,
  plural: string,
  context: CheckContext,
): void {
  if (!known) return;
  const report = (item: string, at: Path) => {
    if (!known.has(item))
      context.report({
        path: at,
        severity: 'error',
        message: context.unknownReference(kind, plural, item, known),
      });
  };
  if (Array.isArray(value)) value.forEach((item, index) => report(item, [...path, index]));
  else report(value, path);
}
