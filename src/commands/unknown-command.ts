// A desk agent's `/word` that names no command: answered with a note naming the closest command, never
// dropped in silence (a typo such as `/statut closed` would otherwise leave the ticket as it was).

import { messagesFor } from '../messages/index.ts';
import { closestMatch } from '../rules/closest-match.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = { fr: messagesFor('fr').commands.unknown, en: messagesFor('en').commands.unknown };

/** The note answering `/name`, which is none of `names`. */
export function unknownCommand(
  input: Pick<CommandInput, 'command' | 'comment' | 'rules'>,
  names: readonly string[],
): TicketAction[] {
  const { name } = input.command;
  const text = texts[noteLanguage(input.rules)].note(name, closestMatch(name, names));
  return [commandNote(input, text, 'unknown command')];
}
