// The sweep's executor: turns one ticket's actions into as few tracker writes as possible. Comments and
// assignments go first, labels last: a re-run reads our marker comment and our label event as evidence
// that a step was applied, so the label must not land before what it vouches for. Several label
// changes, or any label change with a close, become one PATCH of the whole label list and state.

import type { Tracker } from '../tracker/tracker.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';

/** The writes `applyTicketPlan` will send for these actions. */
export function writesNeeded(actions: TicketAction[]): number {
  const comments = actions.filter((action) => action.kind === 'comment').length;
  const assigns = actions.some((action) => action.kind === 'assign') ? 1 : 0;
  const labelChanges = actions.filter(
    (action) => action.kind === 'add-label' || action.kind === 'remove-label',
  ).length;
  const closes = actions.some((action) => action.kind === 'close');
  const issueWrites = closes || labelChanges > 1 ? 1 : labelChanges;
  return comments + assigns + issueWrites;
}

/**
 * The GitHub content writes among them: comments. GitHub's limit of 80 a minute and 500 an hour counts
 * content creation (issues, comments); label, assignee and state changes create no content and are
 * bounded by the per-run write cap instead.
 */
export function contentWritesNeeded(actions: TicketAction[]): number {
  return actions.filter((action) => action.kind === 'comment').length;
}

/** Applies the actions to one issue whose labels are `labels` now; resolves to the writes sent. */
export async function applyTicketPlan(
  tracker: Tracker,
  number: number,
  labels: string[],
  actions: TicketAction[],
): Promise<number> {
  let writes = 0;
  for (const action of actions) {
    if (action.kind !== 'comment') continue;
    await tracker.createComment(number, action.body);
    writes += 1;
  }
  const assignees = [
    ...new Set(actions.flatMap((action) => (action.kind === 'assign' ? [action.login] : []))),
  ];
  if (assignees.length > 0) {
    await tracker.addAssignees(number, assignees);
    writes += 1;
  }
  const adds = actions.flatMap((action) => (action.kind === 'add-label' ? [action.label] : []));
  const removes = actions.flatMap((action) => (action.kind === 'remove-label' ? [action.label] : []));
  const close = actions.some((action) => action.kind === 'close');
  if (close || adds.length + removes.length > 1) {
    const removed = new Set(removes.map((label) => label.toLowerCase()));
    const kept = labels.filter((label) => !removed.has(label.toLowerCase()));
    const keptKeys = new Set(kept.map((label) => label.toLowerCase()));
    const finalLabels = [...kept, ...adds.filter((label) => !keptKeys.has(label.toLowerCase()))];
    await tracker.updateIssue(number, {
      labels: finalLabels,
      ...(close ? { state: 'closed' as const, stateReason: 'completed' as const } : {}),
    });
    writes += 1;
  } else if (adds.length === 1) {
    await tracker.addLabels(number, adds);
    writes += 1;
  } else if (removes.length === 1) {
    await tracker.removeLabel(number, removes[0]!);
    writes += 1;
  }
  return writes;
}
