// The language of a mail, to answer in it: the desk's languages only, decided by common short words
// (a mail has no `lang` field). Ties and unknown text go to the language the caller knows of the sender
// (their organisation's), else the desk's default language.

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

/**
 * The most likely of `languages` for `text`. When nothing decides (no known word, or a tie), `fallback`
 * when it is one of the desk's languages (the organisation's, say), else the first language.
 */
export function guessLanguage(text: string, languages: readonly string[], fallback?: string): string {
  const undecided =
    fallback !== undefined && languages.includes(fallback) ? fallback : (languages[0] ?? 'en');
  const words =
    text
      .toLowerCase()
      .slice(0, 5000)
      .match(/[\p{L}']+/gu) ?? [];
  let best: string[] = [];
  let bestScore = 0;
  for (const lang of languages) {
    const known = new Set(markers[lang] ?? []);
    const score = words.filter((word) => known.has(word)).length;
    if (score > bestScore) {
      best = [lang];
      bestScore = score;
    } else if (score === bestScore && score > 0) best.push(lang);
  }
  if (best.length === 1) return best[0] as string;
  return best.length === 0 || best.includes(undecided) ? undecided : (best[0] as string);
}
