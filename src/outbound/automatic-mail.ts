// Automatic mail (acknowledgements, automatic replies, the too-large notice) goes out only when it is
// safe: never to a robot (robot-check.ts: auto-responders, lists, noreply and postmaster senders, our own
// address), never to an address a bounce marked undeliverable on the ticket, and at most
// desk.mail.autoReplyLimitPerHour mails to one address an hour, counted when queued.

import type { BotContext } from '../context.ts';
import { mayAutoReply } from '../mail/robot-check.ts';

const hourMs = 60 * 60 * 1000;

/** Why no automatic mail goes to an address. */
export type AutomaticMailRefusal = 'robot' | 'undeliverable' | 'hourly-cap';

/**
 * Takes one slot of automatic mail to `address` (recorded in the store: call in the transaction that
 * queues the mail), or says why not.
 */
export async function takeAutomaticSlot(
  bot: BotContext,
  request: {
    address: string;
    /** The requester is a robot (robot-check). */
    automated: boolean;
    /** The ticket whose undeliverable addresses count. */
    ref?: string;
    now: number;
  },
): Promise<AutomaticMailRefusal | undefined> {
  if (request.automated) return 'robot';
  const address = request.address.toLowerCase();
  if (
    request.ref !== undefined &&
    (await bot.mail.mailStore.thread(request.ref))?.undeliverable.includes(address)
  )
    return 'undeliverable';
  const sent = await bot.mail.mailStore.automaticMailSince(address, request.now - hourMs);
  if (!mayAutoReply(sent, bot.rules.current.desk.mail.autoReplyLimitPerHour)) return 'hourly-cap';
  await bot.mail.mailStore.recordAutomaticMail(address, request.now);
  return undefined;
}
