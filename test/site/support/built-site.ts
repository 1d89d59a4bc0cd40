// Builds the help site from test/fixtures/site once per change of its sources, shared by every browser
// test file (a lock directory keeps two vitest workers from building at the same time). Each version of
// the sources gets its own folder, so a rebuild (a source changed during a run) never removes the site
// another test file is serving. CI starts from a clean clone, so it always builds.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repo = path.resolve(import.meta.dirname, '../../..');
export const fixtureRoot = path.join(repo, 'test/fixtures/site');
const testDir = path.join(os.tmpdir(), 'repodesk-site-test');
const lockDir = path.join(testDir, 'lock');
// Builds of older sources are removed once no test run can still be serving them (a run takes minutes).
const staleAfterMs = 30 * 60_000;
// Everything the build reads: the site, its content, and the shared modules it imports from src/.
const sources = [
  'site',
  'test/fixtures/site',
  'src/forms',
  'src/feedback',
  'src/rules',
  'src/kb',
  'src/sla',
  'astro.config.mjs',
  'package.json',
];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target))
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  return newest;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch {
      // A lock older than the deadline is left over from a killed run.
      const info = await stat(lockDir).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > 180_000) await rm(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`site build lock ${lockDir} held for too long`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function build(root: string, out: string, botUrl: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await run('npm', ['run', 'build'], {
    cwd: repo,
    env: { ...process.env, REPODESK_ROOT: root, REPODESK_OUT: out, PUBLIC_BOT_URL: botUrl },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Builds the site from `root` into `out` with the bot at `botUrl`, one build at a time on this machine. */
export function buildSite(root: string, out: string, botUrl: string): Promise<void> {
  return withLock(() => build(root, out, botUrl));
}

/** The folder of the built fixture site (pages + Pagefind index), building it when sources changed. */
export function builtSite(): Promise<string> {
  // Checked under the lock: the worker that waited must see the build the other one just made.
  return withLock(async () => {
    const newest = Math.max(
      ...(await Promise.all(sources.map((source) => newestMtime(path.join(repo, source))))),
    );
    const outDir = path.join(testDir, `dist-${Math.floor(newest)}`);
    const built = await stat(path.join(outDir, 'pagefind/pagefind.js')).catch(() => undefined);
    if (!built) await build(fixtureRoot, outDir, '/');
    // Its time is the last time a test file took it: what the clean-up below counts from.
    const now = new Date();
    await utimes(outDir, now, now);
    for (const entry of await readdir(testDir)) {
      const folder = path.join(testDir, entry);
      if (!entry.startsWith('dist') || folder === outDir) continue;
      const info = await stat(folder).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > staleAfterMs) {
        await rm(folder, { recursive: true, force: true });
        // With its build cache (site/build.ts keeps it beside the output folder).
        await rm(path.join(testDir, '.repodesk-cache', entry), { recursive: true, force: true });
      }
    }
    return outDir;
  });
}
