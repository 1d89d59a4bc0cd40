// The internal note a command leaves for agents (a bad use, a refusal, a confirmation), written once: its
// hidden marker names the command's comment, so a retried job finds it on the issue and posts nothing.

import { messageLanguage, type MessageLanguage } from '../messages/message-language.ts';
import type { Rules } from '../rules/types.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { CommandInput } from './agent-command.ts';

/** The language of the notes agents read: the desk's first, read as ../messages/ reads a language. */
export function noteLanguage(rules: Rules): MessageLanguage {
  return messageLanguage(rules.desk.languages[0] ?? '');
}

/** The hidden marker of the notes answering comment `commentId`. */
export function commandNoteMarker(commentId: number, part = ''): string {
  return `<!-- repodesk:command comment=${commentId}${part ? ` ${part}` : ''} -->`;
}

/** An internal note to the command's author: `text`, under a mention so that they see it. */
export function commandNote(
  input: Pick<CommandInput, 'command' | 'comment'>,
  text: string,
  reason: string,
  part = '',
): TicketAction {
  const marker = commandNoteMarker(input.comment.id, part);
  return {
    kind: 'comment',
    marker,
    body: `${marker}\n@${input.comment.author} ${text}`,
    cause: { source: 'command', rule: `command /${input.command.name}`, reason },
  };
}
