// Which table a language reads: French for `fr` and its regional variants (`fr-CA`), English for every
// other language. English, not the desk's first language, because the fallback is needed precisely when
// that language has no table (a desk in `de` reads English until de.ts exists), and because it needs no
// desk: a route or a pure engine picks a table from a language alone. Adding a language is
// a table (xx.ts, typed by fr.ts) and one line here and in index.ts.

/** The languages that have a table. */
export type MessageLanguage = 'fr' | 'en';

/** The table `lang` reads (see the module comment). */
export function messageLanguage(lang: string): MessageLanguage {
  return lang === 'fr' || lang.startsWith('fr-') ? 'fr' : 'en';
}
