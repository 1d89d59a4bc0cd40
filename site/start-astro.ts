// Astro's half of the build (site/build-shell.ts, a process of its own), started by site/build.ts before
// the rest of the build is even loaded: Astro's process is the longest of a build from nothing (Node
// loading Astro, Vite and Rolldown, then Vite's set-up), and it needs nothing from this process until the
// content is validated, so it starts loading while this process loads its own modules and reads kb/.
// This module loads nothing but Node's own, so that the start comes first.
//
// Astro's output is kept in `<cache>/shell` under the site's key (site/build-site.ts): with the same key,
// Astro does not run at all.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rules } from '../src/rules/types.ts';
import { contentRoot } from './lib/content-root.ts';

const repo = path.resolve(import.meta.dirname, '..');

/** The folder, in Astro's output, of the templates site/build-site.ts fills. */
export const templatesFolder = 'repodesk-templates';

/** Astro's output for this build: kept from the previous one, or being built. */
export interface AstroOutput {
  /** The hash of everything Astro's output and the page templates depend on. */
  siteKey: string;
  /** Astro's output from the previous build with this key is kept: Astro does not run. */
  cached: boolean;
  /**
   * Resolves once Astro's output is in `<cache>/shell`; `rules` are sent to Astro once validated, and
   * Astro is stopped if they are not.
   */
  built(rules: Promise<Rules>): Promise<void>;
  /** Stops Astro (the build failed elsewhere). */
  stop(): void;
}

/** Every file under `dir` (relative to it, `/`-separated, sorted), skipping the folder `skip` at its top. */
export function listFiles(dir: string, skip?: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => skip === undefined || !file.startsWith(`${skip}/`))
    .sort();
}

/** The hash of everything Astro's output and the page templates depend on: all but kb/. */
function computeSiteKey(): string {
  const digest = createHash('sha256');
  const add = (label: string, value: string | Buffer) =>
    digest.update(`${label}\0${value.length}\0`).update(value);
  for (const [base, folder] of [
    [repo, 'site'],
    [repo, 'src'],
    [contentRoot, 'rules'],
  ] as const) {
    for (const file of listFiles(path.join(base, folder))) {
      add(`${folder}/${file}`, readFileSync(path.join(base, folder, file)));
    }
  }
  for (const file of ['astro.config.mjs', 'package.json', 'package-lock.json']) {
    if (existsSync(path.join(repo, file))) add(file, readFileSync(path.join(repo, file)));
  }
  // What the pages read from the environment (bot URL, base path, attachment limits), and the runtime.
  const environment = Object.entries(process.env)
    .filter(([name]) => /^(PUBLIC_|SITE_|MAIL_)/.test(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  add('environment', JSON.stringify(environment));
  add('node', process.version);
  return digest.digest('hex');
}

/** Starts Astro unless its output for this site is kept in `cacheDir`. */
export function startAstro({ cacheDir, quiet }: { cacheDir: string; quiet: boolean }): AstroOutput {
  const siteKey = computeSiteKey();
  const shellDir = path.join(cacheDir, 'shell');
  const keyFile = path.join(cacheDir, 'shell.key');
  if (
    existsSync(path.join(shellDir, templatesFolder)) &&
    existsSync(keyFile) &&
    readFileSync(keyFile, 'utf8') === siteKey
  ) {
    return { siteKey, cached: true, built: () => Promise.resolve(), stop: () => undefined };
  }
  // Always the same folder, so that Astro's prerendered chunks keep their paths from one build to the next
  // (astro.config.mjs): Node's compile cache then replaces their entries rather than adding new ones.
  const building = path.join(cacheDir, 'shell-next');
  // What a build into this cache that failed may have left.
  rmSync(building, { recursive: true, force: true });
  let output = '';
  const child = fork(path.join(import.meta.dirname, 'build-shell.ts'), {
    cwd: repo,
    env: {
      ...process.env,
      REPODESK_OUT: building,
      REPODESK_SITE_SHELL: '1',
      ASTRO_TELEMETRY_DISABLED: '1',
      // Rolldown's allocator (mimalloc) otherwise commits whole arenas: 100 MB more resident memory.
      MIMALLOC_ARENA_EAGER_COMMIT: '0',
    },
    // A young generation of 4 MB, not 16: this process is the build's largest at 1,000 articles (Astro,
    // Vite and Rolldown loaded), and its peak is 25–30 MB lower (311–313 MB → 277–290 MB in 2 runs each).
    execArgv: ['--max-semi-space-size=4'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const keep = (chunk: Buffer) => {
    if (!quiet) process.stdout.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`astro build failed (${signal ?? `exit ${code}`}):\n${output}`));
        return;
      }
      void (async () => {
        await rm(shellDir, { recursive: true, force: true });
        await rename(building, shellDir);
        await writeFile(keyFile, siteKey);
      })().then(resolve, reject);
    });
  });
  done.catch(() => undefined);
  return {
    siteKey,
    cached: false,
    built(rules) {
      rules.then(
        (value) => child.connected && child.send({ rules: value }),
        () => child.kill(),
      );
      return done;
    },
    stop: () => child.kill(),
  };
}
