// How a comment on a ticket is read in helpdesk terms. GitHub only knows "a comment by someone"; repodesk
// writes hidden markers so that any process (the bot, an Actions run, a laptop) classifies comments the
// same way from the issue alone, without a database.

/** Put by the bot at the top of a comment that mirrors a customer's message (email reply, web reply). */
export const customerMessageMarker = '<!-- repodesk:customer-message -->';

/** Put by the bot on a comment it wrote that was also sent to the customer (e.g. an auto-close notice). */
export const publicNoticeMarker = '<!-- repodesk:public-notice -->';

/** An agent's comment starting with this command is a public reply, emailed to the requester. */
export const replyCommand = '/reply';

export type CommentKind =
  /** A message from the customer, mirrored by the bot. */
  | 'customer-message'
  /** An agent's public reply (`/reply …`). */
  | 'agent-reply'
  /** An agent's internal note: any other comment by a person. */
  | 'internal-note'
  /** Something the bot wrote and sent to the customer. */
  | 'bot-public'
  /** Something the bot wrote for agents only (SLA escalation, reminders to agents). */
  | 'bot-note';

/** Classifies one comment from its body and author; `botLogin` is the account repodesk writes as. */
export function commentKind(body: string, author: string, botLogin: string): CommentKind {
  const text = body.trimStart();
  if (author === botLogin) {
    if (text.startsWith(customerMessageMarker)) return 'customer-message';
    if (text.startsWith(publicNoticeMarker)) return 'bot-public';
    return 'bot-note';
  }
  if (text === replyCommand || text.startsWith(`${replyCommand} `) || text.startsWith(`${replyCommand}\n`)) {
    return 'agent-reply';
  }
  return 'internal-note';
}
