// `/note <text>` says out loud what every other comment is: an internal note, for agents only. It changes
// nothing and writes nothing; the customer never sees it.

import type { AgentCommand } from './agent-command.ts';

const texts = {
  fr: { help: 'note interne, pour les agents seulement (comme tout commentaire sans commande)' },
  en: { help: 'internal note, for agents only (as any comment without a command)' },
};

export const note: AgentCommand = {
  usage: '/note <text>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: () => [],
};
