// How a comment on a ticket is read in helpdesk terms. GitHub only knows "a comment by someone"; repodesk
// writes hidden markers so that any process (the bot, an Actions run, a laptop) classifies comments the
// same way from the issue alone, without a database.

/** Put by the bot at the top of a comment that mirrors a customer's message (email reply, web reply). */
export const customerMessageMarker = '<!-- repodesk:customer-message -->';

/** Put by the bot on a comment it wrote that was also sent to the customer (e.g. an auto-close notice). */
export const publicNoticeMarker = '<!-- repodesk:public-notice -->';

/** A desk agent's comment starting with this command is a public reply, emailed to the requester. */
export const replyCommand = '/reply';

/**
 * Who wrote a comment, as far as its kind depends on it: repodesk itself, someone who may act for the desk
 * (see desk-standing.ts; a MEMBER or COLLABORATOR only once GitHub confirmed write access), or anyone else.
 */
export type CommentWriter = 'repodesk' | 'desk' | 'other';

export type CommentKind =
  /** A message from the customer, mirrored by the bot. */
  | 'customer-message'
  /** A desk agent's public reply (`/reply …`). */
  | 'agent-reply'
  /** An internal note: any other comment by a person, commands of those who may not act for the desk included. */
  | 'internal-note'
  /** Something the bot wrote and sent to the customer. */
  | 'bot-public'
  /** Something the bot wrote for agents only (SLA escalation, reminders to agents). */
  | 'bot-note';

/** Whether a comment's first line is an agent command (`/reply`, `/status`, …): only then does its writer matter. */
export function startsWithCommand(body: string): boolean {
  return /^\/[a-z]/i.test(body.trimStart());
}

/** Classifies one comment from its body and who wrote it. */
export function commentKind(body: string, writer: CommentWriter): CommentKind {
  const text = body.trimStart();
  if (writer === 'repodesk') {
    if (text.startsWith(customerMessageMarker)) return 'customer-message';
    if (text.startsWith(publicNoticeMarker)) return 'bot-public';
    return 'bot-note';
  }
  const isReply =
    text === replyCommand || text.startsWith(`${replyCommand} `) || text.startsWith(`${replyCommand}\n`);
  return isReply && writer === 'desk' ? 'agent-reply' : 'internal-note';
}
