// The assistant searches the same words of a sentence as the request form's and the acknowledgement
// mail's suggestions (src/kb/suggest-articles.ts), from the rules its page loads (choices.json).
import { describe, expect, it } from 'vitest';
import {
  suggestionMinWordLength,
  suggestionStopWords,
  suggestionWords,
} from '../../src/kb/suggest-articles.ts';
import { sentenceWords } from '../../site/scripts/sentence-words.ts';

// As site/lib/assistant-choices.ts writes them into choices.json (test/site/assistant.test.ts reads the file).
const words = { stopWords: [...suggestionStopWords], minLength: suggestionMinWordLength };

describe('the words the assistant searches', () => {
  it.each([
    ['fr', 'Bonjour, je n’arrive plus à me connecter au VPN depuis ce matin'],
    ['fr', 'Ma facture de novembre est fausse : le montant est doublé !'],
    ['en', 'Hello, I forgot my password and the reset mail never comes'],
    ['en', 'VPN VPN vpn: the same word thrice counts once'],
    ['fr', 'Élève ÉCOLE œuvre 2026 à la rentrée, les mots accentués et les chiffres'],
    ['en', 'a an of to is it'],
    ['en', 'one two three four five six seven eight nine ten eleven: at most eight words'],
  ])('%s: “%s” gives the suggestions’ words', (lang, sentence) => {
    expect(sentenceWords(sentence, lang, words)).toEqual(suggestionWords(sentence, lang));
  });

  it('the rules travel as JSON and keep every stop word', () => {
    const travelled = JSON.parse(JSON.stringify(words)) as typeof words;
    expect(travelled.stopWords).toContain('bonjour');
    expect(travelled.stopWords).toContain('regards');
    expect(travelled.minLength).toBe(3);
  });
});
