// The webhook events repodesk acts on. A new event: one file with its handler, one line in this list.
// Deliveries of events no handler lists are answered 202 and not stored.

import { agentReplyHandler, lifecycleNoticeHandler } from './agent-reply.ts';
import type { BotContext } from '../../../context.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import type { GithubEvent } from '../github-event.ts';
import { routeOpenedIssueHandler } from './route-opened-issue.ts';
import { statusCommandHandler } from './status-command.ts';

export interface WebhookHandler {
  /** `issues.opened`, `issue_comment.created`, … */
  events: readonly string[];
  /** Also given the events repodesk itself caused (every other handler never sees them: no loops). */
  ownEvents?: boolean;
  /** Runs in the worker (never in the HTTP request); throw to retry. */
  handle(event: GithubEvent, bot: BotContext, context: JobRunContext): Promise<JobOutcome>;
}

export const webhookHandlers: readonly WebhookHandler[] = [
  routeOpenedIssueHandler,
  agentReplyHandler,
  statusCommandHandler,
  lifecycleNoticeHandler,
];

/** Every event key some handler applies. */
export function handledEvents(handlers: readonly WebhookHandler[] = webhookHandlers): Set<string> {
  return new Set(handlers.flatMap((handler) => handler.events));
}
