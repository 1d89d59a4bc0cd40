// `/status <status>` moves the ticket: its status label swapped for the one desk.yaml gives that status, the
// issue closed for `closed` and reopened for any other status. The comment stays an internal note (the
// customer is told nothing; `/reply` is for that). A status repodesk does not know changes nothing and
// gets one note naming the known ones.

import { messagesFor } from '../messages/index.ts';
import { statusIds, type Rules, type StatusId } from '../rules/types.ts';
import type { AgentCommand } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.status, en: messagesFor('en').commands.status };

export type StatusCommand =
  { kind: 'none' } | { kind: 'status'; status: StatusId } | { kind: 'unknown'; given: string };

/** The first line of a comment, trimmed. */
function firstLineOf(body: string): string {
  return body.trimStart().split('\n', 1)[0]?.trim() ?? '';
}

/** The status named by `given`: its id (`on-hold`) or its label (`status: on-hold`), in any case. */
function statusNamed(given: string, rules: Rules): StatusId | undefined {
  const wanted = given.toLowerCase();
  return statusIds.find((id) => id === wanted || rules.desk.statuses[id].label.toLowerCase() === wanted);
}

/** Reads `/status <status>` from the first line of a comment (what the command runs on). */
export function parseStatusCommand(body: string, rules: Rules): StatusCommand {
  const firstLine = firstLineOf(body);
  if (firstLine !== '/status' && !firstLine.startsWith('/status ')) return { kind: 'none' };
  const given = firstLine.slice('/status'.length).trim();
  const status = statusNamed(given, rules);
  return status ? { kind: 'status', status } : { kind: 'unknown', given };
}

export const status: AgentCommand = {
  usage: '/status <status>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run(input) {
    const { command, rules, ticket } = input;
    const wanted = statusNamed(command.args, rules);
    if (!wanted) {
      const known = statusIds.map((id) => `\`${id}\` (${rules.desk.statuses[id].label})`).join(', ');
      const text = texts[noteLanguage(rules)].unknown(command.args, known);
      return [commandNote(input, text, 'unknown status')];
    }
    return statusActions(ticket, rules, wanted, {
      source: 'command',
      rule: 'command /status',
      reason: `@${input.comment.author} asked for ${wanted}`,
    });
  },
};
