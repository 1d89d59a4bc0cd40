// The requesters of the tickets merged into an issue (`/merge`, ../../store/ticket-merges.ts): each has their
// own reference, address and follow link, and gets the mail addressed to all of the target's requesters
// (`/reply`, `/reply-all` through a linked ticket, the lifecycle notices) in a mail of their own, from the
// merge on. What an agent command and a repodesk notice both read.

import type { MergedRequester } from '../../commands/agent-command.ts';
import type { BotContext } from '../../context.ts';
import { recipientsOf } from '../../outbound/recipients.ts';
import { statusUrl } from '../../outbound/status-url.ts';

/** The requesters of the tickets merged into issue `number` (those with a reference and an address), oldest merge first. */
export async function mergedRequesters(bot: BotContext, number: number): Promise<MergedRequester[]> {
  const found: MergedRequester[] = [];
  for (const merge of await bot.merges.intoTarget(number)) {
    if (merge.sourceRef === undefined) continue;
    const recipients = await recipientsOf(bot, merge.sourceRef);
    if (!recipients) continue;
    found.push({
      number: merge.sourceIssue,
      ref: merge.sourceRef,
      recipients,
      statusUrl: statusUrl(bot, merge.sourceRef, recipients.lang),
    });
  }
  return found;
}
