// The agent commands: the first line of a comment is read once here (`/name args`), and the registry maps
// each name to its command, one file each. A new command: one file, one line below.

import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandHelp, CommandInput, ParsedCommand } from './agent-command.ts';
import { priority } from './priority.ts';
import { reply } from './reply.ts';
import { status } from './status.ts';

/** Every command, by name, in the order `/help` lists them. */
export const agentCommands: Readonly<Record<string, AgentCommand>> = {
  reply,
  status,
  priority,
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

/** Whether a comment is a command of the registry (only those need their writer checked). */
export function isAgentCommand(body: string): boolean {
  const command = readCommand(body);
  return command !== undefined && Object.hasOwn(agentCommands, command.name);
}

/** Runs the command a comment carries; no action for a comment that is none. */
export function runAgentCommand(input: Omit<CommandInput, 'catalogue'>): TicketAction[] {
  const command = Object.hasOwn(agentCommands, input.command.name)
    ? agentCommands[input.command.name]
    : undefined;
  return command ? command.run({ ...input, catalogue: commandCatalogue }) : [];
}
