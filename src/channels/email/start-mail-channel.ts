// Starts what the mail channel runs beside the HTTP routes and jobs: the IMAP poller of the support
// mailbox when IMAP_URL is set. Each polled message goes through acceptRawMessage, like every source.

import type { BotContext } from '../../context.ts';
import { startImapPoller, type ImapPoller } from './imap-poller.ts';
import { acceptRawMessage } from './accept-raw-message.ts';
import { processInboundJobKind, type ProcessInboundPayload } from './process-inbound-job.ts';

export interface MailChannel {
  imap?: ImapPoller;
  stop(): Promise<void>;
}

/** Starts the IMAP poller if configured; `stop` closes it. */
export function startMailChannel(bot: BotContext): MailChannel {
  const imapUrl = bot.config.imapUrl;
  if (!imapUrl) return { stop: async () => {} };
  const mail = bot.mail;
  const imap = startImapPoller({
    url: imapUrl,
    log: bot.log,
    // A message over the size limit is not fetched whole: its head is enough to quarantine it and tell
    // the sender.
    maxBytes: mail.config.parseLimits.maxBytes,
    accept: async (raw, message) => {
      const now = bot.clock();
      const accepted = await acceptRawMessage(
        {
          mailStore: mail.mailStore,
          enqueue: async (mailId) => {
            const payload: ProcessInboundPayload = { mailId };
            await bot.jobs.enqueue(processInboundJobKind, payload, now);
          },
          now,
        },
        raw,
        'imap',
        message.truncated ? message.size : undefined,
      );
      if (!accepted.duplicate) bot.wakeWorker();
    },
  });
  return { imap, stop: () => imap.close() };
}
