// The sweep as a scheduled task of `repodesk serve` (one line in `scheduledTasks` of
// src/server/scheduled-tasks.ts). The process keeps the timeline cache between runs, so a quiet desk
// costs one page of open issues per hundred tickets every run and no write.

import type { BotServices } from '../server/bot-services.ts';
import type { ScheduledTask } from '../server/scheduled-tasks.ts';
import { runSweep } from './run-sweep.ts';
import { emptySweepCache, type SweepCache } from './sweep-cache.ts';

const caches = new WeakMap<BotServices, SweepCache>();

/** Every 15 minutes, like the Actions workflow. */
export const sweepTask: ScheduledTask = {
  name: 'sweep',
  everyMs: 15 * 60_000,
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
    });
    if (result.errors.length > 0) {
      throw new Error(
        `sweep: ${result.errors.length} tickets failed, first #${result.errors[0]!.number}: ${result.errors[0]!.message}`,
      );
    }
  },
};
