// Which ticket a message belongs to. Pure over lookups passed in (the store's, at run time). The order is
// fixed and strict, because appending a stranger's text to someone else's ticket is the worst mistake a
// helpdesk can make: a valid signed token, then a Message-ID we sent, then a `[#ref]` in the subject only
// when the sender is the ticket's requester or one of its CCs. Clients that drop In-Reply-To leave the
// subject's reference as the only link: such a reply is appended (the reference is the desk's own, 40
// random bits, and the From is on the ticket), marked "sender not verified" unless our MTA's
// Authentication-Results vouch for the From; anything else is a new ticket, never an append.

import type { StatusId } from '../rules/types.ts';
import { normaliseSubject } from './normalise-subject.ts';
import type { ParsedMail } from './parse-message.ts';
import { senderTrust } from './sender-authentication.ts';
import { tokensIn, verifyThreadToken } from './thread-token.ts';

/** What threading needs to know about a ticket. */
export interface ThreadTicket {
  ref: string;
  requester: string;
  cc: string[];
  status: StatusId;
  /** ISO time the ticket was closed, when closed. */
  closedAt?: string;
}

export interface ThreadLookups {
  /** The ticket of a reference (case-insensitive), if it exists. */
  ticketByRef(ref: string): ThreadTicket | undefined;
  /** The ticket of a Message-ID we sent or received, if known. */
  ticketByMessageId(messageId: string): ThreadTicket | undefined;
}

export interface ThreadSettings {
  /** Our support address. */
  address: string;
  /** Secret that signs thread tokens. */
  secret: string;
  /** desk.mail.reopenWindowDays */
  reopenWindowDays: number;
  /** desk.mail.authservId: whose Authentication-Results vouch for the From of a `[#ref]` match; empty checks none. */
  authservId: string;
}

export type MatchedBy = 'token' | 'message-id' | 'subject-ref';

export type ThreadDecision =
  | {
      kind: 'comment';
      ref: string;
      matchedBy: MatchedBy;
      /** Status to set after the comment (pending/resolved → open, closed within the window → reopened open). */
      setStatus?: 'open';
      reopen: boolean;
      /** Set when only the subject's reference and an unverified From tie the mail to the ticket. */
      senderNotVerified?: true;
    }
  | {
      kind: 'new-ticket';
      /** Why no ticket matched, for the log and the trace. */
      reason: 'no-match' | 'closed-too-long-ago';
      /** The closed ticket this one follows, linked from the new issue. */
      linkedRef?: string;
      /** Tokens that were present but did not verify (tampered or from another desk). */
      rejectedTokens: number;
    };

type ThreadInput = Pick<
  ParsedMail,
  'from' | 'to' | 'cc' | 'subject' | 'inReplyTo' | 'references' | 'headers'
>;

const dayMs = 24 * 60 * 60 * 1000;

function decide(
  ticket: ThreadTicket,
  matchedBy: MatchedBy,
  settings: ThreadSettings,
  now: Date,
  rejectedTokens: number,
): ThreadDecision {
  if (ticket.status === 'closed' || ticket.closedAt !== undefined) {
    const closedAt = ticket.closedAt === undefined ? Number.NaN : Date.parse(ticket.closedAt);
    const withinWindow =
      !Number.isNaN(closedAt) && now.getTime() - closedAt <= settings.reopenWindowDays * dayMs;
    if (!withinWindow)
      return { kind: 'new-ticket', reason: 'closed-too-long-ago', linkedRef: ticket.ref, rejectedTokens };
    return { kind: 'comment', ref: ticket.ref, matchedBy, setStatus: 'open', reopen: true };
  }
  if (ticket.status === 'pending' || ticket.status === 'resolved')
    return { kind: 'comment', ref: ticket.ref, matchedBy, setStatus: 'open', reopen: false };
  return { kind: 'comment', ref: ticket.ref, matchedBy, reopen: false };
}

/** Finds the ticket a message replies to, or decides it starts a new one. */
export function threadMessage(
  mail: ThreadInput,
  lookups: ThreadLookups,
  settings: ThreadSettings,
  now: Date,
): ThreadDecision {
  const messageIds = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  const recipients = [
    ...mail.to.map((address) => address.address),
    ...mail.cc.map((address) => address.address),
    ...mail.headers
      .filter((header) => header.key === 'delivered-to' || header.key === 'x-original-to')
      .map((header) => header.value.replace(/[<>\s]/g, '')),
  ];
  let rejectedTokens = 0;
  for (const token of tokensIn({ recipients, messageIds, address: settings.address })) {
    const ref = verifyThreadToken(token, settings.secret);
    if (ref === undefined) {
      rejectedTokens += 1;
      continue;
    }
    const ticket = lookups.ticketByRef(ref);
    if (ticket) return decide(ticket, 'token', settings, now, rejectedTokens);
  }
  for (const id of messageIds) {
    const ticket = lookups.ticketByMessageId(id);
    if (ticket) return decide(ticket, 'message-id', settings, now, rejectedTokens);
  }
  const subjectRef = normaliseSubject(mail.subject).ref;
  if (subjectRef !== undefined) {
    const ticket = lookups.ticketByRef(subjectRef);
    const sender = mail.from?.address.toLowerCase();
    const onTicket =
      ticket !== undefined &&
      sender !== undefined &&
      (ticket.requester.toLowerCase() === sender || ticket.cc.some((cc) => cc.toLowerCase() === sender));
    if (ticket && onTicket) {
      const decision = decide(ticket, 'subject-ref', settings, now, rejectedTokens);
      // Anyone can write the requester's address in From: only our MTA's verdict makes it theirs, so
      // agents are told when nothing vouched for it.
      if (decision.kind === 'comment' && senderTrust(mail, settings.authservId) !== 'verified')
        return { ...decision, senderNotVerified: true };
      return decision;
    }
  }
  return { kind: 'new-ticket', reason: 'no-match', rejectedTokens };
}
