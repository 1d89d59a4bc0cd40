// A problem the meaning pass finds, and the checks several formats share: references to ids another file
// defines, and ids that must be unique.
import { closestMatch, listChoices } from './closest-match.ts';
import { formatPath } from './yaml-source.ts';
import type { PathSegment } from './yaml-source.ts';

/** A problem found by a check, located by its path in a file (or by an explicit line:column). */
export interface Finding {
  file: string;
  path: PathSegment[];
  at?: 'key' | 'value';
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

/** `unknown team "billng"; known teams: billing, it` (with a suggestion when one is close). */
export function unknownReference(
  kind: string,
  plural: string,
  value: string,
  known: Iterable<string>,
): string {
  const list = [...known];
  const suggestion = closestMatch(value, list);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
  return `unknown ${kind} "${value}"${hint}; known ${plural}: ${listChoices(list)}`;
}

/** Reports `value` when `known` lacks it (nothing when `known` is undefined: its file failed). */
export function reference(
  out: Finding[],
  file: string,
  path: PathSegment[],
  known: Set<string> | undefined,
  value: string,
  kind: string,
  plural: string,
): void {
  if (known && !known.has(value))
    out.push({ file, path, severity: 'error', message: unknownReference(kind, plural, value, known) });
}

/** Reports every item whose `key` an earlier item has, at its `field`. */
export function duplicates<T>(
  file: string,
  base: PathSegment[],
  items: readonly T[],
  key: (item: T) => string,
  field: string,
  what: string,
  out: Finding[],
): void {
  const first = new Map<string, number>();
  // Shown as written; `key` may fold case (GitHub logins), then the other spelling is named too.
  const written = (item: T) => String((item as Record<string, unknown>)[field]);
  items.forEach((item, index) => {
    const value = key(item);
    const earlier = first.get(value);
    if (earlier === undefined) {
      first.set(value, index);
      return;
    }
    const shown = written(item);
    const other = written(items[earlier]!);
    const spelling = other === shown ? '' : ` as "${other}", the same ignoring case`;
    out.push({
      file,
      path: [...base, index, field],
      severity: 'error',
      message: `duplicate ${what} "${shown}" (also ${formatPath([...base, earlier])}${spelling}); ${what}s must be unique, rename or remove one`,
    });
  });
}
