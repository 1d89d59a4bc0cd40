// `/erase` forgets the ticket's requester on this ticket only (a GDPR erasure request about one ticket):
// the executor has ../privacy/ redact their address, name, signature and file links on the issue and its
// comments, and forget their copies, mail and files in the store. A note tells agents what changed and
// what GitHub keeps (the edit history, which only a person on github.com can delete). A ticket without a
// requester (or already erased), or words after `/erase`, change nothing and get a note.

import { messagesFor } from '../messages/index.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = { fr: messagesFor('fr').commands.erase, en: messagesFor('en').commands.erase };

function runErase(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment } = input;
  const text = texts[noteLanguage(rules)];
  if (command.args !== '') return [commandNote(input, text.name + text.usage, 'bad use')];
  const email = ticket.recipients?.to;
  if (ticket.ref === undefined || email === undefined || email === '')
    return [commandNote(input, text.name + text.noRequester, 'no requester')];
  return [
    {
      kind: 'erase-requester',
      email,
      cause: { source: 'command', rule: 'command /erase', reason: `@${comment.author} erased the requester` },
    },
    commandNote(input, text.name + text.done, 'erased'),
  ];
}

export const erase: AgentCommand = {
  usage: '/erase',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runErase,
};
