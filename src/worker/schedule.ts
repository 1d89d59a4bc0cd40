// Runs scheduled tasks (the SLA and lifecycle sweep, retention clean-up) on their timers. A task is built
// with what it needs (bot/scheduled-tasks.ts lists them); a run never overlaps the previous one of the
// same task, and stopping waits for the runs in progress. With several replicas the tasks run on the leader
// only (`isLeader`, leadership.ts): a follower's timers tick and skip.

import type { Logger } from '../config/logger.ts';

export interface ScheduledTask {
  name: string;
  /** Time between runs; 0 turns the task off. */
  everyMs: number;
  /** The first run comes this long after start (default: one interval), or after one interval if shorter. */
  firstRunAfterMs?: number;
  run(now: number): Promise<void>;
}

/**
 * Starts every task's timer; returns a function that stops them and waits for runs in progress (at most
 * `graceMs` when given: a run still going then is left to end with the process).
 */
export function startSchedule(
  tasks: readonly ScheduledTask[],
  options: { clock: () => number; log: Logger; isLeader?: () => boolean },
): (graceMs?: number) => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  for (const task of tasks) {
    const everyMs = task.everyMs;
    if (everyMs <= 0) continue;
    const log = options.log.child({ task: task.name });
    const runOnce = () => {
      if (stopped || running.has(task.name)) return;
      if (options.isLeader && !options.isLeader()) return;
      const started = options.clock();
      const run = task
        .run(started)
        .then(() => log.info('scheduled task done', { ms: options.clock() - started }))
        .catch((error: unknown) => log.error('scheduled task failed', { error }))
        .finally(() => running.delete(task.name));
      running.set(task.name, run);
    };
    const firstRunAfterMs = Math.min(task.firstRunAfterMs ?? everyMs, everyMs);
    timers.push(
      setTimeout(() => {
        runOnce();
        timers.push(setInterval(runOnce, everyMs));
      }, firstRunAfterMs),
    );
  }
  return async (graceMs) => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    const all = Promise.all(running.values());
    if (graceMs === undefined) return void (await all);
    let graceTimer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs)))]);
    clearTimeout(graceTimer);
  };
}
