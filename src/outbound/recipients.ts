// Who ticket `ref`'s mail goes to, read from the store: its mail thread, else the form submission that
// opened it (tickets/requester.ts says which wins).

import type { BotContext } from '../context.ts';
import { ticketRequester, type TicketRecipients } from '../tickets/requester.ts';

/**
 * The recipients of ticket `ref`; `lang` is the language of a form request without a thread (default: the
 * request's own). Undefined for an unknown ticket or one without an address.
 */
export async function recipientsOf(
  bot: BotContext,
  ref: string,
  lang?: string,
): Promise<TicketRecipients | undefined> {
  const thread = await bot.mail.mailStore.thread(ref);
  if (thread) return ticketRequester(thread, undefined, thread.lang);
  const record = await bot.refs.get(ref);
  if (!record) return undefined;
  const submission = (await bot.inbox.get(record.inboxId))?.payload as
    { requester?: { email?: unknown; name?: unknown } } | undefined;
  return ticketRequester(undefined, submission, lang ?? record.lang);
}
