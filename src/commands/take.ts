// `/take`: the command's author takes the ticket (its only assignee), as `/assign me`.

import { messagesFor } from '../messages/index.ts';
import type { AgentCommand } from './agent-command.ts';
import { assignTo } from './assign.ts';

const texts = { fr: messagesFor('fr').commands.take, en: messagesFor('en').commands.take };

export const take: AgentCommand = {
  usage: '/take',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: (input) =>
    assignTo(input.ticket, input.comment.author, {
      source: 'command',
      rule: 'command /take',
      reason: `@${input.comment.author} took the ticket`,
    }),
};
