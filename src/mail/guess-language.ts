// The language of a mail, to answer in it: the desk's languages only, decided by common short words
// (a mail has no `lang` field). Ties and unknown text go to the desk's default language.

const markers: Record<string, string[]> = {
  fr: [
    'bonjour',
    'merci',
    'je',
    'vous',
    'est',
    'pour',
    'une',
    'des',
    'les',
    'le',
    'la',
    'pas',
    'avec',
    'mon',
    'ma',
    'cordialement',
    'commande',
    'facture',
  ],
  en: [
    'hello',
    'hi',
    'thanks',
    'thank',
    'the',
    'and',
    'you',
    'is',
    'for',
    'my',
    'to',
    'with',
    'not',
    'please',
    'regards',
    'order',
    'invoice',
  ],
};

/** The most likely of `languages` for `text`; the first language when nothing decides. */
export function guessLanguage(text: string, languages: readonly string[]): string {
  const fallback = languages[0] ?? 'en';
  const words =
    text
      .toLowerCase()
      .slice(0, 5000)
      .match(/[\p{L}']+/gu) ?? [];
  let best = fallback;
  let bestScore = 0;
  for (const lang of languages) {
    const known = new Set(markers[lang] ?? []);
    const score = words.filter((word) => known.has(word)).length;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}
