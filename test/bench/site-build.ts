// Build + index time and peak memory of the help site on N generated articles (half fr, half en), side by
// side with Astro Starlight on the same articles in the same run (site-starlight.ts), then the rebuild
// after one article changed. Each run, in turn:
// - our full build, cold: no output folder and no build cache (`npm run build`'s command as package.json
//   writes it, run without npm); Node's compile cache (node_modules/.cache/repodesk-compile, which the
//   Pages workflow restores like the build cache) is kept, unless --cold-compile-cache removes it first,
//   as on the first build on a machine;
// - the rebuild: the first French article gets one sentence more, and the same command runs again with
//   the output folder and the cache of the full build, as a CI job restoring them with actions/cache;
// - Starlight's build, cold (its content cache removed).
// Time is wall time; memory is the peak resident size of the largest single process and of all the
// processes of the build at once (`tree_mb`), sampled every 100 ms from /proc beside `/usr/bin/time -v`:
// both builds run Pagefind in a process their build kills instead of waiting for, which /usr/bin/time
// does not count (ours also runs Astro in a process of its own, and each language's index in one).
// Run:
//   node test/bench/site-build.ts [--n 1000,5000,10000] [--runs 3] [--no-starlight] [--cold-compile-cache]
// Prints two lines per N (medians, with the spread of the runs):
//   bench site-build n=1000 runs=3 compile_cache=kept total_s=… (min … max …) peak_mb=… tree_mb=… starlight_s=… (min … max …) starlight_peak_mb=… starlight_tree_mb=… ratio_s=… (runs …) ratio_mb=…
//   bench site-rebuild n=1000 runs=3 rebuild_s=… (min … max …) content_s=… index_s=… full_s=… ratio=… (runs …)
// where content_s is the time to read and validate kb/ and rules/ (every build does it in full) and index_s
// the time from the last page of the changed language until its Pagefind index is written (Pagefind
// cannot update an index: the language's records, read from the cache, are all indexed again).
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateArticles } from '../../scripts/generate-articles.ts';
import { coldStarlightBuild, starlightProject } from './site-starlight.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'node_modules/.bin');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'no-starlight': { type: 'boolean', default: false },
    'cold-compile-cache': { type: 'boolean', default: false },
  },
});

interface Timed {
  seconds: number;
  /** Largest single process. */
  peakMb: number;
  /** All the processes of the command at once (sampled). */
  treeMb: number;
}

/** Resident kilobytes of `root` and all its descendants, from ps: their sum and the largest. */
function treeKb(root: number): { sum: number; largest: number } {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of table) {
      if (inTree.has(ppid) && !inTree.has(pid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  const sizes = table.filter(([pid]) => inTree.has(pid)).map(([, , rss]) => rss);
  return { sum: sizes.reduce((total, rss) => total + rss, 0), largest: Math.max(0, ...sizes) };
}

/** Runs `command` under /usr/bin/time -v: wall time, the largest process, the whole tree sampled. */
function timed(command: string[], env: Record<string, string>, cwd = repo): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', ...command], {
      cwd,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let treeMax = 0;
    let largestMax = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20000)));
    const sampler = setInterval(() => {
      if (!child.pid) return;
      const { sum, largest } = treeKb(child.pid);
      treeMax = Math.max(treeMax, sum);
      largestMax = Math.max(largestMax, largest);
    }, 100);
    child.once('error', reject);
    child.once('close', (code) => {
      clearInterval(sampler);
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (code !== 0 || !wall || !rss) {
        reject(new Error(`${command.join(' ')} failed (exit ${code}):\n${stderr.slice(-3000)}`));
        return;
      }
      const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
      const peakMb = Math.max(Number(rss[1]), largestMax) / 1024;
      resolve({ seconds, peakMb, treeMb: Math.max(treeMax / 1024, peakMb) });
    });
  });
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const spread = (list: number[], digits = 1) =>
  `(min ${fixed(Math.min(...list), digits)} max ${fixed(Math.max(...list), digits)})`;

// Starlight pairs translations by file name: give both languages the same names, or it adds a fallback
// page per missing translation and builds more pages than we do.
const sameNames = (name: string) => name.replace(/^article-en-/, 'article-');
// `npm run build`'s command, as package.json writes it (run without npm, whose start is not the build's).
const buildCommand = (
  JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts.build;
if (!buildCommand) throw new Error('package.json has no scripts.build');

for (const n of values.n.split(',').map(Number)) {
  const work = await mkdtemp(path.join(os.tmpdir(), `repodesk-bench-site-${n}-`));
  const content = path.join(work, 'content');
  const out = path.join(work, 'dist');
  const cache = path.join(work, 'cache');
  const report = path.join(work, 'report.json');
  await generateArticles(n, content);
  const env = {
    REPODESK_ROOT: content,
    REPODESK_OUT: out,
    REPODESK_SITE_CACHE: cache,
    REPODESK_BUILD_QUIET: '1',
    REPODESK_BUILD_REPORT: report,
  };
  const fulls: Timed[] = [];
  const rebuilds: Timed[] = [];
  const rebuildIndexSeconds: number[] = [];
  const rebuildContentSeconds: number[] = [];
  const starlight: Timed[] = [];
  // The article changed between the full build and the rebuild: the first French one, one sentence more.
  const changed = path.join(content, 'kb/fr', (await readdir(path.join(content, 'kb/fr'))).sort()[0]!);
  const original = await readFile(changed, 'utf8');
  for (let i = 0; i < Number(values.runs); i += 1) {
    await rm(out, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
    if (values['cold-compile-cache']) {
      await rm(path.join(repo, 'node_modules/.cache/repodesk-compile'), { recursive: true, force: true });
    }
    fulls.push(await timed(['sh', '-c', buildCommand], env));
    await writeFile(changed, `${original}\nUne phrase ajoutée pour la reconstruction (${i}).\n`);
    rebuilds.push(await timed(['sh', '-c', buildCommand], env));
    const { timings } = JSON.parse(await readFile(report, 'utf8')) as { timings: Record<string, number> };
    rebuildIndexSeconds.push((timings.indexing ?? 0) / 1000);
    rebuildContentSeconds.push((timings.content ?? 0) / 1000);
    await writeFile(changed, original);
    if (!values['no-starlight']) {
      const { command, cwd } = await coldStarlightBuild(await starlightProject(content, sameNames));
      starlight.push(await timed(command, { ASTRO_TELEMETRY_DISABLED: '1' }, cwd));
    }
  }
  const fullSeconds = fulls.map((run) => run.seconds);
  let anchor = ' starlight=skipped';
  if (starlight.length > 0) {
    const pairRatios = fulls.map((run, i) => run.seconds / starlight[i]!.seconds);
    anchor =
      ` starlight_s=${fixed(median(starlight.map((run) => run.seconds)))} ${spread(starlight.map((run) => run.seconds))}` +
      ` starlight_peak_mb=${fixed(Math.max(...starlight.map((run) => run.peakMb)), 0)}` +
      ` starlight_tree_mb=${fixed(Math.max(...starlight.map((run) => run.treeMb)), 0)}` +
      ` ratio_s=${(median(fullSeconds) / median(starlight.map((run) => run.seconds))).toFixed(2)} ${spread(pairRatios, 2).replace('(', '(runs ')}` +
      ` ratio_mb=${(Math.max(...fulls.map((run) => run.peakMb)) / Math.max(...starlight.map((run) => run.peakMb))).toFixed(2)}` +
      ` ratio_tree_mb=${(Math.max(...fulls.map((run) => run.treeMb)) / Math.max(...starlight.map((run) => run.treeMb))).toFixed(2)}`;
  }
  process.stdout.write(
    `bench site-build n=${n} runs=${fulls.length} compile_cache=${values['cold-compile-cache'] ? 'cold' : 'kept'} total_s=${fixed(median(fullSeconds))} ${spread(fullSeconds)}` +
      ` peak_mb=${fixed(Math.max(...fulls.map((run) => run.peakMb)), 0)} tree_mb=${fixed(Math.max(...fulls.map((run) => run.treeMb)), 0)}${anchor}\n`,
  );
  const rebuildSeconds = rebuilds.map((run) => run.seconds);
  const rebuildRatios = rebuilds.map((run, i) => run.seconds / fulls[i]!.seconds);
  process.stdout.write(
    `bench site-rebuild n=${n} runs=${rebuilds.length} rebuild_s=${fixed(median(rebuildSeconds), 2)} ${spread(rebuildSeconds, 2)}` +
      ` content_s=${fixed(median(rebuildContentSeconds), 2)} index_s=${fixed(median(rebuildIndexSeconds), 2)} peak_mb=${fixed(Math.max(...rebuilds.map((run) => run.peakMb)), 0)}` +
      ` full_s=${fixed(median(fullSeconds))} ratio=${(median(rebuildSeconds) / median(fullSeconds)).toFixed(2)} ${spread(rebuildRatios, 2).replace('(', '(runs ')}\n`,
  );
  await rm(work, { recursive: true, force: true });
}
