// `npm run bench`: every benchmark of BENCHMARKS.md, one after the other (they would fight for the two
// cores if run together), each in its own process. Their `bench …` lines are printed as they come and
// gathered in test-results/bench.txt with the date, the machine and the Node version. Run:
//   npm run bench [-- --only routing,sla-eval] [-- --quick]
// --quick runs the small sizes (a check that every benchmark works, in a few minutes); the figures of
// the README come from a full run.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

interface Benchmark {
  name: string;
  script: string;
  full: string[];
  quick: string[];
}

const benchmarks: Benchmark[] = [
  { name: 'validate', script: 'validate.ts', full: [], quick: ['--runs', '2'] },
  { name: 'routing', script: 'routing.ts', full: [], quick: ['--runs', '2'] },
  {
    name: 'simulate',
    script: 'simulate.ts',
    full: [],
    quick: ['--tickets', '100', '--open', '20', '--runs', '1'],
  },
  { name: 'sla-eval', script: 'sla-eval.ts', full: [], quick: ['--tickets', '500', '--runs', '2'] },
  { name: 'intake', script: 'intake.ts', full: [], quick: ['--runs', '1', '--seconds', '2'] },
  { name: 'replicas', script: 'replicas.ts', full: [], quick: ['--seconds', '2'] },
  { name: 'sweep', script: 'sweep.ts', full: ['--tickets', '1000,10000'], quick: ['--tickets', '200'] },
  { name: 'report', script: 'report.ts', full: ['--tickets', '10000'], quick: ['--tickets', '300'] },
  { name: 'mail-parse', script: 'mail-parse.ts', full: [], quick: ['--runs', '2'] },
  { name: 'mail-writes', script: 'mail-writes.ts', full: [], quick: ['--replies', '5'] },
  { name: 'store-check', script: 'store-check.ts', full: [], quick: ['--requests', '5000', '--runs', '2'] },
  { name: 'upload-memory', script: 'upload-memory.ts', full: [], quick: ['--clients', '2', '--mb', '2'] },
  {
    name: 'site-build',
    script: 'site-build.ts',
    full: ['--n', '1000,5000,10000', '--runs', '3'],
    quick: ['--n', '200', '--runs', '1'],
  },
  {
    name: 'site-search',
    script: 'site-search.ts',
    full: ['--n', '1000,5000'],
    quick: ['--n', '200', '--runs', '2'],
  },
  { name: 'site-weight', script: 'site-weight.ts', full: [], quick: [] },
];

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const quick = process.argv.includes('--quick');
const only = option('--only')?.split(',');
const unknown = only?.filter((name) => !benchmarks.some((bench) => bench.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(
    `npm run bench: unknown benchmark "${unknown.join(', ')}"; known: ${benchmarks.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}

function run(bench: Benchmark): Promise<{ lines: string[]; code: number }> {
  const args = [path.join(here, bench.script), ...(quick ? bench.quick : bench.full)];
  console.log(
    `# ${bench.name}: node ${path.relative(repoRoot, args[0]!)} ${args.slice(1).join(' ')}`.trimEnd(),
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      lines.push(...complete.filter((line) => line.startsWith('bench ')));
    });
    child.on('close', (code) => {
      if (pending.startsWith('bench ')) lines.push(pending);
      resolve({ lines, code: code ?? 1 });
    });
  });
}

const started = new Date();
const results: string[] = [];
const failed: string[] = [];
for (const bench of benchmarks.filter((b) => !only || only.includes(b.name))) {
  const { lines, code } = await run(bench);
  results.push(...lines);
  if (code !== 0) failed.push(bench.name);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
  `# repodesk benchmarks ${started.toISOString()}${quick ? ' (quick sizes)' : ''}`,
  `# ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
];
fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
const file = path.join(repoRoot, 'test-results', 'bench.txt');
fs.writeFileSync(file, `${[...header, ...results].join('\n')}\n`);
console.log(`\n${results.length} result lines in ${path.relative(repoRoot, file)}`);
if (failed.length > 0) {
  console.error(`npm run bench: failed: ${failed.join(', ')} (their output is above)`);
  process.exit(1);
}
