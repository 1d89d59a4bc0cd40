// A reply held by the collision guard: an agent's `/reply` that arrived after another agent had answered the
// customer since their last message, or had `/take`n the ticket a short while ago. It waits, not mailed,
// until an agent sends it anyway (`/send`) or drops it (`/drop`), exactly once.

import type { StatusId } from '../rules/types.ts';
import type { TicketMail } from './ticket-mail.ts';

/** Why a reply was held: another agent replied to the customer, or took the ticket, at `at`. */
export interface ReplyCollision {
  kind: 'replied' | 'took';
  /** The other agent's login. */
  by: string;
  at: number;
}

/** Where a held reply stands: waiting, or settled once for good. */
export type HeldReplyState = 'held' | 'sent' | 'dropped';

/** A held reply as the command decided it: the mail it would send and the status it would set. */
export interface HeldReplyDraft {
  /** The reply mail's outbox key (`reply:comment:<id>`): sending it later sends this mail once. */
  key: string;
  ref: string;
  /** Who wrote the `/reply`. */
  author: string;
  collision: ReplyCollision;
  mail: TicketMail;
  /** The status the reply moves the ticket to once sent. */
  status: StatusId;
}

/** A held reply as the store keeps it. */
export interface HeldReply extends HeldReplyDraft {
  issueNumber: number;
  /** The issue's repository when it is not the desk's default one (a confidential queue). */
  repository?: string;
  heldAt: number;
  state: HeldReplyState;
  /** Who sent or dropped it, and when (absent while held). */
  settledBy?: string;
  settledAt?: number;
}
