// Work the bot runs on a schedule (the SLA and lifecycle sweep, retention clean-up). A new task: one file
// with its function, one line here.

import type { BotContext } from '../context.ts';
import { uploadRetentionTask } from '../channels/form/upload-retention.ts';
import { privacyRetentionTask } from '../privacy/retention-task.ts';
import { sweepTask } from '../sweep/sweep-task.ts';
import type { ScheduledTask } from '../worker/schedule.ts';

/** The tasks `repodesk serve` runs. */
export function scheduledTasks(bot: BotContext): ScheduledTask[] {
  return [sweepTask(bot), uploadRetentionTask(bot), privacyRetentionTask(bot)];
}
