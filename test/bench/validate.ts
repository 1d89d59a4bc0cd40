// Time of `loadRules` (the whole of `repodesk validate` but printing) on a generated root with 500
// routing rules and 2,000 articles, and on the shipped content. Run:
//   node test/bench/validate.ts [--rules 500] [--articles 2000] [--runs 5]
// Prints one line per figure:
//   bench validate rules=500 articles=2000 median_ms=… min_ms=… max_ms=… cold_ms=… cpu_median_ms=…
//   bench validate root=shipped rule_files=… articles=… problems=… median_ms=… … cpu_median_ms=…
// cold_ms is the first run in the process (it includes compiling the schemas, as at bot start);
// median/min/max are over the runs that follow.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { loadRules } from '../../src/rules/load-rules.ts';

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '500' },
    articles: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '5' },
  },
});
const ruleCount = Number(values.rules);
const articleCount = Number(values.articles);
const runs = Number(values.runs);
const now = new Date('2026-11-22T12:00:00Z');
const repoRoot = path.resolve(import.meta.dirname, '../..');

const words =
  'facture commande mot de passe compte accès livraison retour remboursement sécurité réseau imprimante messagerie'.split(
    ' ',
  );
const word = (i: number) => words[i % words.length]!;

function rule(i: number) {
  const kinds = [
    { subject: { contains: [word(i), word(i + 3)] } },
    { body: { matches: `\\b${word(i)}-\\d{${(i % 5) + 2}}\\b` } },
    { field: { id: 'impact', equals: ['Mon équipe', "Toute l'entreprise"] } },
    { any: [{ tier: 'vip' }, { organisation: 'acme' }] },
    { not: { channel: 'github' } },
    { requester: { domain: `client${i}.example` } },
    { text: { contains: [`${word(i)} ${word(i + 1)}`] } },
    { all: [{ language: 'fr' }, { form: 'incident' }, { priority: 'high' }] },
  ];
  return {
    id: `rule-${i}`,
    description: `Generated rule ${i}`,
    when: { all: [kinds[i % kinds.length], { channel: ['web', 'email'] }] },
    then: {
      labels: [`gen-${i % 20}`],
      tags: [word(i)],
      ...(i % 3 === 0 ? { team: 'billing' } : {}),
      ...(i % 7 === 0 ? { priority: 'high' } : {}),
    },
  };
}

function article(lang: 'fr' | 'en', i: number, total: number): string {
  const other = (i * 7 + 1) % total;
  const paragraphs = Array.from(
    { length: 6 },
    (_, p) => Array.from({ length: 50 }, (_, w) => word(i + p + w)).join(' ') + '.',
  );
  paragraphs.splice(
    2,
    0,
    `Voir [l'article lié](${lang === 'fr' ? 'article' : 'article-en'}-${other}.md) et [la traduction](../${lang === 'fr' ? 'en/article-en' : 'fr/article'}-${i}.md).`,
  );
  const frontmatter = {
    title: `${lang === 'fr' ? 'Article' : 'Article'} ${i}: ${word(i)}`,
    summary: `Résumé de l'article ${i} sur ${word(i)}.`,
    category: i % 2 === 0 ? 'access' : 'billing',
    tags: [word(i), word(i + 2)],
    lang,
    translationKey: `key-${i}`,
    updated: '2026-10-01',
    reviewBy: '2027-06-01',
    visibility: 'public',
    draft: false,
    aliases: [word(i + 4)],
    related: [`${lang === 'fr' ? 'article' : 'article-en'}-${other}`],
  };
  return `---\n${stringify(frontmatter)}---\n\n${paragraphs.join('\n\n')}\n`;
}

async function generate(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'repodesk-bench-validate-'));
  await cp(path.join(repoRoot, 'test/fixtures/rules/valid/rules'), path.join(dir, 'rules'), {
    recursive: true,
  });
  await writeFile(
    path.join(dir, 'rules/routing.yaml'),
    stringify({ rules: Array.from({ length: ruleCount }, (_, i) => rule(i)) }),
  );
  const perLanguage = Math.floor(articleCount / 2);
  for (const lang of ['fr', 'en'] as const) {
    await mkdir(path.join(dir, 'kb', lang), { recursive: true });
    const prefix = lang === 'fr' ? 'article' : 'article-en';
    await Promise.all(
      Array.from({ length: perLanguage }, (_, i) =>
        writeFile(path.join(dir, 'kb', lang, `${prefix}-${i}.md`), article(lang, i, perLanguage)),
      ),
    );
  }
  return dir;
}

async function time(root: string) {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let last;
  for (let run = 0; run <= runs; run += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    last = await loadRules(root, { now });
    const cpu = process.cpuUsage(cpuStart);
    samples.push(performance.now() - start);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
  }
  const [cold, ...warm] = samples;
  const sorted = [...warm].sort((a, b) => a - b);
  const cpuSorted = cpuSamples.slice(1).sort((a, b) => a - b);
  const median = (list: number[]) => list[Math.floor(list.length / 2)]!;
  const fmt = (n: number) => n.toFixed(0);
  // CPU time is reported too: on a shared machine it varies less than wall time.
  return {
    result: last!,
    figures: `median_ms=${fmt(median(sorted))} min_ms=${fmt(sorted[0]!)} max_ms=${fmt(sorted.at(-1)!)} cold_ms=${fmt(cold!)} cpu_median_ms=${fmt(median(cpuSorted))}`,
  };
}

const generated = await generate();
try {
  // Shipped content first, so its cold figure includes compiling the schemas as at bot start.
  const shipped = await time(repoRoot);
  const synthetic = await time(generated);
  const errors = synthetic.result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0)
    throw new Error(`generated root is invalid: ${errors.length} errors, first: ${errors[0]!.message}`);
  console.log(
    `bench validate rules=${ruleCount} articles=${synthetic.result.articles.length} ${synthetic.figures}`,
  );
  console.log(
    `bench validate root=shipped rule_files=${shipped.result.ruleFiles.length} articles=${shipped.result.articles.length} problems=${shipped.result.problems.length} ${shipped.figures}`,
  );
} finally {
  await rm(generated, { recursive: true, force: true });
}
