// Conditions in words, for people (the help site's response-times page): French and English, the values
// named after what the rules call them.
import type { DescribeContext, Words } from './condition-key.ts';
import { listOf, type OneOrMany } from './one-or-many.ts';

/** The words in `lang`, else in French (the help site's reference language). */
export function inLanguage(words: Words, lang: string): string {
  return (words as Record<string, string>)[lang] ?? words.fr;
}

/** Between the values of a list, and between the parts of `any`. */
export const orWord: Words = { fr: 'ou', en: 'or' };

/** `template` (`priorité {v}`) with the values named and joined by "or": `priorité Urgente ou Haute`. */
export function describeValues(
  template: Words,
  value: OneOrMany<string>,
  { lang }: DescribeContext,
  toName: (id: string) => string = (id) => id,
): string {
  const values = listOf(value)
    .map(toName)
    .join(` ${inLanguage(orWord, lang)} `);
  return inLanguage(template, lang).replace('{v}', values);
}
