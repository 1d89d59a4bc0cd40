// The sweep as a scheduled task of `repodesk serve` and `repodesk start` (listed with the bot's scheduled
// tasks), every SWEEP_EVERY (15 minutes by default), the first run a few seconds after start. The task
// keeps its timeline cache between runs, so a quiet desk costs one page of open
// issues per hundred tickets every run (a 304 once nothing changed) and no write. Its comments draw on the
// bot's persisted write budget, shared with intake: when the budget is spent the run stops, and the next
// run goes on from there. Every repository of the desk (desk.yaml's `repositories`: confidential queues) is
// swept in turn, each with its own cache and its own write limit per run; the budget shared with intake is one.
// Tickets that wait for an agent are assigned counting each agent's open tickets in every repository (as
// least-open routing does at intake): no extra read when none waits or nobody is on duty to take it; else the
// repositories swept earlier in the run give their counts for free and each later one costs one listing of
// its open issues.

import type { BotContext } from '../context.ts';
import { labelChangesOf } from '../store/label-changes.ts';
import type { ScheduledTask } from '../worker/schedule.ts';
import { loadLastAssigned, recordAssignment } from '../worker/workload.ts';
import { runSweep } from './run-sweep.ts';
import { emptySweepCache, type SweepCache } from './sweep-cache.ts';

/** The sweep task of `bot`, with its own timeline caches (one per repository) for as long as the bot runs. */
export function sweepTask(bot: BotContext): ScheduledTask {
  const caches = new Map<string, SweepCache>();
  return {
    name: 'sweep',
    everyMs: bot.config.sweepEveryMs,
    // Soon after start (a restarted bot catches up at once), once the server and the worker are up.
    firstRunAfterMs: 5_000,
    run: (now) => runSweepTask(bot, caches, now),
  };
}

/** The repositories swept: the bot's own, then the others desk.yaml lists. */
function sweptRepositories(bot: BotContext): string[] {
  const desk = bot.rules.current.desk;
  const own = bot.tracker.repository;
  return [own, ...(desk.repositories ?? []).filter((name) => name !== own && name !== desk.repository)];
}

/**
 * Open tickets per teams.yaml agent in `repositories`, summed: a repository swept earlier in this run costs
 * no read (the counts its sweep listed); any other, one page of open issues per 100 (a conditional
 * request, a 304 when nothing changed since the last sweep listed it).
 */
async function openIn(
  bot: BotContext,
  repositories: readonly string[],
  openSwept: ReadonlyMap<string, Record<string, number>>,
): Promise<Record<string, number>> {
  const logins = bot.rules.current.teams.agents.map((agent) => agent.login);
  const total: Record<string, number> = Object.fromEntries(logins.map((login) => [login, 0]));
  for (const repository of repositories) {
    const counts =
      openSwept.get(repository) ?? (await bot.tracker.forRepository(repository).countOpenByAssignee(logins));
    for (const login of logins) total[login]! += counts[login] ?? 0;
  }
  return total;
}

async function runSweepTask(bot: BotContext, caches: Map<string, SweepCache>, now: number): Promise<void> {
  const errors: { repository: string; number: number; message: string }[] = [];
  let stoppedByBudget = false;
  let writes = 0;
  const own = bot.tracker.repository;
  const repositories = sweptRepositories(bot);
  // Open tickets per agent of each repository already swept in this run (its list, plus its assignments).
  const openSwept = new Map<string, Record<string, number>>();
  for (const repository of repositories) {
    let cache = caches.get(repository);
    if (!cache) caches.set(repository, (cache = emptySweepCache(repository)));
    const result = await runSweep({
      tracker: bot.tracker.forRepository(repository),
      rules: bot.rules.current,
      now: new Date(now),
      log: bot.log.child({ task: 'sweep', repository }),
      cache,
      issueLocks: bot.issueLocks.forRepository(repository),
      ...(bot.rules.version ? { rulesVersion: bot.rules.version.version } : {}),
      labelChanges: labelChangesOf(bot.labelChanges, repository === own ? undefined : repository),
      takeContentWrites: async (count) => (await bot.budget.take(bot.clock(), count)).granted,
      lastAssigned: await loadLastAssigned(bot.kv),
      openElsewhere: () =>
        openIn(
          bot,
          repositories.filter((other) => other !== repository),
          openSwept,
        ),
    });
    openSwept.set(repository, result.openByAgent);
    // Tickets that waited for an agent continue the teams' rotation, as routing's assignments do.
    await recordAssignment(
      bot.kv,
      result.assigned.map((assigned) => assigned.login),
      result.lastAssigned,
    );
    writes += result.writes;
    stoppedByBudget ||= result.stoppedByBudget;
    errors.push(...result.errors.map((error) => ({ repository, ...error })));
  }
  bot.metrics.count('repodesk_sweep_runs_total', 'SLA and lifecycle sweeps run by the bot.', {
    outcome: errors.length > 0 ? 'errors' : stoppedByBudget ? 'budget' : 'done',
  });
  bot.metrics.count(
    'repodesk_sweep_writes_total',
    "GitHub writes sent by the bot's sweeps (comments, labels, assignments, closings).",
    {},
    writes,
  );
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new Error(
      `sweep: ${errors.length} tickets failed, first ${first.repository}#${first.number}: ${first.message}`,
    );
  }
}
