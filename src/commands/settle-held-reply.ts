// What `/send` and `/drop` share: the reply they settle is the ticket's latest one still held; with none
// held, the note says what became of the latest (already sent, dropped) or that none was ever held. Settling
// happens once (the store's conditional update): a second `/send` or a replayed webhook sends nothing more.

import { messagesFor } from '../messages/index.ts';
import type { HeldReply } from '../tickets/held-reply.ts';
import type { ActionCause, TicketAction } from '../tickets/ticket-action.ts';
import type { CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { noteTime } from './note-time.ts';
import { statusActions } from './status-actions.ts';

const texts = {
  sent: { fr: messagesFor('fr').commands.send, en: messagesFor('en').commands.send },
  dropped: { fr: messagesFor('fr').commands.drop, en: messagesFor('en').commands.drop },
};

/** Sends (`sent`) or drops (`dropped`) the ticket's latest held reply, or a note saying why not. */
export function settleHeldReply(input: CommandInput, state: 'sent' | 'dropped'): TicketAction[] {
  const { command, ticket, rules, comment } = input;
  const text = texts[state][noteLanguage(rules)];
  if (command.args !== '') return [commandNote(input, text.name + text.usage, 'bad use')];
  const replies = ticket.heldReplies;
  const target: HeldReply | undefined =
    replies.filter((reply) => reply.state === 'held').at(-1) ?? replies.at(-1);
  if (!target) return [commandNote(input, text.name + text.nothingHeld, 'nothing held')];
  if (target.state !== 'held') {
    const by = target.settledBy ?? '';
    const at = noteTime(target.settledAt ?? 0);
    const said = target.state === 'sent' ? text.alreadySent(by, at) : text.alreadyDropped(by, at);
    return [commandNote(input, text.name + said, `already ${target.state}`)];
  }
  const cause: ActionCause = {
    source: 'command',
    rule: `command /${command.name}`,
    reason: `@${comment.author} ${state === 'sent' ? 'sent' : 'dropped'} the reply @${target.author} wrote`,
  };
  const settle: TicketAction = {
    kind: 'settle-held-reply',
    key: target.key,
    state,
    by: comment.author,
    cause,
  };
  return state === 'sent' ? [...statusActions(ticket, rules, target.status, cause), settle] : [settle];
}
