// The webhook events repodesk acts on, keyed by event and action. A new handler: one file, one line here.
// Deliveries of events no handler lists are answered 202 and not stored.

import { agentCommandHandler } from './agent-command.ts';
import { lifecycleNoticeHandler } from './lifecycle-notice.ts';
import { routeOpenedIssueHandler } from './route-opened-issue.ts';
import type { WebhookHandlers } from './webhook-handler.ts';

export const webhookHandlers: WebhookHandlers = {
  'issues.opened': [routeOpenedIssueHandler],
  'issue_comment.created': [agentCommandHandler, lifecycleNoticeHandler],
};

/** Every event key some handler applies. */
export function handledEvents(handlers: WebhookHandlers = webhookHandlers): Set<string> {
  return new Set(Object.keys(handlers));
}
