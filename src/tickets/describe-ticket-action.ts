// One ticket action in a few words, as `repodesk sweep --dry-run` and `repodesk sla explain` print it.

import type { TicketAction } from './ticket-action.ts';

/** `add label "sla: breached"`, `assign camille`, `close the issue`… */
export function describeTicketAction(action: TicketAction): string {
  switch (action.kind) {
    case 'add-label':
      return `add label "${action.label}"`;
    case 'remove-label':
      return `remove label "${action.label}"`;
    case 'assign':
      return `assign ${action.login}`;
    case 'unassign':
      return `unassign ${action.login}`;
    case 'comment':
      return `comment ${action.marker}`;
    case 'close':
      return 'close the issue';
    case 'reopen':
      return 'reopen the issue';
    case 'set-body':
      return 'rewrite the body (facts marker, For the agent section)';
    case 'set-sla-status':
      return `SLA status line: ${action.section.line}`;
    case 'mail':
      return `mail ${action.mail.template} (${action.mail.key})`;
    case 'set-requester':
      return 'set the requester';
    case 'set-cc':
      return `copies: ${action.add.length} added, ${action.remove.length} removed`;
    case 'block-sender':
      return "block the requester's address";
    case 'hold-reply':
      return `hold the reply ${action.reply.key} (@${action.reply.collision.by} ${action.reply.collision.kind})`;
    case 'settle-held-reply':
      return `${action.state === 'sent' ? 'send' : 'drop'} the held reply ${action.key}`;
    case 'erase-requester':
      return "erase the requester's personal data from the ticket";
    case 'other-issue':
      return `on #${action.number}: ${action.actions.map(describeTicketAction).join(', ')}`;
    case 'merge-into':
      return `merge into #${action.target}`;
    case 'unmerge':
      return 'undo the merge';
    case 'link-child':
      return `${action.linked ? 'list' : 'unlist'} child #${action.child}`;
    case 'list-merged-files':
      return action.links.length > 0
        ? `list ${action.links.length} files of merged #${action.source}`
        : `unlist the files of merged #${action.source}`;
  }
}
