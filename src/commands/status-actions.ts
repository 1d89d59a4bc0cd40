// Moving a ticket to a status, as actions on what the issue shows now: its status label swapped for the
// one desk.yaml gives the status (one status label at a time), the issue closed for `closed` and reopened
// for any other status. Label swaps of other families (priority, type) work the same way.

import { statusIds, type Rules, type StatusId } from '../rules/types.ts';
import type { ActionCause, TicketAction } from '../tickets/ticket-action.ts';

/** The choice of a label family (a priority, a type) named by `given`: its id or its label, in any case. */
export function choiceNamed<Choice extends { id: string; label: string }>(
  given: string,
  choices: readonly Choice[],
): Choice | undefined {
  const wanted = given.toLowerCase();
  return choices.find(
    (choice) => choice.id.toLowerCase() === wanted || choice.label.toLowerCase() === wanted,
  );
}

/** Actions that leave `wanted` as the only label of `family` on an issue labelled `labels`. */
export function labelSwap(
  labels: readonly string[],
  family: readonly string[],
  wanted: string,
  cause: ActionCause,
): TicketAction[] {
  const inFamily = new Set(family.map((label) => label.toLowerCase()));
  const others = labels.filter(
    (label) => inFamily.has(label.toLowerCase()) && label.toLowerCase() !== wanted.toLowerCase(),
  );
  return [
    ...others.map((label): TicketAction => ({ kind: 'remove-label', label, cause })),
    { kind: 'add-label', label: wanted, cause },
  ];
}

/** Actions that put an issue (`labels`, `state`) in `status`. */
export function statusActions(
  issue: { labels: readonly string[]; state: 'open' | 'closed' },
  rules: Rules,
  status: StatusId,
  cause: ActionCause,
): TicketAction[] {
  const { statuses } = rules.desk;
  const family = statusIds.map((id) => statuses[id].label);
  const state: TicketAction =
    status === 'closed' ? { kind: 'close', reason: 'completed', cause } : { kind: 'reopen', cause };
  return [...labelSwap(issue.labels, family, statuses[status].label, cause), state];
}
