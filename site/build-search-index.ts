// Builds the help site's Pagefind index (`npm run build` runs it after `astro build`): one Pagefind run per
// language, one after the other, into the one bundle folder `<site>/pagefind/`. Pagefind holds every page
// it indexes in memory until it writes (about 150 KB a page), so one run over a 10,000-article site needs
// twice the memory of a run over one language. Only article pages carry `data-pagefind-body`, so each
// run reads `<lang>/articles/`; the bundle is the one a single run over the whole site writes (every
// file is named by its language and a hash of its content), except `pagefind-entry.json`, which each run
// writes for its own language and which is written here for all of them. One line of Pagefind's script is
// then changed, see `shortenReadyPoll`.
//
//   node site/build-search-index.ts [SITE]      SITE defaults to $REPODESK_OUT, else dist
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface PagefindEntry {
  version: string;
  languages: Record<string, unknown>;
  [key: string]: unknown;
}

/** Runs the Pagefind CLI; rejects with its output. */
async function pagefind(args: string[]): Promise<void> {
  try {
    await run('pagefind', [...args, '--quiet'], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`pagefind ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`, {
      cause: error,
    });
  }
}

// Pagefind 1.6's `getPtr()` (pagefind.js), which every search and fragment load goes through, waits for its
// WebAssembly and metadata by polling every 50 ms: the first search, started while they load, then sits
// 25 ms on average and up to 50 ms after they are ready (measured in Chromium on 5,000 articles: 0-42 ms
// between the index being ready and the search going on). The same loop polling every 5 ms costs nothing
// noticeable and leaves at most 5 ms.
const readyPoll =
  'while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(50);}';

/**
 * Makes the first search start within 5 ms of the index being ready instead of within 50 ms. A Pagefind
 * whose script no longer has that loop is left as it is, with a warning: search works, only slower.
 */
async function shortenReadyPoll(bundle: string): Promise<void> {
  const file = path.join(bundle, 'pagefind.js');
  const script = await readFile(file, 'utf8');
  if (!script.includes(readyPoll)) {
    process.stderr.write(
      `${file}: Pagefind's script no longer polls for its index as site/build-search-index.ts expects; ` +
        'search works, but its first result can wait up to 50 ms more: update shortenReadyPoll for this Pagefind\n',
    );
    return;
  }
  await writeFile(file, script.replace(readyPoll, readyPoll.replace('asyncSleep(50)', 'asyncSleep(5)')));
}

/** Indexes the built site in `site`. */
export async function buildSearchIndex(site: string): Promise<void> {
  if (!existsSync(site)) {
    throw new Error(`${site}: no built site to index; run astro build first (npm run build does both)`);
  }
  const languages = (await readdir(site, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && existsSync(path.join(site, entry.name, 'articles')))
    .map((entry) => entry.name)
    .sort();
  const bundle = path.join(site, 'pagefind');
  // No article published yet: Pagefind indexes every page, as it does on a site without data-pagefind-body.
  if (languages.length === 0) {
    await pagefind(['--site', site]);
    return shortenReadyPoll(bundle);
  }
  const entries: PagefindEntry[] = [];
  for (const lang of languages) {
    await pagefind(['--site', site, '--glob', `${lang}/articles/**/*.html`]);
    entries.push(
      JSON.parse(await readFile(path.join(bundle, 'pagefind-entry.json'), 'utf8')) as PagefindEntry,
    );
  }
  const [first] = entries;
  if (!first) return;
  const merged: PagefindEntry = { ...first, languages: {} };
  for (const entry of entries) Object.assign(merged.languages, entry.languages);
  await writeFile(path.join(bundle, 'pagefind-entry.json'), JSON.stringify(merged));
  await shortenReadyPoll(bundle);
}

if (import.meta.main) {
  try {
    await buildSearchIndex(path.resolve(process.argv[2] ?? (process.env.REPODESK_OUT || 'dist')));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
