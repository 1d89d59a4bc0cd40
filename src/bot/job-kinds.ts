// The kinds of job the worker applies, every channel's and the outbound ones. A new kind: one job file
// (exporting its kind and its payload type) and one line here.

import { alertTicketJob } from '../channels/alerts/alert-ticket-job.ts';
import { createEmailTicketJob } from '../channels/email/create-email-ticket-job.ts';
import { processInboundJob } from '../channels/email/process-inbound-job.ts';
import { createTicketJob } from '../channels/form/create-ticket-job.ts';
import { githubEventJob } from '../channels/github/github-event-job.ts';
import type { BotContext } from '../context.ts';
import { autoReplyJob } from '../outbound/auto-reply-job.ts';
import { labelUndeliverableJob } from '../outbound/label-undeliverable-job.ts';
import { satisfactionNoteJob } from '../outbound/satisfaction-note-job.ts';
import { sendMailJob } from '../outbound/send-mail-job.ts';
import type { JobKind } from '../worker/worker.ts';

export function jobKinds(bot: BotContext): JobKind[] {
  return [
    createTicketJob(bot),
    githubEventJob(bot),
    processInboundJob(bot),
    createEmailTicketJob(bot),
    sendMailJob(bot),
    labelUndeliverableJob(bot),
    autoReplyJob(bot),
    alertTicketJob(bot),
    satisfactionNoteJob(bot),
  ];
}
