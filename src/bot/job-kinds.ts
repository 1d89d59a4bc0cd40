// The kinds of job the worker applies. A new kind (the outbound mail job, …): one file under jobs/, one
// line here.

import { mailJobKinds } from '../channels/email/mail-job-kinds.ts';
import type { BotContext } from '../context.ts';
import { createTicketJob } from '../channels/form/create-ticket-job.ts';
import { githubEventJob } from '../channels/github/github-event-job.ts';
import type { JobKind } from '../worker/worker.ts';

export function jobKinds(bot: BotContext): JobKind[] {
  return [createTicketJob(bot), githubEventJob(bot), ...mailJobKinds(bot)];
}
