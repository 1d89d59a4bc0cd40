// Who ticket `ref`'s mail goes to, read from the store: its mail thread, else the form submission that
// opened it (tickets/requester.ts says which wins).

import type { BotContext } from '../context.ts';
import { ticketRequester, type TicketRecipients } from '../tickets/requester.ts';

/**
 * The recipients of ticket `ref`; `lang` is the language of a form request without a thread (default: the
 * request's own). Undefined for an unknown ticket or one without an address.
 */
export function recipientsOf(bot: BotContext, ref: string, lang?: string): TicketRecipients | undefined {
  const thread = bot.mail.mailStore.thread(ref);
  if (thread) return ticketRequester(thread, undefined, thread.lang);
  const record = bot.refs.get(ref);
  if (!record) return undefined;
  const submission = bot.inbox.get(record.inboxId)?.payload as
    { requester?: { email?: unknown; name?: unknown } } | undefined;
  return ticketRequester(undefined, submission, lang ?? record.lang);
}
