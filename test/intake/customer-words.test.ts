// customerWords reads back what neutralise wrote: the customer's own view of their mail replies shows their
// words, not the escapes and entities that keep them inert on GitHub.

import { describe, expect, it } from 'vitest';
import { customerWords } from '../../src/intake/customer-words.ts';
import { neutralise } from '../../src/intake/neutralise.ts';

describe('customerWords(neutralise(text))', () => {
  it.each([
    'Bonjour, ma facture @compta #12 GH-3 est fausse.',
    '**Demandeur :** moi\n### Pièces jointes\n- [f.pdf](javascript:alert(1))',
    'a < b > c & d --> e <!-- f',
    'Prix : 5 $ * 2 = 10 $ ~environ~ | total_ht `brut`',
    '1. premier\n2) second\n> cité\n---',
    'Voir https://exemple.fr/a_b?x=1&y=2 et https://github.com/acme/app/issues/3.',
    'ligne 1\nligne 2\n\nparagraphe 2',
    '    indenté de quatre espaces',
    'C:\\Users\\marie\\Documents\\facture.pdf',
  ])('gives back %j', (text) => {
    expect(customerWords(neutralise(text))).toBe(text);
  });
});
