// What a sweep costs on GitHub: requests, content writes and CPU time over 1,000 and 10,000 open
// tickets on the stand-in (run in its own process). Tickets are seeded with a realistic mix (answered,
// unanswered, pending, on hold, resolved; created over the last week), then three sweeps run at the
// same instant: the first does what is due, the second (a fresh process, as a scheduled run) finds
// nothing changed, the third is a fresh process with the cache of the second (timelines and the ETags of
// the open-issue pages, as `repodesk sweep --cache` keeps them). Run:
//   node test/bench/sweep.ts [--tickets 1000,10000]
// Prints one line per sweep:
//   bench sweep tickets=N run=first|unchanged|unchanged-cached requests=… writes=… content_writes=… not_modified=… timelines_read=… cpu_ms=… wall_ms=…
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadRules } from '../../src/rules/load-rules.ts';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { emptySweepCache } from '../../src/sweep/sweep-cache.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker, type CachedIssuePage } from '../../src/tracker/github-tracker.ts';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '1000,10000' } } });
const sizes = values.tickets.split(',').map(Number);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const now = Date.parse('2026-11-25T14:00:00Z');
const hour = 3_600_000;
const loaded = await loadRules(new URL('../fixtures/sla/rules', import.meta.url).pathname, {
  now: new Date(now),
});
if (!loaded.rules) throw new Error('the benchmark rules are invalid');
const rules = loaded.rules;

async function startChild(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [new URL('./sweep-standin.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const { url } = JSON.parse(line) as { url: string };
    return { url, stop: () => child.kill('SIGTERM') };
  }
  throw new Error('the stand-in did not start');
}

async function seed(url: string, count: number): Promise<void> {
  const call = async (login: string, method: string, path: string, body: unknown, at: number) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `token ${login === 'camille' ? 'camille-token' : 'bot-token'}`,
        'content-type': 'application/json',
        'x-standin-now': new Date(at).toISOString(),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { number: number };
  };
  const one = async (index: number) => {
    // Created over the last week (Wednesday 25 November 2026, 15:00 Paris, is "now").
    const created = now - ((index * 7919) % (7 * 24)) * hour;
    const kind = index % 10;
    const labels = [
      'status: new',
      kind === 9 ? 'priority: urgent' : 'priority: normal',
      index % 2 ? 'team: it' : 'team: billing',
    ];
    const { number } = await call(
      'repodesk-bot',
      'POST',
      '/repos/acme/support/issues',
      { title: `Demande ${index}`, body: 'Bonjour', labels },
      created,
    );
    const later = Math.min(now - hour, created + 2 * hour);
    if (kind <= 3 || kind === 9) return; // unanswered (new)
    await call(
      'camille',
      'POST',
      `/repos/acme/support/issues/${number}/comments`,
      { body: '/reply Bonjour, nous regardons.' },
      later,
    );
    const status = kind <= 5 ? 'status: open' : kind <= 7 ? 'status: pending' : 'status: resolved';
    await call(
      'camille',
      'PATCH',
      `/repos/acme/support/issues/${number}`,
      { labels: [status, ...labels.slice(1)] },
      later,
    );
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) await one(next++);
    }),
  );
}

for (const count of sizes) {
  const standin = await startChild();
  try {
    await seed(standin.url, count);
    await fetch(`${standin.url}/_standin/clock`, {
      method: 'PUT',
      body: JSON.stringify({ now: new Date(now).toISOString() }),
    });
    const cache = emptySweepCache('acme/support');
    const pages = new Map<string, CachedIssuePage>();
    for (const run of ['first', 'unchanged', 'unchanged-cached'] as const) {
      await fetch(`${standin.url}/_standin/stats/reset`, { method: 'POST' });
      const octokit = createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: quiet });
      const tracker = new GithubTracker({
        octokit,
        repository: 'acme/support',
        now: () => now,
        ...(run === 'first' ? {} : { issuePages: pages }),
      });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await runSweep({
        tracker,
        rules,
        now: new Date(now),
        maxWrites: 1_000_000,
        ...(run === 'first' ? {} : { cache }),
        // The second run starts with an empty cache (it fills it for the third).
        ...(run === 'unchanged' ? { cache: Object.assign(cache, emptySweepCache('acme/support')) } : {}),
      });
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const stats = (await (await fetch(`${standin.url}/_standin/stats`)).json()) as {
        total: number;
        writes: number;
        contentWrites: number;
        notModified: number;
      };
      if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
      process.stdout.write(
        `bench sweep tickets=${count} run=${run} requests=${stats.total} writes=${stats.writes} content_writes=${stats.contentWrites} ` +
          `not_modified=${stats.notModified} timelines_read=${result.timelinesRead} skipped=${result.skipped} ` +
          `cpu_ms=${Math.round((used.user + used.system) / 1000)} wall_ms=${Math.round(wall)}\n`,
      );
    }
  } finally {
    standin.stop();
  }
}
