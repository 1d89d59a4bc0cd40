// Build + index time and peak memory of the help site on N generated articles (half fr, half en), cold
// (no output folder), measured with /usr/bin/time -v on the two steps of `npm run build` as package.json
// writes them (pages, then search index), side by side with Astro Starlight on the same
// articles in the same run (site-starlight.ts, cold: its content cache removed); then the rebuild after
// one article changed (the site keeps no cache between builds: it reads kb/ and renders every page again,
// Pagefind indexes the whole site again, as `npm run build` does in CI). Run:
//   node test/bench/site-build.ts [--n 1000,5000,10000] [--runs 3] [--no-starlight]
// Prints two lines per N:
//   bench site-build n=1000 runs=3 total_s=… build_s=… index_s=… peak_mb=… starlight_s=… starlight_peak_mb=… ratio_s=… ratio_mb=…
//   bench site-rebuild n=1000 runs=3 rebuild_s=… build_s=… index_s=… full_s=… ratio=…
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { generateArticles } from '../../scripts/generate-articles.ts';
import { coldStarlightBuild, starlightProject } from './site-starlight.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'node_modules/.bin');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '1' },
    'no-starlight': { type: 'boolean', default: false },
  },
});

interface Timed {
  seconds: number;
  peakMb: number;
}

/** Runs `command` under /usr/bin/time -v; wall time and peak resident memory. */
async function timed(command: string[], env: Record<string, string>, cwd = repo): Promise<Timed> {
  const { stderr } = await run('/usr/bin/time', ['-v', ...command], {
    cwd,
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

/** Starlight's figures and the ratios ours / Starlight (lower is better). */
function starlightFigures(totals: number[], builds: Timed[], indexes: Timed[], starlight: Timed[]): string {
  if (starlight.length === 0) return ' starlight=skipped';
  const starlightSeconds = median(starlight.map((run) => run.seconds));
  const starlightMb = Math.max(...starlight.map((run) => run.peakMb));
  const ourMb = Math.max(...builds.map((run) => run.peakMb), ...indexes.map((run) => run.peakMb));
  return (
    ` starlight_s=${fixed(starlightSeconds)} (min ${fixed(Math.min(...starlight.map((run) => run.seconds)))} max ${fixed(Math.max(...starlight.map((run) => run.seconds)))})` +
    ` starlight_peak_mb=${fixed(starlightMb, 0)} ratio_s=${(median(totals) / starlightSeconds).toFixed(2)} ratio_mb=${(ourMb / starlightMb).toFixed(2)}`
  );
}

// Starlight pairs translations by file name: give both languages the same names, or it adds a fallback
// page per missing translation and builds more pages than we do.
const sameNames = (name: string) => name.replace(/^article-en-/, 'article-');
// The steps `npm run build` runs (`<pages> && <index>`), timed each on its own, exactly as written there.
const buildScript = (
  JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts.build;
const [pagesStep, indexStep, ...extraSteps] = buildScript?.split(' && ') ?? [];
if (!pagesStep || !indexStep || extraSteps.length > 0) {
  throw new Error(
    `package.json scripts.build: expected "<pages> && <index>", found ${JSON.stringify(buildScript)}`,
  );
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
  const starlight: Timed[] = [];
  const rebuilds: { build: Timed; index: Timed }[] = [];
  // The article changed between the full build and the rebuild: the first French one, one sentence more.
  const changed = path.join(content, 'kb/fr', (await readdir(path.join(content, 'kb/fr'))).sort()[0]!);
  const original = await readFile(changed, 'utf8');
  for (let i = 0; i < Number(values.runs); i += 1) {
    await rm(out, { recursive: true, force: true });
    const env = { ASTRO_TELEMETRY_DISABLED: '1', REPODESK_ROOT: content, REPODESK_OUT: out };
    const build = await timed(['sh', '-c', `${pagesStep} --silent`], env);
    const index = await timed(['sh', '-c', indexStep], env);
    builds.push(build);
    indexes.push(index);
    totals.push(build.seconds + index.seconds);
    await writeFile(changed, `${original}\nUne phrase ajoutée pour la reconstruction (${i}).\n`);
    rebuilds.push({
      build: await timed(['sh', '-c', `${pagesStep} --silent`], env),
      index: await timed(['sh', '-c', indexStep], env),
    });
    await writeFile(changed, original);
    if (!values['no-starlight']) {
      const { command, cwd } = await coldStarlightBuild(await starlightProject(content, sameNames));
      starlight.push(await timed(command, { ASTRO_TELEMETRY_DISABLED: '1' }, cwd));
    }
  }
  const pagefindMb = (await folderBytes(path.join(out, 'pagefind'))) / 1024 / 1024;
  process.stdout.write(
    `bench site-build n=${n} runs=${totals.length} total_s=${fixed(median(totals))} (min ${fixed(Math.min(...totals))} max ${fixed(Math.max(...totals))})` +
      ` build_s=${fixed(median(builds.map((b) => b.seconds)))} index_s=${fixed(median(indexes.map((b) => b.seconds)))}` +
      ` peak_mb=${fixed(Math.max(...builds.map((b) => b.peakMb)), 0)} index_peak_mb=${fixed(Math.max(...indexes.map((b) => b.peakMb)), 0)}` +
      ` pagefind_mb=${fixed(pagefindMb)}${starlightFigures(totals, builds, indexes, starlight)}\n`,
  );
  const rebuildTotals = rebuilds.map((rebuild) => rebuild.build.seconds + rebuild.index.seconds);
  process.stdout.write(
    `bench site-rebuild n=${n} runs=${rebuilds.length} rebuild_s=${fixed(median(rebuildTotals))} (min ${fixed(Math.min(...rebuildTotals))} max ${fixed(Math.max(...rebuildTotals))})` +
      ` build_s=${fixed(median(rebuilds.map((rebuild) => rebuild.build.seconds)))} index_s=${fixed(median(rebuilds.map((rebuild) => rebuild.index.seconds)))}` +
      ` full_s=${fixed(median(totals))} ratio=${(median(rebuildTotals) / median(totals)).toFixed(2)}\n`,
  );
  await rm(work, { recursive: true, force: true });
}
