// Work the bot runs on a schedule (the SLA and lifecycle sweep, retention clean-up). A new task: one file
// with its function, one line in `scheduledTasks`. A run never overlaps the previous one of the same task.

import type { BotConfig } from '../config/load-config.ts';
import { uploadRetentionTask } from '../mail/inbound/upload-retention.ts';
import { sweepTask } from '../sweep/sweep-task.ts';
import type { BotServices } from '../context.ts';

export interface ScheduledTask {
  name: string;
  /** Time between runs, fixed or read from the configuration; 0 turns the task off. */
  everyMs: number | ((config: BotConfig) => number);
  /** The first run comes this long after start (default: one interval), or after one interval if shorter. */
  firstRunAfterMs?: number;
  run(services: BotServices, now: number): Promise<void>;
}

/** The tasks `repodesk serve` runs. */
export const scheduledTasks: ScheduledTask[] = [sweepTask, uploadRetentionTask];

/** Starts every task's timer; returns a function that stops them and waits for runs in progress. */
export function startSchedule(tasks: readonly ScheduledTask[], services: BotServices): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  for (const task of tasks) {
    const everyMs = typeof task.everyMs === 'number' ? task.everyMs : task.everyMs(services.config);
    if (everyMs <= 0) continue;
    const log = services.log.child({ task: task.name });
    const runOnce = () => {
      if (stopped || running.has(task.name)) return;
      const started = services.clock();
      const run = task
        .run(services, started)
        .then(() => log.info('scheduled task done', { ms: services.clock() - started }))
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
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(running.values());
  };
}
