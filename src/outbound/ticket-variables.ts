// A ticket's mail variables with its status link signed by the bot (../mail/mail-variables.ts says which
// value each variable takes).

import type { BotContext } from '../context.ts';
import { mailVariables, type MailVariablesInput } from '../mail/mail-variables.ts';
import { statusUrl } from './status-url.ts';

/** The values of every canned-reply variable for one ticket, as the customer's mail shows them. */
export function ticketVariables(
  bot: BotContext,
  ticket: Omit<MailVariablesInput, 'statusUrl'>,
): Record<string, string> {
  return mailVariables(bot.rules.current, {
    ...ticket,
    statusUrl: statusUrl(bot, ticket.ref, ticket.recipients.lang),
  });
}
