// `repodesk sweep`: one SLA escalation and lifecycle pass over the open tickets of the support
// repository. Prints the plan (what would change on which ticket, and why); writes it unless --dry-run.

import { rulesVersion } from '../rules/rules-version.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultMaxWrites, runSweep, type SweepResult } from '../sweep/run-sweep.ts';
import {
  emptySweepCache,
  parseSweepCache,
  serialiseSweepCache,
  type SweepCache,
} from '../sweep/sweep-cache.ts';
import { rulesOrProblems, trackerFromEnvironment } from '../sweep/sweep-environment.ts';
import { describeTicketAction } from '../tickets/describe-ticket-action.ts';
import { labelChangesOf, openLabelChanges } from '../store/label-changes.ts';
import type { Store } from '../store/open-store.ts';
import type { Command } from './command.ts';
import { deskRepository } from './desk-repository.ts';
import { openNamedStore } from './named-store.ts';

const usage = `Usage: repodesk sweep [--dry-run] [--max-writes N] [--root DIR] [--repository OWNER/REPO] [--cache FILE] [--now ISO-8601] [--format text|json]

Evaluates every open ticket's SLA clocks and lifecycle rules and applies what changed: escalation
labels, one mention or assignment per breached step, reminders and closing of silent pending tickets,
closing of resolved tickets, consistent status labels. A second run at the same time writes nothing.

Options:
  --dry-run         print the plan, write nothing
  --max-writes N    at most N GitHub writes in this run (default ${defaultMaxWrites}); the rest waits for the next run
  --root DIR        the repository root that holds rules/ (default: .)
  --repository R    the support repository owner/repo (default: GITHUB_REPOSITORY); another repository
                    desk.yaml lists (a confidential queue) has its label changes kept under its name
  --cache FILE      keep timelines and the ETags of the open-issue pages between runs in FILE (an
                    unchanged desk then costs 304s, free against GitHub's rate limit; safe to delete)
  --now ISO-8601    evaluate at this time instead of now (only with --dry-run)
  --format FORMAT   text (default) or json

Environment: GITHUB_TOKEN (or GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID),
GITHUB_REPOSITORY (owner/repo), GITHUB_API_URL (GitHub Enterprise or the local stand-in),
REPODESK_BOT_LOGIN (the login the token writes as, for installation tokens such as the Actions
GITHUB_TOKEN, which GitHub refuses GET /user: github-actions[bot]), REPODESK_OTHER_LOGINS (other
accounts writing for repodesk on the repository, comma-separated, e.g. the login of your repodesk serve bot),
DATABASE_URL or DATA_DIR (the bot's store, as for repodesk serve: each label the sweep adds or removes is
recorded there with the rules version and the policy step or rule behind it, for repodesk why; left
unset, as in GitHub Actions, nothing is recorded and why reads label changes from the issue's timeline).

Exit status: 0 when every ticket was handled, 1 when some failed or the rules are invalid, 2 for bad usage.
`;

interface Options {
  dryRun: boolean;
  maxWrites: number;
  root: string;
  cache?: string;
  repository?: string;
  now?: Date;
  format: 'text' | 'json';
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = { dryRun: false, maxWrites: defaultMaxWrites, root: '.', format: 'text' };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (name === '--dry-run') {
      options.dryRun = true;
      continue;
    }
    if (!['--max-writes', '--root', '--repository', '--cache', '--now', '--format'].includes(name))
      return `unknown option "${arg}"`;
    const value = inline ?? argv[(index += 1)];
    if (value === undefined || value === '') return `${name} needs a value`;
    if (name === '--max-writes') {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0)
        return `--max-writes: expected a whole number, found "${value}"`;
      options.maxWrites = count;
    } else if (name === '--root') {
      options.root = value;
    } else if (name === '--repository') {
      options.repository = value;
    } else if (name === '--cache') {
      options.cache = value;
    } else if (name === '--now') {
      const now = new Date(value);
      if (Number.isNaN(now.getTime()))
        return `--now: expected an ISO-8601 time such as 2026-11-23T09:00:00Z, found "${value}"`;
      options.now = now;
    } else if (value === 'text' || value === 'json') {
      options.format = value;
    } else {
      return `--format: expected text or json, found "${value}"`;
    }
  }
  if (options.now && !options.dryRun)
    return '--now is only allowed with --dry-run (a sweep writes what is due now)';
  return options;
}

/** The plan and counts as people read them. */
export function formatSweep(result: SweepResult, maxWrites: number): string {
  const lines = [
    `repodesk sweep at ${result.now}${result.dryRun ? ' (dry run: nothing written)' : ''}`,
    `${result.tickets} open tickets: ${result.skipped} skipped (nothing can be due), ${result.timelinesRead} timelines read, ` +
      `${result.timelinesFromCache} from the cache, ${result.commentListsRead} comment lists read`,
  ];
  for (const plan of result.plans) {
    lines.push('', `#${plan.number} ${plan.title}${plan.policy ? ` (policy ${plan.policy})` : ''}`);
    for (const action of plan.actions) {
      lines.push(
        `  ${describeTicketAction(action)}`,
        `      because ${action.cause.rule}: ${action.cause.reason}`,
      );
    }
  }
  lines.push(
    '',
    `${result.plans.length} tickets to change, ${result.actions} actions, ${result.writes} writes sent (budget ${maxWrites})` +
      (result.deferred.length > 0
        ? `, ${result.deferred.length} tickets deferred to the next run: ${result.deferred.map((n) => `#${n}`).join(' ')}`
        : ''),
  );
  for (const error of result.errors) lines.push(`error on #${error.number}: ${error.message}`);
  return lines.join('\n') + '\n';
}

async function readCache(file: string, scope: string): Promise<SweepCache> {
  try {
    return parseSweepCache(await readFile(file, 'utf8'), scope);
  } catch {
    return emptySweepCache(scope);
  }
}

export const command: Command = {
  summary: 'SLA escalation and lifecycle pass over open tickets (--dry-run prints the plan)',
  usage,
  async run(argv) {
    const options = parseArgs(argv);
    if (typeof options === 'string') {
      process.stderr.write(`repodesk sweep: ${options}\n\n${usage}`);
      return 2;
    }
    const now = options.now ?? new Date();
    const loaded = await rulesOrProblems(path.resolve(options.root), now);
    if ('problems' in loaded) {
      process.stderr.write(
        `repodesk sweep: the rules are invalid (repodesk validate shows the same list):\n${loaded.problems.map((problem) => `  ${problem}\n`).join('')}`,
      );
      return 1;
    }
    const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? '';
    const cache = options.cache ? await readCache(options.cache, repository) : undefined;
    const pages = new Map(Object.entries(cache?.pages ?? {}));
    const environment = trackerFromEnvironment(process.env, options.repository, pages);
    if ('problems' in environment) {
      process.stderr.write(environment.problems.map((problem) => `repodesk sweep: ${problem}\n`).join(''));
      return 1;
    }
    let result: SweepResult;
    let store: Store | undefined;
    try {
      // The bot's store, when named: each label the sweep changes is recorded there with its cause.
      store = options.dryRun ? undefined : await openNamedStore(process.env);
      result = await runSweep({
        tracker: environment.tracker,
        rules: loaded.rules,
        now,
        log: environment.log,
        dryRun: options.dryRun,
        maxWrites: options.maxWrites,
        ...(cache ? { cache } : {}),
        rulesVersion: (await rulesVersion(path.resolve(options.root), loaded.contentHash)).version,
        // Kept under the swept repository's key when it is one of desk.yaml's other repositories (a
        // confidential queue), as the bot's own sweep does: issue #N there is not the default's #N.
        ...(store
          ? {
              labelChanges: labelChangesOf(
                openLabelChanges(store),
                deskRepository(loaded.rules.desk, repository, process.env.GITHUB_REPOSITORY) === 'queue'
                  ? repository
                  : undefined,
              ),
            }
          : {}),
      });
    } catch (error) {
      process.stderr.write(`repodesk sweep: ${(error as Error).message}\n`);
      return 1;
    } finally {
      await store?.close();
    }
    if (options.cache && cache) {
      await mkdir(path.dirname(path.resolve(options.cache)), { recursive: true });
      await writeFile(options.cache, serialiseSweepCache(cache, pages));
    }
    const counts = environment.tracker.requestCounts();
    if (options.format === 'json') {
      process.stdout.write(JSON.stringify({ ...result, requests: counts }, null, 2) + '\n');
    } else {
      process.stdout.write(formatSweep(result, options.maxWrites));
      process.stdout.write(
        `${counts.requests} GitHub requests (${counts.notModified} not modified, ${counts.writes} writes)\n`,
      );
    }
    return result.errors.length > 0 ? 1 : 0;
  },
};
