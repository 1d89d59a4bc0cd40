// `npm run build` run again after a change rewrites only the pages the change shows on, and indexes again
// only the languages whose articles changed (site/build-site.ts); whatever it keeps, the site is the one a
// build from nothing writes, file for file. Each case starts from the same first build (its output
// folder and cache put back with their times), changes the content, builds again, and compares with a
// build from nothing of the changed content.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureRoot, repo } from './support/built-site.ts';

const run = promisify(execFile);
const work = await mkdtemp(path.join(os.tmpdir(), 'repodesk-incremental-'));
const root = path.join(work, 'content');
const out = path.join(work, 'dist');
const cache = path.join(work, 'cache');
const firstOut = path.join(work, 'first-dist');
const firstCache = path.join(work, 'first-cache');
const referenceOut = path.join(work, 'reference-dist');
const referenceCache = path.join(work, 'reference-cache');

async function build(output: string, cacheDir: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('npm', ['run', 'build', '--silent'], {
    cwd: repo,
    env: {
      ...process.env,
      REPODESK_ROOT: root,
      REPODESK_OUT: output,
      REPODESK_SITE_CACHE: cacheDir,
      PUBLIC_BOT_URL: '/',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** What a build says on its error stream when it fails (it throws when the build succeeds). */
async function failedBuild(output: string, cacheDir: string): Promise<string> {
  const failure = await build(output, cacheDir).then(
    () => undefined,
    (error: unknown) => error as { stderr: string },
  );
  if (!failure) throw new Error(`the build into ${output} succeeded`);
  return failure.stderr;
}

/** Builds into `output` with `cacheDir` and returns what the build reported (site/build-site.ts BuildReport). */
async function buildReport(output: string, cacheDir: string): Promise<Record<string, unknown>> {
  const reportFile = path.join(work, 'report.json');
  await build(output, cacheDir, { REPODESK_BUILD_REPORT: reportFile });
  return JSON.parse(await readFile(reportFile, 'utf8')) as Record<string, unknown>;
}

/** How many articles the build parsed and validated, and how many it took from its cache. */
async function articlesRead(output: string, cacheDir: string): Promise<unknown> {
  return (await buildReport(output, cacheDir)).articlesRead;
}

/** What the build said of its search indexes, and whether it loaded the Markdown pipeline. */
async function indexesReport(output: string, cacheDir: string): Promise<unknown> {
  const report = await buildReport(output, cacheDir);
  return {
    startedEarly: report.languagesStartedEarly,
    processes: report.indexesStarted,
    indexed: report.languagesIndexed,
    kept: report.languagesKept,
    markdown: report.markdownLoaded,
  };
}

/** How many article files the build read to tell which languages changed, and which it started early. */
async function filesHashed(output: string, cacheDir: string): Promise<unknown> {
  const report = await buildReport(output, cacheDir);
  return { hashed: report.filesHashed, startedEarly: report.languagesStartedEarly };
}

/** The reference's cache without what describes a previous build of it (Astro's output is kept). */
async function referenceFromNothing(): Promise<void> {
  await rm(referenceOut, { recursive: true, force: true });
  for (const file of ['manifest.json', 'first-pass.json'])
    await rm(path.join(referenceCache, file), { force: true });
}

/** Every file of a folder (relative path) with its modification time. */
async function files(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    found.set(path.relative(dir, file), (await stat(file)).mtimeMs);
  }
  return found;
}

// The output folder as each case starts.
let before = new Map<string, number>();

/** The files the build wrote or removed since the case started. */
async function touched(): Promise<{ written: string[]; removed: string[] }> {
  const after = await files(out);
  return {
    written: [...after]
      .filter(([file, time]) => before.get(file) !== time)
      .map(([file]) => file)
      .sort(),
    removed: [...before.keys()].filter((file) => !after.has(file)).sort(),
  };
}

/** Throws naming the first file that differs between the rebuilt site and a build from nothing. */
async function expectSameAsFromNothing(env: Record<string, string> = {}): Promise<void> {
  // The reference keeps only Astro's output (which does not read kb/) in its cache between cases.
  await referenceFromNothing();
  await build(referenceOut, referenceCache, env);
  const rebuilt = [...(await files(out)).keys()].sort();
  expect(rebuilt).toEqual([...(await files(referenceOut)).keys()].sort());
  for (const file of rebuilt) {
    const [mine, reference] = await Promise.all([
      readFile(path.join(out, file)),
      readFile(path.join(referenceOut, file)),
    ]);
    expect(mine.equals(reference), `${file} differs from a build from nothing`).toBe(true);
  }
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const target = path.join(root, file);
  await writeFile(target, change(await readFile(target, 'utf8')));
}

const pagefindFiles = (list: string[], lang: string) =>
  list.filter(
    (file) =>
      file.startsWith('pagefind/') &&
      path
        .basename(file)
        .replace(/^pagefind\./, '')
        .startsWith(`${lang}_`),
  );

beforeAll(async () => {
  await cp(fixtureRoot, root, { recursive: true });
  await build(firstOut, firstCache);
});

beforeEach(async () => {
  await rm(root, { recursive: true, force: true });
  await cp(fixtureRoot, root, { recursive: true });
  for (const [from, to] of [
    [firstOut, out],
    [firstCache, cache],
  ] as const) {
    await rm(to, { recursive: true, force: true });
    if (existsSync(from)) await cp(from, to, { recursive: true, preserveTimestamps: true });
  }
  // The cache describes the folder it was built into: the first build's, under another name here.
  const manifestFile = path.join(cache, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { out: string };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, out }));
  }
  before = await files(out);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a build after a change redoes only what the change touches', () => {
  it('nothing changed: no page is written and no index is built', async () => {
    const said = await build(out, cache);
    expect(said).toContain('site: 0 pages written, 14 unchanged; Astro cached; search index unchanged');
    expect(await touched()).toEqual({ written: [], removed: [] });
  });

  it("one article's text changed: only its page is written, and only its language's index is built again", async () => {
    await edit(
      'kb/fr/moyens-de-paiement.md',
      (text) => `${text}\nLe virement est crédité sous deux jours ouvrés.\n`,
    );
    const said = await build(out, cache);
    const { written, removed } = await touched();
    expect(written.filter((file) => file.endsWith('.html'))).toEqual([
      'fr/articles/moyens-de-paiement/index.html',
    ]);
    expect(pagefindFiles(written, 'en')).toEqual([]);
    expect(pagefindFiles(written, 'fr').length).toBeGreaterThan(0);
    // The fragment of the old text is gone with the old metadata.
    expect(pagefindFiles(removed, 'fr').length).toBeGreaterThanOrEqual(2);
    expect(said).toContain('site: 1 page written, 13 unchanged; Astro cached; search index built for fr');
    await expectSameAsFromNothing();
  });

  it("an article's title changed: its page and every page showing its card are written", async () => {
    await edit('kb/fr/moyens-de-paiement.md', (text) =>
      text.replace('title: Changer de moyen de paiement', 'title: Changer de mode de paiement'),
    );
    await build(out, cache);
    const { written } = await touched();
    expect(written.filter((file) => file.endsWith('.html'))).toEqual([
      'fr/articles/moyens-de-paiement/index.html',
      'fr/articles/obtenir-un-duplicata-de-facture/index.html',
      'fr/categories/billing/index.html',
      'fr/index.html',
    ]);
    expect(pagefindFiles(written, 'en')).toEqual([]);
    await expectSameAsFromNothing();
  });

  it('an article withdrawn as a draft: its page goes, links to it become text, its translation no longer points to it', async () => {
    await edit('kb/fr/moyens-de-paiement.md', (text) => text.replace('draft: false', 'draft: true'));
    await build(out, cache);
    const { written, removed } = await touched();
    expect(removed).toContain('fr/articles/moyens-de-paiement/index.html');
    expect(written.filter((file) => file.endsWith('.html'))).toEqual([
      'en/articles/payment-methods/index.html',
      'fr/articles/obtenir-un-duplicata-de-facture/index.html',
      'fr/categories/billing/index.html',
      'fr/index.html',
    ]);
    const linking = await readFile(
      path.join(out, 'fr/articles/obtenir-un-duplicata-de-facture/index.html'),
      'utf8',
    );
    expect(linking).toContain('les moyens de paiement');
    expect(linking).not.toContain('/fr/articles/moyens-de-paiement/');
    await expectSameAsFromNothing();
  });

  it('a new article: its page, its category, its home page and its language index are written', async () => {
    await writeFile(
      path.join(root, 'kb/fr/remboursement.md'),
      [
        '---',
        'title: Demander un remboursement',
        'summary: Un prélèvement en double est remboursé sous cinq jours.',
        'category: billing',
        'tags: [remboursement]',
        'lang: fr',
        'translationKey: refund',
        'updated: 2026-09-02',
        'visibility: public',
        'draft: false',
        'related: [moyens-de-paiement]',
        '---',
        '',
        'Écrivez-nous depuis [les moyens de paiement](moyens-de-paiement.md) avec le numéro du prélèvement.',
        '',
      ].join('\n'),
    );
    await build(out, cache);
    const { written } = await touched();
    expect(written.filter((file) => file.endsWith('.html'))).toEqual([
      'fr/articles/remboursement/index.html',
      'fr/categories/billing/index.html',
      'fr/index.html',
    ]);
    expect(pagefindFiles(written, 'en')).toEqual([]);
    await expectSameAsFromNothing();
  });

  it('a page removed from the output folder by hand is written again', async () => {
    await rm(path.join(out, 'en/articles/payment-methods/index.html'));
    await build(out, cache);
    expect((await touched()).written.filter((file) => file.endsWith('.html'))).toEqual([
      'en/articles/payment-methods/index.html',
    ]);
    await expectSameAsFromNothing();
  });

  it('a changed rule rebuilds every page', async () => {
    await edit('rules/desk.yaml', (text) => text.replace("Centre d'aide Lumen", "Centre d'aide Lumen SA"));
    const said = await build(out, cache);
    expect(said).toContain('Astro built');
    const pages = [...(await files(out)).keys()].filter((file) => file.endsWith('.html'));
    expect((await touched()).written.filter((file) => file.endsWith('.html')).sort()).toEqual(pages.sort());
    expect(await readFile(path.join(out, 'fr/articles/moyens-de-paiement/index.html'), 'utf8')).toContain(
      'Centre d&#39;aide Lumen SA',
    );
    await expectSameAsFromNothing();
  });

  it('another bot address rebuilds every page, each naming the new address', async () => {
    await build(out, cache, { PUBLIC_BOT_URL: 'https://bot.example.org' });
    const pages = [...(await files(out)).keys()].filter((file) => file.endsWith('.html'));
    expect((await touched()).written.filter((file) => file.endsWith('.html')).sort()).toEqual(pages.sort());
    expect(await readFile(path.join(out, 'en/index.html'), 'utf8')).toContain(
      'data-bot-url="https://bot.example.org"',
    );
    await expectSameAsFromNothing({ PUBLIC_BOT_URL: 'https://bot.example.org' });
  });
});

describe('a rebuild reads again only the articles that changed, and finds the same errors as a build from nothing', () => {
  it('nothing changed: no article is parsed nor validated again', async () => {
    expect(await articlesRead(out, cache)).toEqual({ parsed: 0, reused: 10 });
  });

  it("one article's text changed: only that article is parsed and validated again", async () => {
    await edit(
      'kb/fr/moyens-de-paiement.md',
      (text) => `${text}\nLe virement est crédité sous deux jours.\n`,
    );
    expect(await articlesRead(out, cache)).toEqual({ parsed: 1, reused: 9 });
    await expectSameAsFromNothing();
    // The next build takes the changed article from the cache too.
    expect(await articlesRead(out, cache)).toEqual({ parsed: 0, reused: 10 });
  });

  it('a build from nothing parses and validates every article', async () => {
    await referenceFromNothing();
    expect(await articlesRead(referenceOut, referenceCache)).toEqual({ parsed: 10, reused: 0 });
  });

  it.each([
    [
      'a field of the wrong type',
      (text: string) => text.replace('draft: false', 'draft: peut-être'),
      'kb/fr/moyens-de-paiement.md:10:',
    ],
    [
      'broken YAML',
      (text: string) => text.replace('title: Changer de moyen de paiement', 'title: Changer: de moyen'),
      'kb/fr/moyens-de-paiement.md:2:',
    ],
    [
      'a link to a missing article',
      (text: string) => `${text}\nVoir [la facture](facture-introuvable.md).\n`,
      'kb/fr/moyens-de-paiement.md:',
    ],
    [
      'a related article that does not exist',
      (text: string) => text.replace('related: [obtenir-un-duplicata-de-facture]', 'related: [duplicata]'),
      'kb/fr/moyens-de-paiement.md:12:',
    ],
  ])(
    'a cached article edited with %s fails the rebuild with the error of a build from nothing',
    async (_, change, where) => {
      await edit('kb/fr/moyens-de-paiement.md', change);
      const rebuilt = await failedBuild(out, cache);
      expect(rebuilt).toContain(where);
      await referenceFromNothing();
      expect(rebuilt).toBe(await failedBuild(referenceOut, referenceCache));
      // Fixed again, the article builds: its error was not kept as its validated frontmatter.
      await cp(
        path.join(fixtureRoot, 'kb/fr/moyens-de-paiement.md'),
        path.join(root, 'kb/fr/moyens-de-paiement.md'),
      );
      expect(await articlesRead(out, cache)).toEqual({ parsed: 1, reused: 9 });
      await expectSameAsFromNothing();
    },
  );

  it('an article removed: the unchanged articles that point at it fail the rebuild, at their line, as from nothing', async () => {
    await rm(path.join(root, 'kb/fr/obtenir-un-duplicata-de-facture.md'));
    const rebuilt = await failedBuild(out, cache);
    // moyens-de-paiement.md was not read again: the place of its `related` entry is found all the same.
    expect(rebuilt).toContain('kb/fr/moyens-de-paiement.md:12:');
    await referenceFromNothing();
    expect(rebuilt).toBe(await failedBuild(referenceOut, referenceCache));
  });
});

describe('a rebuild starts Pagefind for the languages whose articles changed before it reads the content', () => {
  it('nothing changed: no Pagefind process is started, and the Markdown pipeline is not loaded', async () => {
    expect(await indexesReport(out, cache)).toEqual({
      startedEarly: [],
      processes: 0,
      indexed: [],
      kept: ['en', 'fr'],
      markdown: false,
    });
  });

  it.each([
    ['a French article', 'kb/fr/moyens-de-paiement.md', 'fr'],
    ['a French article in another category', 'kb/fr/mot-de-passe-oublie.md', 'fr'],
    ['an English article', 'kb/en/payment-methods.md', 'en'],
  ])("%s's text changed: its language's index starts early and is the one written", async (_, file, lang) => {
    await edit(file, (text) => `${text}\nUne phrase de plus. One more sentence.\n`);
    expect(await indexesReport(out, cache)).toEqual({
      startedEarly: [lang],
      processes: 1,
      indexed: [lang],
      kept: [lang === 'fr' ? 'en' : 'fr'],
      markdown: true,
    });
    await expectSameAsFromNothing();
  });

  it('articles of both languages changed: both indexes start early, one process each', async () => {
    await edit(
      'kb/fr/moyens-de-paiement.md',
      (text) => `${text}\nLe virement est crédité sous deux jours.\n`,
    );
    await edit('kb/en/payment-methods.md', (text) => `${text}\nA transfer is credited within two days.\n`);
    expect(await indexesReport(out, cache)).toEqual({
      startedEarly: ['en', 'fr'],
      processes: 2,
      indexed: ['en', 'fr'],
      kept: [],
      markdown: true,
    });
    await expectSameAsFromNothing();
  });

  it('a change the search records do not show (the related articles): the early index is stopped, the index kept', async () => {
    await edit('kb/fr/moyens-de-paiement.md', (text) =>
      text.replace('related: [obtenir-un-duplicata-de-facture]', 'related: []'),
    );
    expect(await indexesReport(out, cache)).toEqual({
      startedEarly: ['fr'],
      processes: 1,
      indexed: [],
      kept: ['en', 'fr'],
      markdown: true,
    });
    const { written } = await touched();
    expect(pagefindFiles(written, 'fr')).toEqual([]);
    // Its page, and the home page, which puts forward the articles most listed as related.
    expect(written.filter((file) => file.endsWith('.html'))).toEqual([
      'fr/articles/moyens-de-paiement/index.html',
      'fr/index.html',
    ]);
    await expectSameAsFromNothing();
  });
});

describe('a rebuild reads again only the article files whose stat changed, and tells a change by the text', () => {
  // Each case starts from a copy of the content: no file has the stat the cached build saw (as after a
  // checkout or a cache restored on a CI runner), so the first rebuild reads each published article's once.
  const payment = 'kb/fr/moyens-de-paiement.md';

  it('nothing changed since the last build: no article file is read to tell', async () => {
    expect(await filesHashed(out, cache)).toEqual({ hashed: 8, startedEarly: [] });
    expect(await filesHashed(out, cache)).toEqual({ hashed: 0, startedEarly: [] });
  });

  it('an article touched but unchanged: it alone is read, and its language is not indexed again', async () => {
    await build(out, cache);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, payment), later, later);
    expect(await filesHashed(out, cache)).toEqual({ hashed: 1, startedEarly: [] });
    expect(await filesHashed(out, cache)).toEqual({ hashed: 0, startedEarly: [] });
    await expectSameAsFromNothing();
  });

  it.each([
    ['a letter replaced', (text: string) => text.replace('Changer de moyen', 'Changer de noyen')],
    ['two lines swapped', (text: string) => text.replace(/^(tags: .*)\n(lang: fr)$/m, '$2\n$1')],
  ])(
    'an article changed with %s, its size and modification time put back: it is read and its language indexed again',
    async (_, change) => {
      await build(out, cache);
      const file = path.join(root, payment);
      const { size, atime, mtime } = await stat(file);
      const text = await readFile(file, 'utf8');
      const changed = change(text);
      expect(changed).not.toBe(text);
      await writeFile(file, changed);
      await utimes(file, atime, mtime);
      expect((await stat(file)).size).toBe(size);
      expect((await stat(file)).mtimeMs).toBe(mtime.getTime());
      expect(await filesHashed(out, cache)).toEqual({ hashed: 1, startedEarly: ['fr'] });
      await expectSameAsFromNothing();
    },
  );

  it('an article removed and written again with the same text: read again, its language not indexed again', async () => {
    await build(out, cache);
    const text = await readFile(path.join(root, payment));
    await rm(path.join(root, payment));
    await writeFile(path.join(root, payment), text);
    expect(await filesHashed(out, cache)).toEqual({ hashed: 1, startedEarly: [] });
    await expectSameAsFromNothing();
  });
});

describe('the build output', () => {
  it('holds no page template: every article, category and home page is filled', async () => {
    const all = [...(await files(firstOut)).keys()];
    expect(all.filter((file) => file.includes('repodesk-templates'))).toEqual([]);
    for (const file of all.filter((name) => name.endsWith('.html'))) {
      expect(await readFile(path.join(firstOut, file), 'utf8'), file).not.toMatch(/[\uE000\uE001]/);
    }
  });
});
