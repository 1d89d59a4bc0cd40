// A desk agent's `/word` that names no command: answered with a note naming the closest command, never
// dropped in silence (a typo such as `/statut closed` would otherwise leave the ticket as it was).

import { closestMatch } from '../rules/closest-match.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = {
  fr: (name: string, closest: string | undefined) =>
    `\`/${name}\` n’est pas une commande ; rien n’a changé.` +
    (closest ? ` Vouliez-vous dire \`/${closest}\` ?` : '') +
    ' `/help` liste les commandes.',
  en: (name: string, closest: string | undefined) =>
    `\`/${name}\` is not a command; nothing changed.` +
    (closest ? ` Did you mean \`/${closest}\`?` : '') +
    ' `/help` lists the commands.',
};

/** The note answering `/name`, which is none of `names`. */
export function unknownCommand(
  input: Pick<CommandInput, 'command' | 'comment' | 'rules'>,
  names: readonly string[],
): TicketAction[] {
  const { name } = input.command;
  const text = texts[noteLanguage(input.rules)](name, closestMatch(name, names));
  return [commandNote(input, text, 'unknown command')];
}
