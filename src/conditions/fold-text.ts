// Keyword matching that ignores case, accents and punctuation: « bloqué » matches "BLOQUE", and a phrase
// matches only whole words ("down" does not match "download").

const ligatures: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/**
 * Folds `text` to its words, lower case, without accents, separated by single spaces, with a space at
 * each end: a phrase matches when `foldText(text).includes(foldText(phrase))`.
 */
export function foldText(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæßøđłı]/g, (letter) => ligatures[letter] ?? letter)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  return words.length === 0 ? ' ' : ` ${words.join(' ')} `;
}
