// `/priority <priority>` sets the ticket's priority: its priority label swapped for the one desk.yaml gives
// that priority, in one write. The customer is told nothing. A priority desk.yaml does not list changes
// nothing and gets one note naming the known ones.

import { messagesFor } from '../messages/index.ts';
import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { choiceNamed, labelSwap } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.priority, en: messagesFor('en').commands.priority };

export const priority: AgentCommand = {
  usage: '/priority <priority>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run(input) {
    const { command, rules, ticket } = input;
    const { priorities } = rules.desk;
    const wanted = choiceNamed(command.args, priorities);
    if (!wanted) {
      const known = priorities.map((known) => `\`${known.id}\` (${known.label})`).join(', ');
      const text = texts[noteLanguage(rules)].unknown(command.args, known);
      return [commandNote(input, text, 'unknown priority')];
    }
    return labelSwap(
      ticket.labels,
      priorities.map((known) => known.label),
      wanted.label,
      {
        source: 'command',
        rule: 'command /priority',
        reason: `@${input.comment.author} asked for ${wanted.id}`,
      },
    );
  },
};
