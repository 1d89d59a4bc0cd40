// The mail channel's job kinds (one line in the worker's list of kinds).

import type { BotContext } from '../../context.ts';
import type { JobKind } from '../../worker/worker.ts';
import { autoReplyJob } from '../../outbound/auto-reply-job.ts';
import { createEmailTicketJob } from './create-email-ticket-job.ts';
import { labelUndeliverableJob } from '../../outbound/label-undeliverable-job.ts';
import { processInboundJob } from './process-inbound-job.ts';
import { sendMailJob } from '../../outbound/send-mail-job.ts';

export function mailJobKinds(bot: BotContext): JobKind[] {
  return [
    processInboundJob(bot),
    createEmailTicketJob(bot),
    sendMailJob(bot),
    labelUndeliverableJob(bot),
    autoReplyJob(bot),
  ];
}
