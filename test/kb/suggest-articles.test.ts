import { describe, expect, it } from 'vitest';
import { suggestArticles, suggestionWords, type SuggestableArticle } from '../../src/kb/suggest-articles.ts';

function article(slug: string, fields: Partial<SuggestableArticle> = {}): SuggestableArticle {
  return {
    slug,
    title: slug,
    summary: '',
    tags: [],
    aliases: [],
    lang: 'fr',
    visibility: 'public',
    draft: false,
    ...fields,
  };
}

const kb: SuggestableArticle[] = [
  article('delais-de-remboursement', {
    title: 'Délais de remboursement et avoirs',
    tags: ['remboursement', 'avoir'],
    aliases: ['remboursement pas reçu'],
  }),
  article('comprendre-votre-facture', {
    title: 'Comprendre votre facture',
    tags: ['facture', 'montant'],
    summary: 'Lire chaque ligne de la facture.',
  }),
  article('moyens-de-paiement', { title: 'Les moyens de paiement acceptés', aliases: ['débit', 'carte'] }),
  article('programme-fidelite', { title: 'Programme de fidélité : remboursement en points', draft: true }),
  article('procedure-remboursement-agents', {
    title: 'Procédure de remboursement (agents)',
    visibility: 'internal',
  }),
  article('refund-timelines', { title: 'Refund timelines', lang: 'en', tags: ['remboursement'] }),
  article('suivre-ma-commande', { title: 'Suivre ma commande', summary: 'Où est mon colis, et quand arrive-t-il.' }),
  article('colis-endommage', { title: 'Colis endommagé à la livraison', tags: ['colis'] }),
];

const slugs = (text: string, lang = 'fr', limit = 3) =>
  suggestArticles(kb, { text, lang, limit }).map((found) => found.slug);

describe('suggestionWords', () => {
  it.each([
    ['Bonjour, mon VPN ne marche pas depuis lundi', ['vpn', 'marche', 'lundi']],
    ['Facture FACTURE facture', ['facture']],
    ['Merci pour votre aide, cordialement', ['aide']],
    ['un deux trois quatre cinq six sept huit neuf dix', ['deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf']],
    ['', []],
  ])('%j → %j', (text, words) => {
    expect(suggestionWords(text, 'fr')).toEqual(words);
  });

  it('takes more words when asked (a mail)', () => {
    expect(suggestionWords('un deux trois quatre cinq six sept huit neuf dix', 'fr', 40)).toHaveLength(9);
  });
});

describe('suggestArticles', () => {
  it.each([
    ['a word of the title', 'Où en est mon remboursement ?', ['delais-de-remboursement']],
    ['a word of the aliases, by its stem (débitée → débit)', 'J’ai été débitée deux fois', ['moyens-de-paiement']],
    ['a word of the summary', 'Quand arrive ma commande ?', ['suivre-ma-commande']],
    ['a word of the tags, accents aside (facturé → facture)', 'Montant facturé incompréhensible', ['comprendre-votre-facture']],
    [
      'more of the customer’s words first (colis + arrivé), then equal matches by title',
      'Colis jamais arrivé, je demande un remboursement',
      ['suivre-ma-commande', 'colis-endommage', 'delais-de-remboursement'],
    ],
    ['one word: in a title weighs more than in a summary', 'colis', ['colis-endommage', 'suivre-ma-commande']],
    ['nothing that matches', 'Imprimante bloquée au deuxième étage', []],
    ['only stop words', 'Bonjour, merci pour tout', []],
  ])('%s', (_name, text, expected) => {
    expect(slugs(text)).toEqual(expected);
  });

  it('never suggests a draft, an internal article, or one in another language', () => {
    const found = slugs('remboursement', 'fr', 10);
    expect(found).toEqual(['delais-de-remboursement']);
    expect(slugs('remboursement', 'en', 10)).toEqual(['refund-timelines']);
  });

  it('returns at most the limit', () => {
    expect(slugs('facture remboursement débit colis commande', 'fr', 2)).toHaveLength(2);
  });
});
