// The acknowledgement of a new ticket, the same for a form request and a mail: its reference, its status
// link and the articles that might already answer it (as the form suggested them while the customer
// typed), queued in the transaction that records the ticket (so it is sent exactly once: key
// `ack:<ref>`), never to a robot's address and within the desk's hourly cap of automatic mail per address.

import type { BotContext } from '../context.ts';
import { articleSuggestions } from '../mail/article-suggestions.ts';
import { takeAutomaticSlot } from './automatic-mail.ts';
import { robotRequesterKey } from './satisfaction-survey.ts';
import { sendMailJobKind, type SendMailPayload } from './send-mail-job.ts';
import { statusUrl } from './status-url.ts';

/** Queues the acknowledgement of ticket `ref` (call inside the transaction that records the ticket). */
export async function queueAcknowledgement(
  bot: BotContext,
  ticket: {
    ref: string;
    lang: string;
    /** The requester's address, lower-cased. */
    address: string;
    /** The requester's name as the customer gave it. */
    name: string;
    /** The request's title as the customer's own mail shows it back. */
    title: string;
    /** What the customer wrote (subject and description): what the suggested articles answer. */
    text: string;
    /** The requester is a robot (robot-check): no acknowledgement. */
    automated: boolean;
    now: number;
  },
): Promise<void> {
  const { ref, lang, address, name, title, now } = ticket;
  // Remembered for the resolution mail: a robot gets no satisfaction survey either.
  if (ticket.automated) await bot.kv.set(robotRequesterKey(ref), true);
  if ((await takeAutomaticSlot(bot, { address, automated: ticket.automated, now })) !== undefined) return;
  const ack: SendMailPayload = {
    key: `ack:${ref}`,
    template: 'acknowledgement',
    ref,
    lang,
    to: [address],
    cc: [],
    variables: {
      'requester.name': name,
      'requester.firstName': name.trim().split(/\s+/)[0] ?? '',
      'requester.email': address,
      'ticket.ref': ref,
      'ticket.title': title,
      'ticket.statusUrl': statusUrl(bot, ref, lang),
    },
    suggestions: articleSuggestions(bot.rules.articles, bot.config.publicSiteUrl, ticket.text, lang),
    automatic: true,
    threaded: true,
  };
  await bot.jobs.enqueue(sendMailJobKind, ack, now);
}
