// `/type <type>` sets the ticket's type: its type label swapped for the one desk.yaml gives
// that type, in one write. The customer is told nothing. A type desk.yaml does not list changes
// nothing and gets one note naming the known ones.

import { messagesFor } from '../messages/index.ts';
import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { choiceNamed, labelSwap } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.type, en: messagesFor('en').commands.type };

export const type: AgentCommand = {
  usage: '/type <type>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run(input) {
    const { command, rules, ticket } = input;
    const { types } = rules.desk;
    const wanted = choiceNamed(command.args, types);
    if (!wanted) {
      const known = types.map((known) => `\`${known.id}\` (${known.label})`).join(', ');
      const text = texts[noteLanguage(rules)].unknown(command.args, known);
      return [commandNote(input, text, 'unknown type')];
    }
    return labelSwap(
      ticket.labels,
      types.map((known) => known.label),
      wanted.label,
      {
        source: 'command',
        rule: 'command /type',
        reason: `@${input.comment.author} asked for ${wanted.id}`,
      },
    );
  },
};
