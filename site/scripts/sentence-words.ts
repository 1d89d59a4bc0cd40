// The words of the assistant's sentence worth searching for: the same words as the acknowledgement mail's
// and the request form's suggestions (src/kb/suggest-articles.ts `suggestionWords`), with the stop words
// and the minimum length that module holds, written into the assistant's choices file at build time
// (site/lib/assistant-choices.ts). test/site/sentence-words.test.ts keeps the two in step.

/** Which words are dropped. */
export interface WordRules {
  stopWords: string[];
  minLength: number;
}

/** The distinct words of `text` worth searching for, in the order written, at most `maxWords`. */
export function sentenceWords(text: string, lang: string, rules: WordRules, maxWords = 8): string[] {
  const stop = new Set(rules.stopWords);
  return [...new Set(text.toLocaleLowerCase(lang).match(/[\p{L}\p{N}]+/gu) ?? [])]
    .filter((word) => word.length >= rules.minLength && !stop.has(word))
    .slice(0, maxWords);
}
