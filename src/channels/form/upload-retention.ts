// Scheduled task: deletes the request form's uploads that no submission named within
// `unattachedUploadRetentionMs` (a customer who chose files and left). Attached files are kept.

import type { BotContext } from '../../context.ts';
import { unattachedUploadRetentionMs } from '../../store/form-uploads.ts';
import type { ScheduledTask } from '../../worker/schedule.ts';

export function uploadRetentionTask(bot: BotContext): ScheduledTask {
  return {
    name: 'upload-retention',
    everyMs: 60 * 60 * 1000,
    async run(now) {
      const deleted = await bot.formUploads.deleteUnattached(now - unattachedUploadRetentionMs);
      if (deleted.length > 0) bot.log.info('unattached form uploads deleted', { count: deleted.length });
    },
  };
}
