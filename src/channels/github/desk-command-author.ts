// Whether the author of a command comment may act in the desk's name: a teams.yaml agent, the repository's
// owner, or a collaborator GitHub confirms can write here (see tracker/comment-writer.ts). Anyone else's
// `/reply` or `/status` stays an ordinary comment on the issue (agents see it there as a note): nothing is
// mailed or changed, and the bot posts no answer (an outsider could otherwise make it spend the desk's
// GitHub write budget). The refusal is logged without the comment's text and counted in /metrics.

import type { Logger } from '../../config/logger.ts';
import type { BotContext } from '../../context.ts';
import { commentWriter } from '../../tracker/comment-writer.ts';
import type { GithubEvent } from './github-event.ts';

/** True when `comment` (a command) may run; otherwise logs and counts the refusal. */
export async function mayRunCommand(
  comment: NonNullable<GithubEvent['comment']>,
  bot: BotContext,
  log: Logger,
): Promise<boolean> {
  const writer = await commentWriter(
    { body: comment.body, author: { login: comment.author, association: comment.association } },
    {
      agentLogins: bot.rules.current.teams.agents.map((agent) => agent.login),
      repodeskLogins: await bot.tracker.repodeskLogins(),
      tracker: bot.tracker,
    },
  );
  if (writer === 'desk') return true;
  const command = /^\/[a-z-]+/i.exec(comment.body.trimStart())?.[0] ?? '';
  bot.metrics.count(
    'repodesk_commands_refused_total',
    'Agent commands left as plain comments: their author may not act for the desk.',
    { command },
  );
  log.info('command not run: its author may not act for the desk; left as a comment', {
    comment: comment.id,
    author: comment.author,
    association: comment.association,
    command,
  });
  return false;
}
