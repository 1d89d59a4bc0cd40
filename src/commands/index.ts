// The agent commands: the first line of a comment is read once here (`/name args`), and the registry maps
// each name to its command, one file each. A new command: one file, one line below.

import type { TicketAction } from '../tickets/ticket-action.ts';
import type {
  AgentCommand,
  CommandHelp,
  CommandInput,
  CommandTicket,
  ParsedCommand,
} from './agent-command.ts';
import { assign } from './assign.ts';
import { cc } from './cc.ts';
import { drop } from './drop.ts';
import { erase } from './erase.ts';
import { help } from './help.ts';
import { link } from './link.ts';
import { merge } from './merge.ts';
import { note } from './note.ts';
import { priority } from './priority.ts';
import { reply } from './reply.ts';
import { replyAll } from './reply-all.ts';
import { resolveAll } from './resolve-all.ts';
import { send } from './send.ts';
import { snooze } from './snooze.ts';
import { spam } from './spam.ts';
import { requester } from './requester.ts';
import { status } from './status.ts';
import { take } from './take.ts';
import { type } from './type.ts';
import { unlink } from './unlink.ts';
import { unmerge } from './unmerge.ts';
import { unknownCommand } from './unknown-command.ts';

/** Every command, by name, in the order `/help` lists them. */
const agentCommands: Readonly<Record<string, AgentCommand>> = {
  reply,
  send,
  drop,
  note,
  status,
  priority,
  type,
  assign,
  take,
  snooze,
  requester,
  cc,
  merge,
  unmerge,
  link,
  unlink,
  'reply-all': replyAll,
  'resolve-all': resolveAll,
  spam,
  erase,
  help,
};

/** Every command's usage and help, in the registry's order. */
export const commandCatalogue: readonly CommandHelp[] = Object.values(agentCommands).map(
  ({ usage, help }) => ({ usage, help }),
);

/** Reads the first line of a comment as `/name args`; undefined when it is no command. */
export function readCommand(body: string): ParsedCommand | undefined {
  const found = /^\/([a-z][a-z-]*)(?=[ \t\r\n]|$)/.exec(body.trimStart());
  if (!found) return undefined;
  const name = found[1]!;
  const text = body.trimStart().slice(found[0].length);
  const args = (text.split('\n', 1)[0] ?? '').trim();
  return { name, args, text };
}

/**
 * Whether a comment is a command (only those need their writer checked): one of the registry, or a `/word`
 * that is none, which gets a note naming the closest.
 */
export function isAgentCommand(body: string): boolean {
  return readCommand(body) !== undefined;
}

/** The command named `name`, if the registry has one. */
function commandNamed(name: string): AgentCommand | undefined {
  return Object.hasOwn(agentCommands, name) ? agentCommands[name] : undefined;
}

/** The other issues a command needs read before it runs (none for most). */
export function relatedIssues(command: ParsedCommand, ticket: CommandTicket, repository: string): number[] {
  return commandNamed(command.name)?.relatedIssues?.(command, ticket, repository) ?? [];
}

/** Runs the command a comment carries; a name that is no command gets a note saying so. */
export function runAgentCommand(input: Omit<CommandInput, 'catalogue'>): TicketAction[] {
  const command = commandNamed(input.command.name);
  if (!command) return unknownCommand(input, Object.keys(agentCommands));
  return command.run({ ...input, catalogue: commandCatalogue });
}
