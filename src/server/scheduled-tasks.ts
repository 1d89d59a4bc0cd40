// Work the bot runs on a schedule (the SLA and lifecycle sweep, retention clean-up). A new task: one file
// with its function, one line in `scheduledTasks`. A run never overlaps the previous one of the same task.

import type { BotServices } from './bot-services.ts';

export interface ScheduledTask {
  name: string;
  everyMs: number;
  run(services: BotServices, now: number): Promise<void>;
}

/** The tasks `repodesk serve` runs. */
export const scheduledTasks: ScheduledTask[] = [];

/** Starts every task's timer; returns a function that stops them and waits for runs in progress. */
export function startSchedule(tasks: readonly ScheduledTask[], services: BotServices): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  for (const task of tasks) {
    const log = services.log.child({ task: task.name });
    timers.push(
      setInterval(() => {
        if (running.has(task.name)) return;
        const started = services.clock();
        const run = task
          .run(services, started)
          .then(() => log.info('scheduled task done', { ms: services.clock() - started }))
          .catch((error: unknown) => log.error('scheduled task failed', { error }))
          .finally(() => running.delete(task.name));
        running.set(task.name, run);
      }, task.everyMs),
    );
  }
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(running.values());
  };
}
