// What `repodesk report` costs over 10,000 tickets on the GitHub stand-in (run in its own process):
// sixteen weeks of a generated desk (answered, pending, resolved, reopened, merged tickets), then the
// report of its last four weeks twice, as `repodesk report --cache` runs it: the first with nothing cached,
// the second with the cache the first left (ETags of the issue pages, timelines, the token's login).
// Counts are the stand-in's; times are this process's. Run:
//   node test/bench/report.ts [--tickets 10000]
// Prints one line per run:
//   bench report n=N run=first|cached requests=… not_modified=… timelines_read=… requests_per_100_tickets=… cpu_ms=… wall_ms=…
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readReportTickets } from '../../src/cli/report-tickets.ts';
import { buildReport } from '../../src/reporting/build-report.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { emptySweepCache } from '../../src/sweep/sweep-cache.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker, type CachedIssuePage } from '../../src/tracker/github-tracker.ts';
import { writeHistory } from '../reporting/desk-history.ts';
import { generateDesk } from '../reporting/generate-desk.ts';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '10000' } } });
const sizes = values.tickets.split(',').map(Number);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const end = Date.parse('2026-11-30T17:00:00Z');
const from = end - 28 * 86_400_000;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const rules = (await loadRules(root, { now: new Date(end) })).rules!;

async function startChild(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [new URL('./report-standin.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const { url } = JSON.parse(line) as { url: string };
    return { url, stop: () => child.kill('SIGTERM') };
  }
  throw new Error('the stand-in did not start');
}

for (const count of sizes) {
  const standin = await startChild();
  try {
    const scripts = generateDesk(rules, { count, weeks: 16, end });
    await writeHistory(standin, undefined, scripts, { concurrency: 8 });
    const cache = emptySweepCache('report:acme/support');
    const pages = new Map<string, CachedIssuePage>();
    let selfLogin: string | undefined;
    for (const run of ['first', 'cached'] as const) {
      await fetch(`${standin.url}/_standin/stats/reset`, { method: 'POST' });
      const tracker = new GithubTracker({
        octokit: createOctokit({ baseUrl: standin.url, token: 'bot-token' }, { log: quiet }),
        repository: 'acme/support',
        issuePages: pages,
        ...(selfLogin ? { selfLogin } : {}),
      });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const repodeskLogins = await tracker.repodeskLogins();
      const tickets = await readReportTickets({
        tracker,
        cache,
        agentLogins: rules.teams.agents.map((agent) => agent.login),
        from,
        to: end,
        issueUrl: (number) => `https://github.com/acme/support/issues/${number}`,
      });
      const report = buildReport({
        tickets,
        rules,
        repodeskLogins,
        repository: 'acme/support',
        from,
        to: end,
        now: end,
      });
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      selfLogin = repodeskLogins[0];
      const stats = (await (await fetch(`${standin.url}/_standin/stats`)).json()) as {
        total: number;
        notModified: number;
        requests: Record<string, number>;
      };
      const timelines = stats.requests['GET /repos/{owner}/{repo}/issues/{issue_number}/timeline'] ?? 0;
      process.stdout.write(
        `bench report n=${tickets.length} run=${run} requests=${stats.total} not_modified=${stats.notModified} ` +
          `timelines_read=${timelines} requests_per_100_tickets=${((stats.total * 100) / tickets.length).toFixed(2)} ` +
          `breaches=${report.serviceLevels.breaches.length} cpu_ms=${Math.round((used.user + used.system) / 1000)} wall_ms=${Math.round(wall)}\n`,
      );
    }
  } finally {
    standin.stop();
  }
}
