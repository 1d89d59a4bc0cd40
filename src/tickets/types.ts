// repodesk's own ticket types, shared by intake, routing, SLA and the tracker port. Octokit and webhook
// payload types stop at the adapters; the core sees only these.

import type { Channel, Lang, SenderCheck, StatusId } from '../rules/types.ts';

export interface Requester {
  name: string;
  email: string;
  phone?: string;
  /** Organisation id from customers.yaml, when known (given or found by email domain). */
  organisation?: string;
}

/** A request as intake produced it, before routing. All text is raw customer text (not yet neutralised). */
export interface TicketDraft {
  channel: Channel;
  /** Form id when the request came from a site form. */
  form?: string;
  subject: string;
  body: string;
  requester: Requester;
  language: Lang;
  /** Form answers by field id: text, a chosen option, or several options. */
  fields: Record<string, string | string[]>;
  /** Labels already on the issue (channel `github`) or set by the form. */
  labels: string[];
  /** Addresses copied on the request (email channel). */
  cc?: string[];
  /**
   * Whether the requester's address is proven theirs: `verified` when our MTA's Authentication-Results
   * (desk.mail.authservId) vouch for an email's From; `unverified` for any other email and for every
   * form (anyone can type any address). An unverified sender gets no organisation, hence no tier, from
   * their domain. Absent where intake checked nothing (a draft given to `repodesk route`, an issue opened
   * on GitHub): the domain still names the organisation there.
   */
  sender?: SenderCheck;
  /**
   * How many files the customer sent with the request (form uploads; mail attachments, refused ones
   * included), as the issue lists them. Absent: none (an issue opened on GitHub counts none).
   */
  attachments?: number;
  /** A monitoring alert's severity and labels (channel `alert`): what `severity` and `alert-label` rules test. */
  alert?: { severity?: string; labels: Record<string, string> };
}

/** A routing decision: what to set on the issue, with the trace of why. */
export interface RoutingDecision {
  labels: string[];
  priority: string;
  type: string;
  team?: string;
  assignees: string[];
  /** Canned reply ids to send automatically. */
  replies: string[];
  /** Ids of the rules that matched, in order. */
  matched: string[];
  /** One line per rule evaluated: what matched or failed and why. */
  trace: string[];
}

/** One event of an issue's history, as the tracker port returns it (enough to recompute SLA clocks). */
export type TimelineEvent =
  | { kind: 'labeled' | 'unlabeled'; at: string; label: string; actor: string }
  | { kind: 'closed' | 'reopened'; at: string; actor: string }
  | { kind: 'assigned' | 'unassigned'; at: string; assignee: string; actor: string }
  | {
      kind: 'commented';
      at: string;
      actor: string;
      commentId: number;
      /** True for a public reply to the customer (an agent's `/reply`) or a customer message. */
      public: boolean;
      /** Who wrote it in helpdesk terms: the customer (mirrored by the bot), an agent, or the bot itself. */
      author: 'customer' | 'agent' | 'bot';
    };

/** An issue of the support repo, as the core sees it. */
export interface Ticket {
  number: number;
  title: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  /**
   * GitHub's `state_reason`: `duplicate` marks a merged ticket (counted once as created, never as resolved);
   * `reopened` after a reopen.
   */
  stateReason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened';
  /** The status derived from labels and state. */
  status?: StatusId;
}
