// The files of a ticket that `/merge` lists on its target: the attachments of its inbound mail the bot kept
// (../../store/mail-store.ts), each with a fresh signed link (valid MAIL_ATTACHMENT_LINK_DAYS, as the links
// written at intake), then the GitHub attachments linked in its issue's body and comments, once each.

import type { BotContext } from '../../context.ts';
import { signFileUrl } from '../../mail/attachments.ts';
import { linkedFiles } from './linked-files.ts';

/** The files of issue `number` (ticket `ref`, when it has one), as of `now` (ms since the epoch). */
export async function ticketFiles(
  bot: BotContext,
  issue: { number: number; body: string },
  ref: string | undefined,
  now: number,
): Promise<{ name: string; url: string }[]> {
  const expiresAt = Math.floor(now / 1000) + bot.mail.config.attachmentLinkSeconds;
  const kept = ref === undefined ? [] : await bot.mail.mailStore.keptAttachmentsOf(ref);
  const files = kept.map((file) => ({
    name: file.displayName,
    url: `${bot.config.publicBotUrl ?? ''}${signFileUrl(file.id, expiresAt, bot.mail.fileSecret)}`,
  }));
  const comments = await bot.tracker.listComments(issue.number);
  const seen = new Set<string>();
  for (const text of [issue.body, ...comments.map((comment) => comment.body)])
    for (const link of linkedFiles(text))
      if (!seen.has(link.url)) {
        seen.add(link.url);
        files.push(link);
      }
  return files;
}
