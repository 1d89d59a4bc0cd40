// `/unlink #N` takes this ticket off the list of its master #N (`/link`): #N's body section loses it in one
// edit, and a note here says so. Not listed by #N: a note, nothing else.

import { messagesFor } from '../messages/index.ts';
import { childrenOf } from '../tickets/children-section.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { readIssueReference } from './issue-reference.ts';

const texts = { fr: messagesFor('fr').commands.unlink, en: messagesFor('en').commands.unlink };
const heading = messagesFor('fr').commands.link.heading;

function runUnlink(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, related, repository } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const words = command.args.split(/\s+/).filter((word) => word !== '');
  const named = words.length === 1 ? readIssueReference(words[0]!, repository) : ({ kind: 'none' } as const);
  if (named.kind !== 'issue') return note(text.usage, 'bad use');
  const { number } = named;
  const master = related.get(number);
  if (!master || !childrenOf(master.body).includes(ticket.number))
    return note(text.notLinked(number), 'not linked');
  const cause = {
    source: 'command' as const,
    rule: 'command /unlink',
    reason: `@${comment.author} unlinked #${ticket.number} from #${number}`,
  };
  return [
    commandNote(input, text.name + text.unlinked(number), 'unlinked'),
    {
      kind: 'other-issue',
      number,
      actions: [{ kind: 'link-child', child: ticket.number, linked: false, heading, cause }],
      cause,
    },
  ];
}

export const unlink: AgentCommand = {
  usage: '/unlink #N',
  help: { fr: texts.fr.help, en: texts.en.help },
  relatedIssues(command, _ticket, repository) {
    const named = readIssueReference(command.args.trim(), repository);
    return named.kind === 'issue' ? [named.number] : [];
  },
  run: runUnlink,
};
