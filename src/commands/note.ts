// `/note <text>` says out loud what every other comment is: an internal note, for agents only. It changes
// nothing and writes nothing; the customer never sees it.

import { messagesFor } from '../messages/index.ts';
import type { AgentCommand } from './agent-command.ts';

const texts = { fr: messagesFor('fr').commands.note, en: messagesFor('en').commands.note };

export const note: AgentCommand = {
  usage: '/note <text>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: () => [],
};
