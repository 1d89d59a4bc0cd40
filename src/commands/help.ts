// `/help` answers with an internal note listing every command, one line each, in the desk's language.

import { messagesFor } from '../messages/index.ts';
import type { CommandHelp } from './agent-command.ts';
import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = { fr: messagesFor('fr').commands.help, en: messagesFor('en').commands.help };

/** The list `/help` and `repodesk commands` show: one line per command, in `lang`. */
export function commandList(catalogue: readonly CommandHelp[], lang: 'fr' | 'en'): string {
  const lines = catalogue.map((command) => `- \`${command.usage}\`: ${command.help[lang] ?? ''}`);
  return [texts[lang].title, ...lines].join('\n');
}

export const help: AgentCommand = {
  usage: '/help',
  help: { fr: texts.fr.help, en: texts.en.help },
  run(input) {
    return [commandNote(input, commandList(input.catalogue, noteLanguage(input.rules)), 'help asked')];
  },
};
