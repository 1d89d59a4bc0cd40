// Scheduled task: deletes the request form's uploads that no submission named within
// `unattachedUploadRetentionMs` (a customer who chose files and left). Attached files are kept.

import type { ScheduledTask } from '../../server/scheduled-tasks.ts';
import { formUploadsFor, unattachedUploadRetentionMs } from '../../store/form-uploads.ts';

export const uploadRetentionTask: ScheduledTask = {
  name: 'upload-retention',
  everyMs: 60 * 60 * 1000,
  async run(services, now) {
    const deleted = formUploadsFor(services).deleteUnattached(now - unattachedUploadRetentionMs);
    if (deleted.length > 0) services.log.info('unattached form uploads deleted', { count: deleted.length });
  },
};
