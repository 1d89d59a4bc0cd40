// `/reply-all <text|canned-id>` on a master ticket (`/link #N` on its children) mails the same reply to the
// requester of every linked ticket, and to the requester of every ticket merged into one of them (`/merge`:
// from the merge on they get what is addressed to all of its requesters), exactly once each: one mail per
// address (a requester of two children gets one), under that requester's own reference (their answer threads back to their own ticket), keyed in the
// outbox by the comment and that reference. The same variables and canned-id checks as `/reply`, filled for
// each requester; an unknown id or variable sends nothing and gets `/reply`'s note. A note on the master
// says who was mailed and which children have no requester. One write: that note.

import { messagesFor } from '../messages/index.ts';
import { mailVariables } from '../mail/mail-variables.ts';
import { childrenOf } from '../tickets/children-section.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { replyMessage, replyRefusal } from './reply.ts';

const texts = { fr: messagesFor('fr').commands.replyAll, en: messagesFor('en').commands.replyAll };

const listed = (numbers: readonly number[]) => numbers.map((number) => `#${number}`).join(', ');

function runReplyAll(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, related } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  if (command.text.trim() === '') return note(text.usage, 'bad use');
  const children = childrenOf(ticket.body).filter((child) => child !== ticket.number);
  if (children.length === 0) return note(text.noChildren, 'no children');
  const cause = {
    source: 'command' as const,
    rule: 'command /reply-all',
    reason: `@${comment.author} answered the requesters of the tickets linked to #${ticket.number}`,
  };
  const mailed = new Set<string>();
  const reached: number[] = [];
  const withoutRequester: number[] = [];
  const mails: TicketAction[] = [];
  for (const number of children) {
    const child = related.get(number);
    const recipients = child?.recipients;
    if (child?.ref === undefined || !recipients) {
      withoutRequester.push(number);
      continue;
    }
    // The child's requester, then those of the tickets merged into it, each under their own reference.
    const requesters = [
      { ref: child.ref, recipients, statusUrl: child.statusUrl ?? '' },
      ...(child.mergedHere ?? []),
    ];
    reached.push(number);
    for (const requester of requesters) {
      const { ref } = requester;
      const reading = replyMessage(rules, `/reply ${command.text}`, requester.recipients.lang, (status) =>
        mailVariables(rules, {
          ref,
          recipients: requester.recipients,
          issueTitle: child.title,
          status,
          agentLogin: comment.author,
          statusUrl: requester.statusUrl,
        }),
      );
      if (reading.kind === 'empty') return note(text.usage, 'bad use');
      if (reading.kind !== 'reply') return replyRefusal(input, reading);
      const address = requester.recipients.to.toLowerCase();
      if (mailed.has(address)) continue;
      mailed.add(address);
      const cc = requester.recipients.cc.filter((copy) => !mailed.has(copy.toLowerCase()));
      for (const copy of cc) mailed.add(copy.toLowerCase());
      mails.push({
        kind: 'mail',
        mail: {
          key: `reply-all:comment:${comment.id}:${ref}`,
          template: 'reply',
          ref,
          lang: requester.recipients.lang,
          to: [requester.recipients.to],
          cc,
          variables: { ...reading.variables, message: reading.message },
          automatic: false,
          threaded: true,
        },
        cause,
      });
    }
  }
  if (mails.length === 0) return note(text.nobody, 'no requester');
  const missing = withoutRequester.length > 0 ? text.noRequester(listed(withoutRequester)) : '';
  return [commandNote(input, text.name + text.sent(listed(reached)) + missing, 'replied to all'), ...mails];
}

export const replyAll: AgentCommand = {
  usage: '/reply-all <text> | /reply-all <canned-id>',
  help: { fr: texts.fr.help, en: texts.en.help },
  relatedIssues: (_command, ticket) => childrenOf(ticket.body).filter((child) => child !== ticket.number),
  run: runReplyAll,
};
