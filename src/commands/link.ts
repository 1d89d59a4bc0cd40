// `/link #N` makes #N this ticket's master (a problem, a major incident): #N's issue lists its children in
// one section of its body (../tickets/children-section.ts), rewritten in one edit, and `/reply-all` and
// `/resolve-all` on #N reach this ticket's requester. Two writes: #N's body and a note here. Linked already:
// nothing written. #N missing, this ticket or in another repository gets a note, nothing else.

import { messagesFor } from '../messages/index.ts';
import { childrenOf } from '../tickets/children-section.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { readIssueReference } from './issue-reference.ts';

const texts = { fr: messagesFor('fr').commands.link, en: messagesFor('en').commands.link };

function runLink(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, related, repository } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const words = command.args.split(/\s+/).filter((word) => word !== '');
  const named = words.length === 1 ? readIssueReference(words[0]!, repository) : ({ kind: 'none' } as const);
  if (named.kind === 'none') return note(text.usage, 'bad use');
  if (named.kind === 'other-repository') return note(text.otherRepository(named.given), 'other repository');
  const { number } = named;
  if (number === ticket.number) return note(text.itself, 'this ticket');
  const master = related.get(number);
  if (!master) return note(text.missing(number), 'no such issue');
  if (childrenOf(master.body).includes(ticket.number)) return [];
  const cause = {
    source: 'command' as const,
    rule: 'command /link',
    reason: `@${comment.author} linked #${ticket.number} to its master #${number}`,
  };
  return [
    commandNote(input, text.name + text.linked(number), 'linked'),
    {
      kind: 'other-issue',
      number,
      actions: [{ kind: 'link-child', child: ticket.number, linked: true, heading: text.heading, cause }],
      cause,
    },
  ];
}

export const link: AgentCommand = {
  usage: '/link #N',
  help: { fr: texts.fr.help, en: texts.en.help },
  relatedIssues(command, _ticket, repository) {
    const named = readIssueReference(command.args.trim(), repository);
    return named.kind === 'issue' ? [named.number] : [];
  },
  run: runLink,
};
