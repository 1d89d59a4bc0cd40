// `/drop`: drops the reply the collision guard held (../commands/reply.ts): it is never sent.

import { messagesFor } from '../messages/index.ts';
import type { AgentCommand } from './agent-command.ts';
import { settleHeldReply } from './settle-held-reply.ts';

const texts = { fr: messagesFor('fr').commands.drop, en: messagesFor('en').commands.drop };

export const drop: AgentCommand = {
  usage: '/drop',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: (input) => settleHeldReply(input, 'dropped'),
};
