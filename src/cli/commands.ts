// `repodesk commands`: the agents' commands (what `/help` answers on a ticket), one line each, in English
// and French, so that an admin reads them without opening an issue.

import { commandList } from '../commands/help.ts';
import { commandCatalogue } from '../commands/index.ts';
import { messageLanguage } from '../messages/message-language.ts';
import type { Command } from './command.ts';

const list = (lang: 'fr' | 'en') => commandList(commandCatalogue, lang);

const usage = `Usage: repodesk commands [--lang fr|en]

Prints the commands agents write on the first line of a comment on a ticket (what \`/help\` answers there).

${list('en')}

${list('fr')}
`;

export const command: Command = {
  summary: 'list the commands agents write in ticket comments (/reply, /status, …)',
  usage,
  async run(argv) {
    // No option: both lists; `--lang <fr|en>`: one.
    const lang = argv.length === 0 ? 'both' : argv.length === 2 && argv[0] === '--lang' ? argv[1] : undefined;
    const known: readonly (string | undefined)[] = ['fr', 'en', 'both'];
    if (!known.includes(lang)) {
      process.stderr.write(
        `repodesk commands: expected no option or --lang fr|en, found "${argv.join(' ')}"\n\n${usage}`,
      );
      return 2;
    }
    process.stdout.write(
      lang === 'both' ? `${list('en')}\n\n${list('fr')}\n` : `${list(messageLanguage(lang ?? ''))}\n`,
    );
    return 0;
  },
};
