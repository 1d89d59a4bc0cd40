// The offline agent page's list of the replies the collision guard held (../commands/reply.ts), with where
// each stands (held, sent, dropped, by whom and when): every one on the issue list, newest first, and an
// issue's own on its page. Read from the bot's store when the page is asked for.

import { noteTime } from '../commands/note-time.ts';
import type { BotContext } from '../context.ts';
import { messagesFor } from '../messages/index.ts';
import type { AgentPageAside, AgentPageTarget } from '../standin/agent-page.ts';
import type { HeldReply } from '../tickets/held-reply.ts';

/** How many held replies the issue list shows. */
const listed = 50;

/** How much of a held reply's text a line shows. */
const excerptLength = 80;

function line(reply: HeldReply, lang: AgentPageTarget['lang']): string {
  const text = messagesFor(lang).heldReplies;
  const why =
    reply.collision.kind === 'replied' ? text.replied(reply.collision.by) : text.took(reply.collision.by);
  const settled =
    reply.settledBy === undefined
      ? ''
      : ` (${text.settled(reply.settledBy, noteTime(reply.settledAt ?? 0))})`;
  const said = (reply.mail.shown ?? '').replace(/\s+/g, ' ').trim();
  const excerpt = said.length > excerptLength ? `${said.slice(0, excerptLength)}…` : said;
  // A confidential queue's reply by its repository: its #N is not the default's #N.
  return `${reply.repository ?? ''}#${reply.issueNumber} · @${reply.author} · ${noteTime(reply.heldAt)} · ${text.states[reply.state]}${settled} · ${why} · « ${excerpt} »`;
}

const sameRepository = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The agent page's asides for the desk of `repository` (its default) and the other repositories desk.yaml
 * lists (confidential queues): their held replies.
 */
export function heldRepliesAside(
  bot: BotContext,
  repository: string,
): (target: AgentPageTarget) => Promise<AgentPageAside[]> {
  return async ({ lang, repos, issue }) => {
    // Held replies quote the desk's tickets: only those of the repositories the account can read.
    const desk = [repository, ...(bot.rules.current.desk.repositories ?? [])];
    const readable = desk.filter((name) => repos.some((repo) => sameRepository(repo, name)));
    const own = issue && readable.find((name) => sameRepository(name, issue.repo));
    if (issue && own === undefined) return [];
    const replies = issue
      ? await bot.mail.heldReplies.ofIssue(issue.number, sameRepository(own!, repository) ? undefined : own)
      : (await bot.mail.heldReplies.list(listed)).filter((reply) =>
          readable.some((name) => sameRepository(name, reply.repository ?? repository)),
        );
    const text = messagesFor(lang).heldReplies;
    // An issue without any shows nothing; the list says there are none.
    if (issue && replies.length === 0) return [];
    const items =
      replies.length === 0
        ? [{ text: text.none }]
        : replies.map((reply) => ({
            text: line(reply, lang),
            href: `/${reply.repository ?? repository}/issues/${reply.issueNumber}?lang=${lang}`,
          }));
    return [{ heading: text.heading, items }];
  };
}
