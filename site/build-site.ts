// The help site and its search index in an output folder, from kb/ and rules/ under the content root
// (site/lib/content-root.ts), for `npm run build` (site/build.ts).
//
// 1. The content is read and validated once (site/lib/rules.ts): an error stops the build, naming the file.
//    An article unchanged since the last build is not parsed nor validated again (site/lib/first-pass-cache.ts).
// 2. Astro, in a process of its own (site/build-shell.ts), builds the pages that do not depend on the
//    articles and one template per language (and category) of those that do, while this process renders
//    each article and hands its search record to Pagefind, itself a process of its own
//    (site/build-search-index.ts): the three run side by side.
// 3. The article, category and home pages are their templates with the slots filled (site/lib/*-page.ts).
//
// The build cache keeps what the next build into the same output folder needs to redo only what changed:
// - Astro's output, under the hash of everything it reads (site/, src/, rules/, the Astro configuration,
//   the lockfile, the Node version, the environment it reads): unchanged, Astro does not run;
// - each filled page's key, the hash of all it shows (the article, the cards of its related articles, its
//   translations, whether each article it links to is published, …): unchanged, the page is neither
//   rendered nor written again;
// - each article's frontmatter as validated, by its text (site/lib/first-pass-cache.ts);
// - each language's search records: unchanged, its index is kept; else Pagefind indexes the language again
//   in full (Pagefind cannot update an index), reusing the files whose content did not change;
// - each language's article files, each with its stat key and the hash of its text (a file whose stat key
//   is unchanged is not read again): a language whose files changed since has its Pagefind process
//   started at once, before the content is read, and is rendered before the others,
//   so that Pagefind indexes it while the rest of the site is checked (a hint only: which indexes are
//   built, and from which records, is decided by the records themselves, as above).
// Anything else that changed (a template, a rule, the site's code) rebuilds everything. The output folder
// is part of that state: a build into a folder the cache does not describe starts from nothing, and a
// build that fails leaves no manifest, so the next one starts from nothing too.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../src/rules/types.ts';
import {
  bundleHolds,
  indexWholeSite,
  languageFileSizes,
  startLanguageIndex,
  writeEntry,
  type EntryLanguage,
  type LanguageIndex,
  type SearchRecord,
} from './build-search-index.ts';
import { articlePageSlots, searchRecord } from './lib/article-page.ts';
import {
  articleFiles,
  articlesIn,
  essentialArticles,
  loadRenderer,
  publishedArticles,
  relatedTo,
  renderArticle,
  rendererLoaded,
  translationsOf,
} from './lib/articles.ts';
import { categoryPageSlots } from './lib/category-page.ts';
import { contentRoot } from './lib/content-root.ts';
import { homePageSlots } from './lib/home-page.ts';
import { fillTemplate, parseTemplate, type PageTemplate } from './lib/page-slots.ts';
import { categories, localised, siteContent } from './lib/rules.ts';
import { href } from './lib/urls.ts';
import { listFiles, templatesFolder, type AstroOutput } from './start-astro.ts';

/** Where a build writes and keeps its cache. */
export interface BuildOptions {
  /** The output folder (absolute). */
  out: string;
  /** The build cache of that output folder (absolute). */
  cacheDir: string;
  /** Astro's progress is shown unless quiet. */
  quiet: boolean;
}

/** What a build did: for its last line, and for the benchmark. */
export interface BuildReport {
  /** Why nothing of the previous build was kept, when so. */
  fromNothing?: string;
  astro: 'built' | 'cached';
  pagesWritten: number;
  pagesKept: number;
  languagesIndexed: string[];
  languagesKept: string[];
  /** Languages whose index was started before the content was read: their article files had changed. */
  languagesStartedEarly: string[];
  /** Pagefind processes started (one per language indexed, plus any started early and not needed). */
  indexesStarted: number;
  /**
   * Article files read and hashed to tell whether their language changed: the others had the stat key of
   * the previous build.
   */
  filesHashed: number;
  /** Whether the Markdown pipeline was loaded: only when an article is rendered, or about to be. */
  markdownLoaded: boolean;
  /** Articles whose frontmatter was parsed and validated, and those taken as validated from the cache. */
  articlesRead: { parsed: number; reused: number };
  /**
   * Milliseconds from the start until the content was validated, Astro was done, the pages were written,
   * the index was written, the end; `indexing`, the time Pagefind's indexes took (beside the rest; the sum
   * of the languages', which are written at once); and `loaded`, the time from the process's start to the
   * build's (Node's start and the modules it loaded).
   */
  timings: Record<string, number>;
}

interface PageEntry {
  key: string;
  size: number;
  /** Article files (relative to the content root) the page's article links to. */
  linked?: string[];
}

interface SearchEntry {
  entry: EntryLanguage;
  /** The language's files in the bundle, relative to it, with their sizes. */
  files: Record<string, number>;
  /** The language's article files (relative to the content root), in URL order, with their stamps. */
  stamps?: Record<string, FileStamp>;
}

interface Manifest {
  format: 1;
  root: string;
  out: string;
  siteKey: string;
  /** Files copied from Astro's output, relative to the output folder, with their sizes. */
  shell: Record<string, number>;
  /** Filled pages, relative to the output folder. */
  pages: Record<string, PageEntry>;
  search: Record<string, SearchEntry>;
}

/** The templates Astro rendered: per language, the article and home templates and one per category. */
interface Templates {
  article: Map<string, PageTemplate>;
  home: Map<string, PageTemplate>;
  category: Map<string, PageTemplate>;
}

const hash = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/** An article file as the previous build read it: its stat key and the hash of its text. */
type FileStamp = [statKey: string, textHash: string];

/**
 * The stamps of `files` (relative to the content root), 64 at a time: a file whose stat key (inode, size,
 * modification and change times, as git's index keeps them) is the one in `before` keeps its hash without
 * being read; any other is read and hashed, the hash being what tells a change (a file touched but
 * unchanged hashes the same). A user can set a file's modification time back, never its change time. A
 * file that cannot be read is left out, so it never matches a stamp of a file that is there.
 */
async function stampFiles(
  files: readonly string[],
  before: Readonly<Record<string, FileStamp>> | undefined,
): Promise<{ stamps: Record<string, FileStamp>; read: number }> {
  const stamps: Record<string, FileStamp> = {};
  let read = 0;
  for (let start = 0; start < files.length; start += 64) {
    const batch = files.slice(start, start + 64);
    const found = await Promise.all(
      batch.map(async (file): Promise<FileStamp | undefined> => {
        const absolute = path.join(contentRoot, file);
        const info = await stat(absolute, { bigint: true }).catch(() => undefined);
        if (!info) return undefined;
        const key = `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
        const held = before?.[file];
        if (held?.[0] === key) return held;
        const text = await readFile(absolute).catch(() => undefined);
        if (!text) return undefined;
        read += 1;
        return [key, hash(text)];
      }),
    );
    batch.forEach((file, i) => {
      const stamp = found[i];
      if (stamp) stamps[file] = stamp;
    });
  }
  return { stamps, read };
}

/** Whether two languages' stamps name the same files, in the same order, with the same texts. */
function sameTexts(a: Readonly<Record<string, FileStamp>>, b: Readonly<Record<string, FileStamp>>): boolean {
  const files = Object.keys(a);
  if (files.join('\0') !== Object.keys(b).join('\0')) return false;
  return files.every((file) => a[file]![1] === b[file]![1]);
}

/** The previous build's manifest when it describes this output folder and this site; else why not. */
async function readManifest(
  { out, cacheDir }: BuildOptions,
  siteKey: string,
): Promise<{ manifest?: Manifest; reason?: string }> {
  const manifest = (await readFile(path.join(cacheDir, 'manifest.json'), 'utf8').then(
    JSON.parse,
    () => undefined,
  )) as Manifest | undefined;
  if (manifest?.format !== 1) return { reason: `no build cache in ${cacheDir}` };
  if (manifest.siteKey !== siteKey) return { reason: 'the site, its rules or its settings changed' };
  if (manifest.root !== contentRoot) return { reason: `the cache is of ${manifest.root}` };
  if (manifest.out !== out || !existsSync(out)) return { reason: `the cache describes ${manifest.out}` };
  return { manifest };
}

async function readTemplates(
  shellDir: string,
  languages: readonly string[],
  categoryIds: readonly string[],
): Promise<Templates> {
  const read = async (page: string) =>
    parseTemplate(await readFile(path.join(shellDir, templatesFolder, page, 'index.html'), 'utf8'));
  const templates: Templates = { article: new Map(), home: new Map(), category: new Map() };
  for (const lang of languages) {
    templates.article.set(lang, await read(`${lang}/article`));
    templates.home.set(lang, await read(`${lang}/home`));
    for (const id of categoryIds)
      templates.category.set(`${lang}/${id}`, await read(`${lang}/categories/${id}`));
  }
  // The slots are filled with this process's URLs: they must be the ones Astro wrote.
  const [sample] = templates.home.values();
  const astroBase = /data-base="([^"]*)"/.exec(sample?.parts[0] ?? '')?.[1];
  if (sample && astroBase !== href('')) {
    throw new Error(
      `the site's base path is "${astroBase}" in Astro's pages but "${href('')}" here: SITE_BASE must be read the same way by both`,
    );
  }
  return templates;
}

/** Writes filled pages a few at a time, once the templates are there. */
class PageWriter {
  private readonly tasks: (() => Promise<void>)[] = [];
  private next = 0;
  private running = 0;
  private idle: (() => void) | undefined;
  private failure: unknown;
  private readonly out: string;
  private readonly templates: Promise<Templates>;
  written = 0;

  constructor(out: string, templates: Promise<Templates>) {
    this.out = out;
    this.templates = templates;
    templates.catch(() => undefined);
  }

  /** Queues `page` (relative to the output folder): the template `pick` chooses, filled with `slots`. */
  write(
    page: string,
    pick: (templates: Templates) => PageTemplate | undefined,
    slots: Record<string, string>,
    onSize: (size: number) => void,
  ): void {
    this.tasks.push(async () => {
      const template = pick(await this.templates);
      if (!template) throw new Error(`${page}: Astro wrote no template for this page`);
      const html = fillTemplate(template, slots, page);
      const file = path.join(this.out, page);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, html);
      onSize(Buffer.byteLength(html));
      this.written += 1;
    });
    this.pump();
  }

  private pump(): void {
    while (this.running < 8 && this.next < this.tasks.length) {
      const task = this.tasks[this.next]!;
      this.tasks[this.next] = async () => undefined;
      this.next += 1;
      this.running += 1;
      void task()
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
          if (this.running === 0 && this.next === this.tasks.length) this.idle?.();
        });
    }
  }

  /** Resolves once every queued page is written; rejects with the first failure. */
  async done(): Promise<void> {
    if (this.running > 0 || this.next < this.tasks.length) {
      await new Promise<void>((resolve) => (this.idle = resolve));
    }
    if (this.failure) throw this.failure;
  }
}

/** The card data of articles, as a page key sees them. */
const cards = (articles: readonly Article[]) => articles.map((a) => [a.lang, a.slug, a.title, a.summary]);
const bySlug = (a: Article, b: Article) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/**
 * Builds the site into `options.out`, from the cache of the previous build where it still holds, with
 * `astro`, Astro's output for this build (site/start-astro.ts, started into the same build cache).
 */
export async function buildSite(options: BuildOptions, astro: AstroOutput): Promise<BuildReport> {
  // The languages' indexes, each a process: stopped if the build fails before writing them.
  const indexes: LanguageIndex[] = [];
  try {
    return await build(options, astro, indexes);
  } catch (error) {
    astro.stop();
    for (const index of indexes) index.abort();
    throw error;
  }
}

async function build(
  options: BuildOptions,
  astro: AstroOutput,
  indexes: LanguageIndex[],
): Promise<BuildReport> {
  const { out, cacheDir } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const report: BuildReport = {
    astro: astro.cached ? 'cached' : 'built',
    pagesWritten: 0,
    pagesKept: 0,
    languagesIndexed: [],
    languagesKept: [],
    languagesStartedEarly: [],
    indexesStarted: 0,
    filesHashed: 0,
    markdownLoaded: false,
    articlesRead: { parsed: 0, reused: 0 },
    timings: { indexing: 0, loaded: Math.round(started) },
  };
  const { siteKey } = astro;
  const { manifest: previous, reason } = await readManifest(options, siteKey);
  if (reason) report.fromNothing = reason;
  await mkdir(cacheDir, { recursive: true });
  await rm(path.join(cacheDir, 'manifest.json'), { force: true });

  // The languages whose article files changed since the previous build get their index process now, so
  // that it is ready (Pagefind started, its index created) when the records come; the hashes are kept for
  // the manifest when the language's files are the same ones.
  const early = new Map<string, LanguageIndex>();
  const stampsNow = new Map<string, Record<string, FileStamp>>();
  const predicting = Promise.all(
    Object.entries(previous?.search ?? {}).map(async ([lang, { stamps }]) => {
      if (!stamps) return;
      const now = await stampFiles(Object.keys(stamps), stamps);
      report.filesHashed += now.read;
      stampsNow.set(lang, now.stamps);
      if (sameTexts(now.stamps, stamps)) return;
      const index = startLanguageIndex(lang);
      indexes.push(index);
      early.set(lang, index);
      report.languagesStartedEarly.push(lang);
      // Its changed article will be rendered first: its Markdown pipeline loads while the content is read.
      loadRenderer().catch(() => undefined);
    }),
  );
  /** The language's index process: the one started early, else a new one. */
  const languageIndex = (lang: string): LanguageIndex => {
    const started = early.get(lang);
    early.delete(lang);
    if (started) return started;
    const index = startLanguageIndex(lang);
    indexes.push(index);
    return index;
  };

  const content = siteContent({ cacheDir });
  const shell = astro.built(content.then(({ rules }) => rules)).then(() => {
    report.timings.astro = elapsed();
  });
  shell.catch(() => undefined);
  const { rules, firstPass } = await content;
  if (firstPass) report.articlesRead = { ...firstPass };
  report.timings.content = elapsed();
  if (!previous) await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await predicting;

  const languages = [...rules.desk.languages].sort();
  // The languages whose index was started early come first: Pagefind indexes them while the others are done.
  const order = [...languages].sort((a, b) => Number(early.has(b)) - Number(early.has(a)));
  const categoryList = await categories();
  const categoryIds = categoryList.map((category) => category.id);
  const shellDir = path.join(cacheDir, 'shell');
  const writer = new PageWriter(
    out,
    shell.then(() => readTemplates(shellDir, languages, categoryIds)),
  );
  const published = await articleFiles();
  const relative = (file: string) => path.relative(contentRoot, file).split(path.sep).join('/');
  const holds = async (file: string, size: number | undefined) =>
    size !== undefined && (await stat(path.join(out, file)).catch(() => undefined))?.size === size;
  const pages: Record<string, PageEntry> = {};
  const search: Record<string, SearchEntry> = {};
  const stamps: Record<string, Promise<Record<string, FileStamp>>> = {};
  const bundle = path.join(out, 'pagefind');

  // Each language's index is written as soon as its pages are all added, beside the others' (one process
  // each): at 10,000 articles the second language no longer waits 6–13 s for the first one's write.
  const indexing: Promise<void>[] = [];
  const write = (lang: string, index: LanguageIndex) => {
    const writing = (async () => {
      const began = performance.now();
      const entry = await index.write(bundle);
      search[lang] = { entry, files: await languageFileSizes(bundle, entry.hash.split('_')[0]!) };
      report.timings.indexing! += Math.round(performance.now() - began);
    })();
    writing.catch(() => undefined);
    indexing.push(writing);
  };

  /**
   * Keeps the page when its key is the previous build's and it is still there; else renders and queues it.
   * The key is made only when the previous build has the page, or when the render gives none: an article's
   * key hashes its whole text, and from nothing its render gives the key (with the files it links to).
   */
  const page = async (
    file: string,
    key: () => string,
    render: () => Promise<{ slots: Record<string, string>; key?: string; linked?: string[] }>,
    pick: (templates: Templates) => PageTemplate | undefined,
  ): Promise<void> => {
    const before = previous?.pages[file];
    if (before && before.key === key() && (await holds(file, before.size))) {
      pages[file] = before;
      report.pagesKept += 1;
      return;
    }
    const rendered = await render();
    const entry: PageEntry = { key: rendered.key ?? key(), size: 0 };
    if (rendered.linked) entry.linked = rendered.linked;
    pages[file] = entry;
    writer.write(file, pick, rendered.slots, (size) => (entry.size = size));
  };

  for (const lang of order) {
    const articles = [...(await articlesIn(lang))].sort(bySlug);
    const sourceFiles = articles.map((article) => relative(path.resolve(contentRoot, article.file)));
    const predicted = stampsNow.get(lang);
    stamps[lang] =
      predicted && Object.keys(predicted).join('\0') === sourceFiles.join('\0')
        ? Promise.resolve(predicted)
        : stampFiles(sourceFiles, predicted ?? previous?.search[lang]?.stamps).then(
            ({ stamps: found, read }) => {
              report.filesHashed += read;
              return found;
            },
          );
    const recordsFile = path.join(cacheDir, 'records', `${lang}.json`);
    const cachedRecords = previous
      ? ((await readFile(recordsFile, 'utf8').then(JSON.parse, () => ({}))) as Record<string, string>)
      : {};
    const before = previous?.search[lang];
    // Without a usable index of the language, records go to Pagefind as they are rendered; with one, from
    // the first record that differs from the previous build's (in URL order, as the index wants them), the
    // ones before it fed from the cache, so that Pagefind works while the rest is checked and written.
    let stream =
      articles.length > 0 && !(before && (await bundleHolds(bundle, before.files)))
        ? languageIndex(lang)
        : undefined;
    const records: SearchRecord[] = [];
    const cachedPaths = Object.keys(cachedRecords);
    let recordsChanged = !previous;
    const deskName = localised(rules.desk.name, lang);
    for (const article of articles) {
      const file = `${lang}/articles/${article.slug}/index.html`;
      const category = categoryList.find((candidate) => candidate.id === article.category);
      const related = await relatedTo(article);
      const translations = await translationsOf(article);
      const key = (linked: readonly string[]) =>
        hash(
          JSON.stringify([
            siteKey,
            article,
            cards(related),
            [...translations].map(([other, entry]) => [other, entry.slug]),
            linked.map((target) => [target, published.get(path.join(contentRoot, target)) ?? null]),
          ]),
        );
      let record: string | undefined;
      await page(
        file,
        () => key(previous?.pages[file]?.linked ?? []),
        async () => {
          const body = await renderArticle(article);
          const { slots, element } = articlePageSlots(article, {
            body: body.html,
            categoryName: category ? localised(category.name, lang) : undefined,
            translations,
            related,
            languages: rules.desk.languages,
            deskName,
          });
          record = searchRecord(lang, element);
          const linked = body.linkedFiles.map(relative);
          return { slots, linked, key: key(linked) };
        },
        (templates) => templates.article.get(lang),
      );
      if (record === undefined) {
        record = cachedRecords[file];
        if (record === undefined)
          throw new Error(`${file}: its search record is missing from ${recordsFile}`);
      } else if (record !== cachedRecords[file]) {
        recordsChanged = true;
      }
      if (cachedPaths[records.length] !== file) recordsChanged = true;
      records.push({ path: file, html: record });
      if (!stream && recordsChanged) {
        stream = languageIndex(lang);
        for (const earlier of records.slice(0, -1)) stream.add(earlier);
      }
      stream?.add({ path: file, html: record });
    }
    if (cachedPaths.length !== records.length) recordsChanged = true;
    if (articles.length === 0) {
      // No published article in this language any more: no index.
      for (const file of Object.keys(before?.files ?? {})) await rm(path.join(bundle, file), { force: true });
    } else if (stream || recordsChanged) {
      let index = stream;
      if (!index) {
        index = languageIndex(lang);
        for (const record of records) index.add(record);
      }
      write(lang, index);
      report.languagesIndexed.push(lang);
    } else if (before) {
      search[lang] = before;
      report.languagesKept.push(lang);
    }
    if (recordsChanged) {
      await mkdir(path.dirname(recordsFile), { recursive: true });
      await writeFile(recordsFile, JSON.stringify(Object.fromEntries(records.map((r) => [r.path, r.html]))));
    }

    const all = await articlesIn(lang);
    const essentials = await essentialArticles(lang, 6);
    const counts = categoryIds.map((id) => [id, all.filter((article) => article.category === id).length]);
    await page(
      `${lang}/index.html`,
      () => hash(JSON.stringify([siteKey, counts, cards(essentials)])),
      async () => ({ slots: homePageSlots(lang, categoryIds, all, essentials) }),
      (templates) => templates.home.get(lang),
    );
    for (const id of categoryIds) {
      const listed = all.filter((article) => article.category === id);
      await page(
        `${lang}/categories/${id}/index.html`,
        () => hash(JSON.stringify([siteKey, cards(listed)])),
        async () => ({ slots: categoryPageSlots(lang, listed) }),
        (templates) => templates.category.get(`${lang}/${id}`),
      );
    }
  }

  // Early indexes of languages whose records turned out unchanged: not needed.
  for (const index of early.values()) index.abort();
  early.clear();

  await shell;
  const shellFiles: Record<string, number> = {};
  for (const file of listFiles(shellDir, templatesFolder)) {
    const size = (await stat(path.join(shellDir, file))).size;
    shellFiles[file] = size;
    if (previous?.shell[file] === size && (await holds(file, size))) continue;
    await mkdir(path.dirname(path.join(out, file)), { recursive: true });
    await copyFile(path.join(shellDir, file), path.join(out, file));
  }
  await writer.done();
  report.pagesWritten = writer.written;
  report.timings.pages = elapsed();

  await Promise.all(indexing);
  report.languagesIndexed.sort();
  report.languagesKept.sort();
  report.languagesStartedEarly.sort();
  if ((await publishedArticles()).length === 0) await indexWholeSite(out);
  else if (report.languagesIndexed.length > 0) {
    const entries: Record<string, EntryLanguage> = {};
    for (const lang of languages) if (search[lang]) entries[lang] = search[lang].entry;
    await writeEntry(bundle, entries);
  }
  report.timings.search = elapsed();

  // Pages of the previous build that this one did not write: withdrawn articles, removed categories.
  for (const file of Object.keys(previous?.pages ?? {})) {
    if (pages[file]) continue;
    await rm(path.join(out, file), { force: true });
    // Its folder too, when nothing else is left in it.
    await rmdir(path.dirname(path.join(out, file))).catch(() => undefined);
  }
  for (const [lang, entry] of Object.entries(search)) {
    const languageStamps = await stamps[lang];
    if (languageStamps) entry.stamps = languageStamps;
  }
  const manifest: Manifest = { format: 1, root: contentRoot, out, siteKey, shell: shellFiles, pages, search };
  await writeFile(path.join(cacheDir, 'manifest.json'), JSON.stringify(manifest));
  report.indexesStarted = indexes.length;
  report.markdownLoaded = rendererLoaded();
  report.timings.end = elapsed();
  return report;
}
