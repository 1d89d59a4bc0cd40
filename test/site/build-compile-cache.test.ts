// A build from nothing (no output folder, no build cache) reuses Node's compiled code of the build's
// modules, kept in node_modules/.cache/repodesk-compile (site/build.ts): in its own process and in
// Astro's, where most of a build from nothing went into compiling Astro, Vite and Rolldown. Node says
// what it reads from its compile cache when NODE_DEBUG_NATIVE=COMPILE_CACHE; Astro's process prints
// through the build's when the build is not quiet.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRoot, repo } from './support/built-site.ts';

const run = promisify(execFile);
const compileCache = path.join(repo, 'node_modules/.cache/repodesk-compile');
let work: string;
let second: string;

/** `npm run build` of the fixture site from nothing, as a CI job without its build cache; its output. */
async function buildFromNothing(env: Record<string, string> = {}): Promise<string> {
  const out = path.join(work, 'dist');
  const cache = path.join(work, 'cache');
  await rm(out, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
  const { NODE_COMPILE_CACHE: _inherited, ...parent } = process.env;
  const { stdout, stderr } = await run('npm', ['run', 'build'], {
    cwd: repo,
    env: {
      ...parent,
      REPODESK_ROOT: fixtureRoot,
      REPODESK_OUT: out,
      REPODESK_SITE_CACHE: cache,
      NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
      ...env,
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  return `${stdout}\n${stderr}`;
}

/** How many modules under `prefix` (relative to the repository) Node took compiled from its cache. */
const accepted = (output: string, prefix: string) => {
  const start = `V8 code cache for ESM ${new URL(prefix, `file://${repo}/`).href}`;
  return output.split('\n').filter((line) => line.includes(start) && line.includes(' was accepted')).length;
};

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'repodesk-compile-cache-'));
  await buildFromNothing();
  second = await buildFromNothing();
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a build from nothing reuses the compiled code of the build before it', () => {
  it('keeps it in node_modules/.cache/repodesk-compile, outside the output folder and the build cache', async () => {
    expect(second).toContain(`resolved path ${compileCache} + `);
    expect((await readdir(compileCache)).length).toBeGreaterThan(0);
  });

  // Counts, not single files: the debug lines of Astro's process reach the build's output through two pipes
  // (its stdout and stderr), so a few come out split; without the cache, every count is 0.
  it.each([
    ['Astro', 'node_modules/astro/', 20],
    ['Vite', 'node_modules/vite/', 1],
    ["the site's Astro entry", 'site/build-shell.ts', 1],
  ])("Astro's process reads %s compiled from the cache", (_name, prefix, least) => {
    expect(accepted(second, prefix)).toBeGreaterThanOrEqual(least);
  });

  it.each([
    ['the build', 'site/build-site.ts', 1],
    ['the rules loader', 'src/rules/', 20],
    ['Pagefind', 'node_modules/pagefind/', 1],
  ])('the build process reads %s compiled from the cache', (_name, prefix, least) => {
    expect(accepted(second, prefix)).toBeGreaterThanOrEqual(least);
  });

  it("a build keeps the NODE_COMPILE_CACHE it is given, for Astro's process too", async () => {
    const given = path.join(work, 'given-compile-cache');
    const output = await buildFromNothing({ NODE_COMPILE_CACHE: given });
    const resolved = output.split('\n').filter((line) => line.includes('[compile cache] resolved path'));
    // The build's process and Astro's.
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    for (const line of resolved) expect(line).toContain(`resolved path ${given} + `);
  }, 300_000);
});
