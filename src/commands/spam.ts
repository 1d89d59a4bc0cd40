// `/spam` closes the ticket as not planned with the `spam` label and its status closed, and blocks its
// requester's address in the store: their mail is quarantined without an answer until an admin lifts it
// (`repodesk mail unblock <address>`). One write for the issue plus the note that says so; a ticket that is
// so already and a sender already blocked cost nothing. Anything on its line changes nothing and gets a note.

import { messagesFor } from '../messages/index.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.spam, en: messagesFor('en').commands.spam };

/** The label a ticket closed as spam carries. */
const spamLabel = 'spam';

function runSpam(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment } = input;
  const text = texts[noteLanguage(rules)];
  if (command.args !== '') return [commandNote(input, text.name + text.usage, 'bad use')];
  const cause = {
    source: 'command' as const,
    rule: 'command /spam',
    reason: `@${comment.author} marked it as spam`,
  };
  const address = ticket.recipients?.to.toLowerCase();
  const issue = [
    ...statusActions(ticket, rules, 'closed', cause).filter((action) => action.kind !== 'close'),
    { kind: 'add-label', label: spamLabel, cause },
    { kind: 'close', reason: 'not_planned', cause },
  ] satisfies TicketAction[];
  const labelled = ticket.labels.some((label) => label.toLowerCase() === spamLabel);
  const already =
    ticket.state === 'closed' && labelled && ticket.labels.includes(rules.desk.statuses.closed.label);
  // So already: only the block, again if an admin lifted it (nothing written on GitHub).
  if (already) return address ? [{ kind: 'block-sender', address, cause }] : [];
  return [
    ...issue,
    ...(address ? [{ kind: 'block-sender' as const, address, cause }] : []),
    commandNote(input, text.name + (address ? text.blocked(address) : text.noSender), 'spam'),
  ];
}

export const spam: AgentCommand = {
  usage: '/spam',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runSpam,
};
