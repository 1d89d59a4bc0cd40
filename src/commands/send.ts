// `/send`: sends anyway the reply the collision guard held (../commands/reply.ts), exactly once: its mail as
// it was written, and the status it sets.

import { messagesFor } from '../messages/index.ts';
import type { AgentCommand } from './agent-command.ts';
import { settleHeldReply } from './settle-held-reply.ts';

const texts = { fr: messagesFor('fr').commands.send, en: messagesFor('en').commands.send };

export const send: AgentCommand = {
  usage: '/send',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: (input) => settleHeldReply(input, 'sent'),
};
