// `/priority <priority>` sets the ticket's priority: its priority label swapped for the one desk.yaml gives
// that priority, in one write. The customer is told nothing. A priority desk.yaml does not list changes
// nothing and gets one note naming the known ones.

import type { Rules } from '../rules/types.ts';
import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { labelSwap } from './status-actions.ts';

const texts = {
  fr: {
    help: 'change la priorité du ticket (le client n’est pas prévenu), ex. `/priority high`',
    unknown: (given: string, known: string) =>
      `\`/priority\` : ${given === '' ? 'aucune priorité donnée' : `priorité « ${given} » inconnue`} ; rien n’a changé. ` +
      `Priorités connues (rules/desk.yaml) : ${known}. Exemple : \`/priority high\`.`,
  },
  en: {
    help: 'changes the ticket’s priority (the customer is not told), e.g. `/priority high`',
    unknown: (given: string, known: string) =>
      `\`/priority\`: ${given === '' ? 'no priority given' : `unknown priority "${given}"`}; nothing changed. ` +
      `Known priorities (rules/desk.yaml): ${known}. Example: \`/priority high\`.`,
  },
};

/** The priority named by `given`: its id (`high`) or its label (`priority: high`), in any case. */
function priorityNamed(given: string, rules: Rules) {
  const wanted = given.toLowerCase();
  return rules.desk.priorities.find(
    (priority) => priority.id.toLowerCase() === wanted || priority.label.toLowerCase() === wanted,
  );
}

export const priority: AgentCommand = {
  usage: '/priority <priority>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run(input) {
    const { command, rules, ticket } = input;
    const { priorities } = rules.desk;
    const wanted = priorityNamed(command.args, rules);
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
