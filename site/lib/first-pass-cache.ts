// The first pass (frontmatter YAML, then its JSON Schema) of each article that passed it, kept in the
// build cache (`<cache>/first-pass.json`) so that a rebuild neither parses nor validates an unchanged
// article again (src/rules/load-rules.ts `FirstPassCache`). An entry holds for the exact text of its file
// and for the loader that wrote it: the files of src/rules/ (the loader, the formats and their schemas),
// the lockfile (the YAML and JSON Schema libraries) and the Node version. The checks between articles
// (slugs, links, translations) still run over every article, and a file that had any problem is never
// kept, so its errors are found again, at the same place, on every build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FirstPassCache, FirstPassEntry } from '../../src/rules/load-rules.ts';

interface Stored {
  version: string;
  /** By file (relative to the content root): the hash of its format and text, and its first pass as JSON. */
  entries: Record<string, { key: string; entry: string }>;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The hash of what the first pass depends on besides the file itself. */
function loaderVersion(): string {
  // Read here, not as the module loads: Astro's bundle of the pages imports this module too.
  const repo = path.resolve(import.meta.dirname, '../..');
  const digest = createHash('sha256');
  const rulesDir = path.join(repo, 'src/rules');
  const files = readdirSync(rulesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of [...files, path.join(repo, 'package-lock.json')]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    digest.update(`${path.relative(repo, file)}\0${bytes.length}\0`).update(bytes);
  }
  digest.update(`node\0${process.version}`);
  return digest.digest('hex');
}

/** How many articles the first pass read (parsed and validated) and how many it took from the cache. */
export interface FirstPassCount {
  parsed: number;
  reused: number;
}

/** The cache of `<cacheDir>/first-pass.json`, and `save`, which keeps the entries of the files read since. */
export async function openFirstPassCache(
  cacheDir: string,
): Promise<{ cache: FirstPassCache; count: FirstPassCount; save: () => Promise<void> }> {
  const file = path.join(cacheDir, 'first-pass.json');
  const version = loaderVersion();
  const stored = (await readFile(file, 'utf8').then(JSON.parse, () => undefined)) as Stored | undefined;
  const before = stored?.version === version ? stored.entries : {};
  const kept: Stored['entries'] = {};
  let changed = stored?.version !== version;
  const count: FirstPassCount = { parsed: 0, reused: 0 };
  const keyOf = (format: string, text: string) => sha256(`${format}\0${text}`);
  const cache: FirstPassCache = {
    get(format, name, text) {
      const held = before[name];
      if (!held || held.key !== keyOf(format, text)) {
        count.parsed += 1;
        return undefined;
      }
      count.reused += 1;
      kept[name] = held;
      return JSON.parse(held.entry) as FirstPassEntry;
    },
    set(format, name, text, entry) {
      // Written now: the data is handed on to the checks and the pages after this.
      kept[name] = { key: keyOf(format, text), entry: JSON.stringify(entry) };
      changed = true;
    },
  };
  const save = async () => {
    if (!changed && Object.keys(kept).length === Object.keys(before).length) return;
    const temporary = `${file}.${process.pid}`;
    await writeFile(temporary, JSON.stringify({ version, entries: kept } satisfies Stored));
    await rename(temporary, file);
  };
  return { cache, count, save };
}
