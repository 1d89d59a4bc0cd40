// Build + index time and peak memory of the help site on N generated articles (half fr, half en), cold
// (empty Astro cache), measured with /usr/bin/time -v. Run:
//   node test/bench/site-build.ts [--n 1000,5000,10000] [--runs 3]
// Prints one line per N:
//   bench site-build n=1000 runs=3 total_s=… (min…max) build_s=… index_s=… peak_mb=… index_peak_mb=… pagefind_mb=… starlight=…
// Starlight (the anchor of BENCHMARKS.md) is reported as unavailable: @astrojs/starlight 0.42.4 declares
// astro ^7.2.10 but its build fails on Astro 7.3.5 here (ERR_UNSUPPORTED_ESM_URL_SCHEME 'astro:' while
// prerendering its /404), so no side-by-side figure can be honest today.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { generateArticles } from '../../scripts/generate-articles.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'node_modules/.bin');
const { values } = parseArgs({ options: { n: { type: 'string', default: '1000' }, runs: { type: 'string', default: '1' } } });

interface Timed {
  seconds: number;
  peakMb: number;
}

/** Runs `command` under /usr/bin/time -v; wall time and peak resident memory. */
async function timed(command: string[], env: Record<string, string>): Promise<Timed> {
  const { stderr } = await run('/usr/bin/time', ['-v', ...command], {
    cwd: repo,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!wall || !rss) throw new Error(`unexpected /usr/bin/time output:\n${stderr.slice(-2000)}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, peakMb: Number(rss[1]) / 1024 };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const fixed = (value: number, digits = 1) => value.toFixed(digits);

for (const n of values.n.split(',').map(Number)) {
  const work = await mkdtemp(path.join(os.tmpdir(), `repodesk-bench-site-${n}-`));
  const content = path.join(work, 'content');
  const out = path.join(work, 'dist');
  await generateArticles(n, content);
  const totals: number[] = [];
  const builds: Timed[] = [];
  const indexes: Timed[] = [];
  for (let i = 0; i < Number(values.runs); i += 1) {
    await rm(out, { recursive: true, force: true });
    // Cold: the content store of a previous run would turn this into an incremental build.
    for (const entry of await readdir(os.tmpdir())) {
      if (entry.startsWith('repodesk-astro-cache-')) await rm(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
    const env = { ASTRO_TELEMETRY_DISABLED: '1', REPODESK_ROOT: content, REPODESK_OUT: out };
    const build = await timed(['astro', 'build', '--silent'], env);
    const index = await timed(['pagefind', '--site', out, '--silent'], env);
    builds.push(build);
    indexes.push(index);
    totals.push(build.seconds + index.seconds);
  }
  const pagefindMb = (await folderBytes(path.join(out, 'pagefind'))) / 1024 / 1024;
  process.stdout.write(
    `bench site-build n=${n} runs=${totals.length} total_s=${fixed(median(totals))} (min ${fixed(Math.min(...totals))} max ${fixed(Math.max(...totals))})` +
      ` build_s=${fixed(median(builds.map((b) => b.seconds)))} index_s=${fixed(median(indexes.map((b) => b.seconds)))}` +
      ` peak_mb=${fixed(Math.max(...builds.map((b) => b.peakMb)), 0)} index_peak_mb=${fixed(Math.max(...indexes.map((b) => b.peakMb)), 0)}` +
      ` pagefind_mb=${fixed(pagefindMb)} starlight=unavailable\n`,
  );
  await rm(work, { recursive: true, force: true });
}
