// The sweep as a scheduled task of `repodesk serve` and `repodesk start` (listed in `scheduledTasks` of
// src/server/scheduled-tasks.ts), every SWEEP_EVERY (15 minutes by default), the first run a few seconds
// after start. The process keeps the timeline cache between runs, so a quiet desk costs one page of open
// issues per hundred tickets every run (a 304 once nothing changed) and no write. Its comments draw on the
// bot's persisted write budget, shared with intake: when the budget is spent the run stops, and the next
// run goes on from there.

import type { BotServices } from '../context.ts';
import type { ScheduledTask } from '../server/scheduled-tasks.ts';
import { runSweep } from './run-sweep.ts';
import { emptySweepCache, type SweepCache } from './sweep-cache.ts';

const caches = new WeakMap<BotServices, SweepCache>();

export const sweepTask: ScheduledTask = {
  name: 'sweep',
  everyMs: (config) => config.sweepEveryMs,
  // Soon after start (a restarted bot catches up at once), once the server and the worker are up.
  firstRunAfterMs: 5_000,
  async run(services, now) {
    let cache = caches.get(services);
    if (!cache) {
      cache = emptySweepCache(services.config.repository ?? '');
      caches.set(services, cache);
    }
    const result = await runSweep({
      tracker: services.tracker,
      rules: services.rules.current,
      now: new Date(now),
      log: services.log.child({ task: 'sweep' }),
      cache,
      takeContentWrites: (count) => services.budget.take(services.clock(), count).granted,
    });
    services.metrics.count('repodesk_sweep_runs_total', 'SLA and lifecycle sweeps run by the bot.', {
      outcome: result.errors.length > 0 ? 'errors' : result.stoppedByBudget ? 'budget' : 'done',
    });
    services.metrics.count(
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
  },
};
