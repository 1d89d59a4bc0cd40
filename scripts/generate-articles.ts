// Writes N synthetic knowledge-base articles (half French, half English, translations of each other) of
// about 650 words, with headings, lists, links to other articles, tags and aliases, plus the fixture
// rules they need, for the site benchmarks. Deterministic: the same N gives the same files.
//
//   node scripts/generate-articles.ts --n 1000 --out /tmp/kb-1000
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const words = {
  fr: (
    'compte accès mot passe connexion facture paiement commande livraison retour remboursement client ' +
    'service équipe demande réponse délai message courriel téléphone application ordinateur réseau ' +
    'imprimante sécurité données contrat abonnement adresse document fichier dossier espace profil ' +
    'vérifier ouvrir choisir saisir envoyer recevoir modifier supprimer ajouter télécharger valider ' +
    'rapidement simplement ensuite toujours souvent jamais aussi encore vraiment depuis avant après ' +
    'nouveau ancien premier dernier important possible disponible personnel professionnel mensuel'
  ).split(' '),
  en: (
    'account access password sign-in invoice payment order delivery return refund customer service ' +
    'team request answer delay message email phone application computer network printer security data ' +
    'contract subscription address document file folder area profile check open choose type send ' +
    'receive change delete add download confirm quickly simply then always often never also again ' +
    'really since before after new old first last important possible available personal professional monthly'
  ).split(' '),
} as const;
const glue = {
  fr: ['le', 'la', 'les', 'un', 'une', 'de', 'du', 'et', 'pour', 'dans', 'avec', 'sur'],
  en: ['the', 'a', 'an', 'of', 'and', 'to', 'in', 'with', 'for', 'on', 'your', 'this'],
} as const;
const headings = {
  fr: ['Avant de commencer', 'Étapes', 'Si cela ne fonctionne pas', 'Bon à savoir'],
  en: ['Before you start', 'Steps', 'If it does not work', 'Good to know'],
} as const;
const categories = ['access', 'billing'] as const;

/** mulberry32: a small seeded generator, so every run writes the same articles. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Real articles use thousands of distinct words, which is what makes a search index big: a vocabulary
// of pronounceable made-up words, drawn with a Zipf-like skew (rare words are rare).
const syllables = [
  'ba',
  'ce',
  'di',
  'fo',
  'gu',
  'la',
  'me',
  'ni',
  'po',
  'ru',
  'sa',
  'te',
  'vi',
  'zo',
  'char',
  'tion',
  'ment',
  'pre',
  'con',
  'dis',
];
const vocabulary = (() => {
  const next = random(42);
  const list: string[] = [];
  for (let i = 0; i < 6000; i += 1) {
    let word = '';
    const count = 2 + Math.floor(next() * 3);
    for (let j = 0; j < count; j += 1) word += syllables[Math.floor(next() * syllables.length)];
    list.push(word);
  }
  return list;
})();

function article(index: number, lang: 'fr' | 'en', pairs: number): string {
  const next = random(index * 2 + (lang === 'fr' ? 0 : 1) + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const rare = () => vocabulary[Math.floor(vocabulary.length * next() ** 3)] as string;
  const sentence = (length: number) => {
    const parts: string[] = [];
    for (let i = 0; i < length; i += 1)
      parts.push(i % 3 === 1 ? pick(glue[lang]) : i % 3 === 2 ? rare() : pick(words[lang]));
    const text = parts.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const other = (index + 1 + Math.floor(next() * (pairs - 1))) % pairs;
  const otherSlug = `${lang === 'fr' ? 'article' : 'article-en'}-${other}`;
  const title = `${sentence(5).slice(0, -1)} ${index}`;
  const body: string[] = [sentence(18) + ' ' + sentence(14), ''];
  for (const heading of headings[lang]) {
    body.push(`## ${heading}`, '');
    body.push(`${sentence(16)} ${sentence(12)} ${sentence(20)}`, '');
    body.push(`${sentence(14)} ${sentence(18)}`, '');
    body.push(`1. ${sentence(8)}`, `2. ${sentence(9)}`, `3. ${sentence(7)}`, '');
    body.push(
      `${sentence(15)} ${sentence(17)} [${lang === 'fr' ? 'Voir aussi' : 'See also'}](${otherSlug}.md).`,
      '',
    );
  }
  const frontmatter = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `summary: ${JSON.stringify(sentence(12))}`,
    `category: ${categories[index % categories.length]}`,
    `tags: [${JSON.stringify(words[lang][index % words[lang].length])}, ${JSON.stringify(words[lang][(index + 7) % words[lang].length])}]`,
    `lang: ${lang}`,
    `translationKey: synthetic-${index}`,
    `updated: '2026-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}'`,
    'visibility: public',
    'draft: false',
    `aliases: [${JSON.stringify(`alias${index}`)}]`,
    `related: [${JSON.stringify(otherSlug)}]`,
    '---',
    '',
  ];
  return `${frontmatter.join('\n')}${body.join('\n')}\n`;
}

/** Writes `n` articles (n/2 per language) and the fixture rules under `out`. */
export async function generateArticles(n: number, out: string): Promise<void> {
  const pairs = Math.max(1, Math.floor(n / 2));
  await rm(out, { recursive: true, force: true });
  await mkdir(path.join(out, 'kb/fr'), { recursive: true });
  await mkdir(path.join(out, 'kb/en'), { recursive: true });
  await cp(path.resolve(import.meta.dirname, '../test/fixtures/site/rules'), path.join(out, 'rules'), {
    recursive: true,
  });
  const writes: Promise<void>[] = [];
  for (let index = 0; index < pairs; index += 1) {
    writes.push(writeFile(path.join(out, 'kb/fr', `article-${index}.md`), article(index, 'fr', pairs)));
    writes.push(writeFile(path.join(out, 'kb/en', `article-en-${index}.md`), article(index, 'en', pairs)));
    if (writes.length >= 200) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { n: { type: 'string', default: '1000' }, out: { type: 'string' } },
  });
  if (!values.out) {
    process.stderr.write('usage: node scripts/generate-articles.ts --n 1000 --out DIR\n');
    process.exit(2);
  }
  await generateArticles(Number(values.n), values.out);
  process.stdout.write(`wrote ${values.n} articles under ${values.out}\n`);
}
