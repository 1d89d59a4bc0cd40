// `/assign @login` (or `me`) gives the ticket to one agent: they become its only assignee, in one write.
// The login is a teams.yaml agent (or the command's author, `me`); anyone else changes nothing and gets one
// note naming the closest agent and how to write it. `/take` (take.ts) is `/assign me`.

import { messagesFor } from '../messages/index.ts';
import { findAgent, sameLogin } from '../rules/agents.ts';
import { closestMatch, listChoices } from '../rules/closest-match.ts';
import type { ActionCause, TicketAction } from '../tickets/ticket-action.ts';
import type { CommandInput, CommandTicket } from './agent-command.ts';
import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = { fr: messagesFor('fr').commands.assign, en: messagesFor('en').commands.assign };

/** Actions that leave `login` the ticket's only assignee. */
export function assignTo(ticket: CommandTicket, login: string, cause: ActionCause): TicketAction[] {
  return [
    ...ticket.assignees
      .filter((assignee) => !sameLogin(assignee, login))
      .map((assignee): TicketAction => ({ kind: 'unassign', login: assignee, cause })),
    { kind: 'assign', login, cause },
  ];
}

function runAssign(input: CommandInput): TicketAction[] {
  const { command, rules, comment } = input;
  const text = texts[noteLanguage(rules)];
  const given = command.args.split(/\s+/, 1)[0]?.replace(/^@/, '') ?? '';
  if (given === '') return [commandNote(input, `${text.name}${text.missing}; ${text.nothing}`, 'no login')];
  const login = given.toLowerCase() === 'me' ? comment.author : (findAgent(rules, given)?.login ?? undefined);
  if (login === undefined) {
    const logins = rules.teams.agents.map((agent) => agent.login);
    const known = listChoices(logins.map((agent) => `\`${agent}\``));
    const refusal = text.unknown(given, closestMatch(given, logins), known);
    return [commandNote(input, `${text.name}${refusal}`, 'unknown agent')];
  }
  return assignTo(input.ticket, login, {
    source: 'command',
    rule: `command /${command.name}`,
    reason: `@${comment.author} gave the ticket to @${login}`,
  });
}

export const assign: AgentCommand = {
  usage: '/assign @login | /assign me',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runAssign,
};
