// Every domain's tables, in the order they are migrated when the store opens. A new domain: its schema in
// its file, one line here.

import { blockedSendersSchema } from './blocked-senders.ts';
import { feedbackSchema } from './feedback-log.ts';
import { formUploadsSchema } from './form-uploads.ts';
import { heldRepliesSchema } from './held-replies.ts';
import { inboxSchema } from './inbox.ts';
import { jobsSchema } from './job-queue.ts';
import { keyValueSchema } from './key-value.ts';
import { labelChangesSchema } from './label-changes.ts';
import { mailSchema } from './mail-store.ts';
import { rateBucketsSchema } from './rate-buckets.ts';
import { ticketRefsSchema } from './reference.ts';
import { satisfactionSchema } from './satisfaction-log.ts';
import { ticketMergesSchema } from './ticket-merges.ts';
import type { StoreSchema } from './store.ts';
import { writeLogSchema } from './write-log.ts';

/** The tables of the bot's store. */
export const storeSchemas: readonly StoreSchema[] = [
  inboxSchema,
  jobsSchema,
  ticketRefsSchema,
  keyValueSchema,
  writeLogSchema,
  feedbackSchema,
  formUploadsSchema,
  mailSchema,
  rateBucketsSchema,
  blockedSendersSchema,
  satisfactionSchema,
  ticketMergesSchema,
  heldRepliesSchema,
  labelChangesSchema,
];
