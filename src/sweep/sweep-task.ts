// The sweep as a scheduled task of `repodesk serve` and `repodesk start` (listed with the bot's scheduled
// tasks), every SWEEP_EVERY (15 minutes by default), the first run a few seconds after start. The task
// keeps its timeline cache between runs, so a quiet desk costs one page of open
// issues per hundred tickets every run (a 304 once nothing changed) and no write. Its comments draw on the
// bot's persisted write budget, shared with intake: when the budget is spent the run stops, and the next
// run goes on from there.

import type { BotContext } from '../context.ts';
import type { ScheduledTask } from '../worker/schedule.ts';
import { loadLastAssigned, recordAssignment } from '../worker/workload.ts';
import { runSweep } from './run-sweep.ts';
import { emptySweepCache, type SweepCache } from './sweep-cache.ts';

/** The sweep task of `bot`, with its own timeline cache for as long as the bot runs. */
export function sweepTask(bot: BotContext): ScheduledTask {
  const cache = emptySweepCache(bot.config.repository ?? '');
  return {
    name: 'sweep',
    everyMs: bot.config.sweepEveryMs,
    // Soon after start (a restarted bot catches up at once), once the server and the worker are up.
    firstRunAfterMs: 5_000,
    run: (now) => runSweepTask(bot, cache, now),
  };
}

async function runSweepTask(bot: BotContext, cache: SweepCache, now: number): Promise<void> {
  const result = await runSweep({
    tracker: bot.tracker,
    rules: bot.rules.current,
    now: new Date(now),
    log: bot.log.child({ task: 'sweep' }),
    cache,
    issueLocks: bot.issueLocks,
    ...(bot.rules.version ? { rulesVersion: bot.rules.version.version } : {}),
    labelChanges: bot.labelChanges,
    takeContentWrites: async (count) => (await bot.budget.take(bot.clock(), count)).granted,
    lastAssigned: await loadLastAssigned(bot.kv),
  });
  // Tickets that waited for an agent continue the teams' rotation, as routing's assignments do.
  await recordAssignment(
    bot.kv,
    result.assigned.map((assigned) => assigned.login),
    result.lastAssigned,
  );
  bot.metrics.count('repodesk_sweep_runs_total', 'SLA and lifecycle sweeps run by the bot.', {
    outcome: result.errors.length > 0 ? 'errors' : result.stoppedByBudget ? 'budget' : 'done',
  });
  bot.metrics.count(
    'repodesk_sweep_writes_total',
    "GitHub writes sent by the bot's sweeps (comments, labels, assignments, closings).",
    {},
    result.writes,
  );
  if (result.errors.length > 0) {
    throw new Error(
      `sweep: ${result.errors.length} tickets failed, first #${result.errors[0]!.number}: ${result.errors[0]!.message}`,
    );
  }
}
