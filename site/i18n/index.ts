// Picks the interface strings of a page's language and fills `{placeholders}` and `one|many` plurals.
import { en } from './en.ts';
import { fr, type UiStrings } from './fr.ts';

const strings: Record<string, UiStrings> = { fr, en };

/** The strings of `lang`, falling back to French (the site's reference language). */
export function ui(lang: string): UiStrings {
  return strings[lang] ?? fr;
}

/**
 * Fills `{name}` placeholders. A text written `one|many` is a plural: the half is chosen from `n` with
 * the language's own rule (French says « 0 article », English "0 articles").
 */
export function format(text: string, values: Record<string, string | number> = {}, lang = 'fr'): string {
  let chosen = text;
  const n = values.n;
  if (typeof n === 'number' && text.includes('|')) {
    const [one = text, many = text] = text.split('|');
    chosen = new Intl.PluralRules(lang).select(n) === 'one' ? one : many;
  }
  return chosen.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
