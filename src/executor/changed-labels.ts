// The labels a ticket's one write changes on its issue as read, each with the action's cause: what the
// executor records in the store (../store/label-changes.ts), since GitHub's timeline keeps no reason for a
// label change. Decided as issue-write.ts decides: the last action on a label (any case) wins, and a label
// already so is no change. Pure.

import type { ActionCause, TicketAction } from '../tickets/ticket-action.ts';
import type { IssueState } from './issue-write.ts';

/** One label the write adds or removes, and the cause of the action that asked for it. */
export interface ChangedLabel {
  label: string;
  change: 'added' | 'removed';
  cause: ActionCause;
}

/** The labels `actions` add to or remove from `issue`, in the order their actions come. */
export function changedLabels(
  issue: Pick<IssueState, 'labels'>,
  actions: readonly TicketAction[],
): ChangedLabel[] {
  const present = new Map(issue.labels.map((label) => [label.toLowerCase(), label]));
  const last = new Map<string, Extract<TicketAction, { kind: 'add-label' | 'remove-label' }>>();
  for (const action of actions)
    if (action.kind === 'add-label' || action.kind === 'remove-label') {
      const key = action.label.toLowerCase();
      last.delete(key);
      last.set(key, action);
    }
  return [...last.entries()].flatMap(([key, action]): ChangedLabel[] => {
    if (action.kind === 'add-label')
      return present.has(key) ? [] : [{ label: action.label, change: 'added', cause: action.cause }];
    const label = present.get(key);
    return label === undefined ? [] : [{ label, change: 'removed', cause: action.cause }];
  });
}
