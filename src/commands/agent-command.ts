// What an agent command is: a pure function of the command as written, the ticket as read, the rules, who
// wrote it and the time, returning the ticket actions the executor applies (../executor/). A bad use
// returns an internal note that says what was wrong and how to write it, never a silent drop.

import type { Localised, Rules } from '../rules/types.ts';
import type { HeldReply } from '../tickets/held-reply.ts';
import type { TicketRecipients } from '../tickets/requester.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';

/** The first line of a comment read as a command. */
export interface ParsedCommand {
  /** The command's name, without the slash (`status`). */
  name: string;
  /** The rest of the first line, trimmed (`on-hold`). */
  args: string;
  /** Everything after the name, the first line's rest and the lines below, as written. */
  text: string;
}

/** A file attached to the command's comment: kept (stored for the mail) or refused, and why. */
export type CommentFile =
  | { name: string; kept: { id: string; size: number } }
  | { name: string; refused: 'too-large' | 'missing' | 'type' | 'too-many' };

/** The ticket as the bot read it before running the command. */
export interface CommandTicket {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  /** Who opened the issue. */
  author: string;
  /** The ticket's reference, when repodesk knows the issue as a ticket. */
  ref?: string;
  /** Who its mail goes to; undefined without a requester address. */
  recipients?: TicketRecipients;
  /** Where the requester follows the ticket, in their language (with `recipients`). */
  statusUrl?: string;
  /** GitHub's reason for the state (`duplicate` for a ticket merged into another). */
  stateReason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened';
  /** This ticket merged into another (`/merge`): into which issue, and when (ms since the epoch). */
  mergedInto?: { number: number; at: number };
  /**
   * The files of this ticket, read for `/merge` only (which lists them on the target): the attachments of its
   * inbound mail kept by the bot (a fresh signed link each) and the GitHub attachments linked in its issue.
   */
  files?: { name: string; url: string }[];
  /** Tickets merged into this one: their requesters get this ticket's public replies from the merge on. */
  mergedHere?: MergedRequester[];
  /** What happened on the ticket that `/reply`'s collision guard weighs. */
  activity: TicketActivity;
  /** The replies the collision guard held on this ticket, whatever their state, oldest first. */
  heldReplies: HeldReply[];
}

/** The requester of a ticket merged into this one, mailed separately under their own reference. */
export interface MergedRequester {
  number: number;
  ref: string;
  recipients: TicketRecipients;
  /** Where they follow their request (their reference's page, which shows this ticket's replies). */
  statusUrl: string;
}

/** What agents did on a ticket since the customer last wrote (times in ms since the epoch). */
export interface TicketActivity {
  /** When the customer last wrote: their latest message, else the request itself. */
  customerWroteAt: number;
  /** Agents' replies that reached the customer (their mail queued), with when they were queued. */
  replies: { by: string; at: number }[];
  /** `/take` comments of agents who still hold the ticket. */
  takes: { by: string; at: number }[];
}

/** Everything a command decides from. */
export interface CommandInput {
  command: ParsedCommand;
  /**
   * The comment that carries the command: its id keys the note and the mail it causes; `files` are the files
   * attached to it (a `/reply`'s), as fetched.
   */
  comment: { id: number; author: string; files?: CommentFile[] };
  ticket: CommandTicket;
  rules: Rules;
  now: number;
  /** Every command's usage and help, for `/help`. */
  catalogue: readonly CommandHelp[];
  /** The other issues the command names (`relatedIssues`), as read; undefined for one that does not exist. */
  related: ReadonlyMap<number, CommandTicket | undefined>;
  /** `owner/repo` of the desk's repository (a `#N` of another one is refused). */
  repository: string;
}

/** One line of help: how a command is written and what it does, per language. */
export interface CommandHelp {
  usage: string;
  help: Localised;
}

export interface AgentCommand extends CommandHelp {
  /** The other issues of `repository` the command needs read before it runs (`/merge #N`: #N). */
  relatedIssues?(command: ParsedCommand, ticket: CommandTicket, repository: string): number[];
  run(input: CommandInput): TicketAction[];
}
