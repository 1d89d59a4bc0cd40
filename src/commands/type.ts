// `/type <type>` sets the ticket's type: its type label swapped for the one desk.yaml gives
// that type, in one write. The customer is told nothing. A type desk.yaml does not list changes
// nothing and gets one note naming the known ones.

import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { choiceNamed, labelSwap } from './status-actions.ts';

const texts = {
  fr: {
    help: 'change le type du ticket (le client n’est pas prévenu), ex. `/type question`',
    unknown: (given: string, known: string) =>
      `\`/type\` : ${given === '' ? 'aucun type donné' : `type « ${given} » inconnu`} ; rien n’a changé. ` +
      `Types connus (rules/desk.yaml) : ${known}. Exemple : \`/type question\`.`,
  },
  en: {
    help: 'changes the ticket’s type (the customer is not told), e.g. `/type question`',
    unknown: (given: string, known: string) =>
      `\`/type\`: ${given === '' ? 'no type given' : `unknown type "${given}"`}; nothing changed. ` +
      `Known types (rules/desk.yaml): ${known}. Example: \`/type question\`.`,
  },
};

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
