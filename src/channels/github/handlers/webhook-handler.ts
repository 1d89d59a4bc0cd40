// What a webhook handler is, and the events it is given. The job that applies a delivery
// (../github-event-job.ts) checks once, before any handler runs, what every handler needs checked: the
// event is about an issue, not a pull request; repodesk did not cause it (no loops), unless the handler
// acts on what repodesk posts; and, for a comment, who wrote it (commentWriter, asked once per delivery,
// and only for a comment some handler wants). A handler starts where those checks end.

import type { BotContext } from '../../../context.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import type { GithubEvent } from '../github-event.ts';

/** An event about an issue (never a pull request). */
export interface IssueEvent extends GithubEvent {
  issue: NonNullable<GithubEvent['issue']>;
}

/** A comment on an issue. */
export interface CommentEvent extends IssueEvent {
  comment: NonNullable<GithubEvent['comment']>;
}

/** Runs in the worker (never in the HTTP request); throw to retry. */
export interface IssueHandler {
  handle(event: IssueEvent, bot: BotContext, context: JobRunContext): Promise<JobOutcome>;
}

/** A handler of comments: an agent command, or what repodesk itself posted. */
export interface CommentHandler {
  /**
   * Whose comments it runs on: `desk` (someone who may act for the desk: a command by anyone else stays a
   * plain comment, and the refusal is counted once) or `repodesk` (its own accounts, its own events too).
   */
  from: 'desk' | 'repodesk';
  /** Whether the comment is this handler's (its command, its notice), from the body alone. */
  wants(body: string): boolean;
  handle(event: CommentEvent, bot: BotContext, context: JobRunContext): Promise<JobOutcome>;
}

/** The handlers of each event, keyed by event and action (`issues.opened`): the kind follows the event. */
export interface WebhookHandlers {
  [key: `issues.${string}`]: readonly IssueHandler[];
  [key: `issue_comment.${string}`]: readonly CommentHandler[];
}
