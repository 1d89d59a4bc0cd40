// The help site's Pagefind index, one language at a time, into the one bundle folder `<site>/pagefind/`.
// site/build-site.ts hands each language's pages over as search records (the page's `<article
// data-pagefind-body>` in a document of its language) through Pagefind's Node API while it renders, instead
// of Pagefind reading every page back from disk; the records are the part of a page Pagefind reads, so the
// fragments are the ones its CLI writes for the built pages. Pages are added in URL order (Pagefind's
// page numbers, hence its files, follow the order pages are added), so the same records always give the
// same files. Each language is indexed in processes of its own
// (site/index-language.ts), so that one language's pages are added while another one is written, and two
// languages are written at once; Pagefind's memory peaks while it writes (about 200 KB a page here): the
// largest process holds one language, not the whole site.
//
// Each index writes into a folder of its own beside the bundle (`.pagefind-<lang>`), whose `fragment/`,
// `index/` and `filter/` are links to the bundle's: the language's files, all named after it, land in the
// bundle, and the files every index writes (Pagefind's scripts, its WebAssembly, its entry file) do not,
// until each is moved in whole (the same bytes from every language). Pagefind cannot update an index: a
// language whose records changed is indexed again in full. Its files are written over the previous ones
// (Pagefind skips a file whose content-hashed name already exists), then the files its new metadata no
// longer names are removed. `pagefind-entry.json`, which each index writes for its own language, is written
// here for all of them; Pagefind's script is then changed as site/patch-pagefind-script.ts says.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { patchPagefindScript } from './patch-pagefind-script.ts';

/** One page for the index: its path in the site (`fr/articles/slug/index.html`) and its record. */
export interface SearchRecord {
  path: string;
  html: string;
}

/** What `pagefind-entry.json` says of one language. */
export interface EntryLanguage {
  hash: string;
  wasm?: string | null;
  page_count: number;
}

interface PagefindEntry {
  version: string;
  languages: Record<string, EntryLanguage>;
  [key: string]: unknown;
}

/** The bundle's folders of files named after their language (`fr_…`), written through links (see above). */
const languageFolders = ['fragment', 'index', 'filter'];

/** Fails with Pagefind's errors, naming what was being done. */
function check(what: string, errors: string[]): void {
  if (errors.length > 0) throw new Error(`Pagefind could not ${what}:\n${errors.join('\n')}`);
}

/** The files of `lang`'s index in the bundle, relative to it: metadata, fragments, index and filter chunks. */
export async function languageFiles(bundle: string, lang: string): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ['fragment', 'index', 'filter']) {
    const names = await readdir(path.join(bundle, folder)).catch(() => [] as string[]);
    for (const name of names) if (name.startsWith(`${lang}_`)) files.push(`${folder}/${name}`);
  }
  for (const name of await readdir(bundle).catch(() => [] as string[])) {
    if (name.startsWith(`pagefind.${lang}_`) && name.endsWith('.pf_meta')) files.push(name);
  }
  return files.sort();
}

/**
 * Removes the files of `lang` that its metadata (`pagefind.<hash>.pf_meta`) no longer names: the previous
 * index's. Every fragment, index and filter chunk is named in the metadata by its hash, as text.
 */
async function removeUnnamedFiles(bundle: string, lang: string, entry: EntryLanguage): Promise<void> {
  const metaName = `pagefind.${entry.hash}.pf_meta`;
  const meta = gunzipSync(await readFile(path.join(bundle, metaName))).toString('latin1');
  const prefix = lang.replace(/[^\w-]/g, '');
  const named = new Set(meta.match(new RegExp(`${prefix}_[0-9a-f]+`, 'g')));
  for (const file of await languageFiles(bundle, lang)) {
    if (file === metaName) continue;
    const hash = path
      .basename(file)
      .replace(/^pagefind\./, '')
      .replace(/\.pf_\w+$/, '');
    const stale = file.endsWith('.pf_meta') || !(named.has(hash) || meta.includes(hash));
    if (stale) await rm(path.join(bundle, file), { force: true });
  }
}

/** One language's index being built in its own process (site/index-language.ts). */
export interface LanguageIndex {
  /** Adds a page; pages are indexed in the order they are added. */
  add(record: SearchRecord): void;
  /**
   * Writes the index into `bundle`, replacing that language's previous index there; resolves with its
   * entry. Other languages may be written into the same bundle at the same time.
   */
  write(bundle: string): Promise<EntryLanguage>;
  /** Stops it, unwritten (the build failed). */
  abort(): void;
}

/** Starts indexing `lang`: pages can be added at once, while Pagefind reads the ones before. */
export function startLanguageIndex(lang: string): LanguageIndex {
  let output = '';
  const child = fork(path.join(import.meta.dirname, 'index-language.ts'), {
    // Pagefind's allocator (jemalloc, configured through _RJEM_MALLOC_CONF, which its service inherits from
    // this process) otherwise keeps freed pages for 10 s, and its write frees and allocates hundreds of MB:
    // returned at once, the index process of 5,000 pages peaks at 1,030 MB instead of 1,148 (the build's
    // largest process), for the same files and the same CPU time.
    env: { ...process.env, _RJEM_MALLOC_CONF: 'dirty_decay_ms:0,muzzy_decay_ms:0' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const answer = new Promise<void>((resolve, reject) => {
    child.once('message', (message: { written?: true; error?: string }) =>
      message.written ? resolve() : reject(new Error(`${lang}: ${message.error ?? 'no answer'}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`the ${lang} index ended (exit ${code}) before it was written:\n${output}`)),
    );
  });
  answer.catch(() => undefined);
  return {
    add: (record) => child.send({ record }),
    async write(bundle) {
      const staging = path.join(path.dirname(bundle), `.${path.basename(bundle)}-${lang}`);
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      for (const folder of languageFolders) {
        await mkdir(path.join(bundle, folder), { recursive: true });
        await symlink(path.join(bundle, folder), path.join(staging, folder), 'dir');
      }
      child.send({ write: staging });
      await answer;
      // The entry file of one index names its one language (as Pagefind spells it: the files' prefix).
      const written = JSON.parse(
        await readFile(path.join(staging, 'pagefind-entry.json'), 'utf8'),
      ) as PagefindEntry;
      const [indexed, ...others] = Object.keys(written.languages);
      const entry = indexed === undefined ? undefined : written.languages[indexed];
      if (!indexed || !entry || others.length > 0) {
        throw new Error(
          `Pagefind wrote ${Object.keys(written.languages).join(', ') || 'no'} index for the ${lang} pages into ${bundle}`,
        );
      }
      // Renamed, so that a file two languages write is always whole in the bundle.
      for (const file of await readdir(staging, { withFileTypes: true })) {
        if (file.isSymbolicLink()) continue;
        if (!file.isFile()) {
          throw new Error(
            `Pagefind wrote a folder ${file.name}/ beside ${languageFolders.join('/, ')}/ for the ${lang} pages; site/build-search-index.ts must link it to the bundle's too`,
          );
        }
        await rename(path.join(staging, file.name), path.join(bundle, file.name));
      }
      await rm(staging, { recursive: true, force: true });
      await removeUnnamedFiles(bundle, indexed, entry);
      return entry;
    },
    abort: () => child.kill(),
  };
}

/**
 * Indexes every page of the site: what Pagefind does on a site where no page has `data-pagefind-body`,
 * here a site with no published article yet.
 */
export async function indexWholeSite(site: string): Promise<void> {
  const created = await pagefind.createIndex({});
  check(`start an index of ${site}`, created.errors);
  try {
    const added = await created.index!.addDirectory({ path: site });
    check(`index ${site}`, added.errors);
    check(
      `write the index of ${site}`,
      (await created.index!.writeFiles({ outputPath: path.join(site, 'pagefind') })).errors,
    );
  } finally {
    await pagefind.close();
  }
  await patchPagefindScript(path.join(site, 'pagefind'));
}

/**
 * Writes `pagefind-entry.json` naming every language's index (each index writes it for its own language
 * only) and patches the script the indexes wrote.
 */
export async function writeEntry(
  bundle: string,
  languages: Readonly<Record<string, EntryLanguage>>,
): Promise<void> {
  const written = JSON.parse(
    await readFile(path.join(bundle, 'pagefind-entry.json'), 'utf8'),
  ) as PagefindEntry;
  await writeFile(path.join(bundle, 'pagefind-entry.json'), JSON.stringify({ ...written, languages }));
  await patchPagefindScript(bundle);
}

/** Sizes of the files of `lang`'s index, to notice later that one went missing. */
export async function languageFileSizes(bundle: string, lang: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const file of await languageFiles(bundle, lang))
    sizes[file] = (await stat(path.join(bundle, file))).size;
  return sizes;
}

/** Whether the bundle still holds the files of `sizes` with those sizes, and its script and entry file. */
export async function bundleHolds(bundle: string, sizes: Readonly<Record<string, number>>): Promise<boolean> {
  if (
    !existsSync(path.join(bundle, 'pagefind.js')) ||
    !existsSync(path.join(bundle, 'pagefind-entry.json'))
  ) {
    return false;
  }
  for (const [file, size] of Object.entries(sizes)) {
    const info = await stat(path.join(bundle, file)).catch(() => undefined);
    if (info?.size !== size) return false;
  }
  return true;
}
