// `/take`: the command's author takes the ticket (its only assignee), as `/assign me`.

import type { AgentCommand } from './agent-command.ts';
import { assignTo } from './assign.ts';

const texts = {
  fr: { help: 'prend le ticket pour soi (seul assigné), comme `/assign me`' },
  en: { help: 'takes the ticket for yourself (sole assignee), as `/assign me`' },
};

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
