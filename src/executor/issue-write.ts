// The one write a ticket's actions make to its issue: labels, state and assignees together, computed
// against the issue as it was read, so that nothing that is already so is written again. Pure.
//
// The additive endpoints are kept where they suffice (labels only added, one label removed, assignees only
// added): they cannot undo a change someone made between our read and our write. Anything else is one
// PATCH of the fields that change (the whole label list, the state, the assignees).

import { childrenOf, withChildren } from '../tickets/children-section.ts';
import { withMergedFiles } from '../tickets/merged-files-section.ts';
import { withSlaStatusSection } from '../tickets/sla-status-section.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { IssueChanges } from '../tracker/tracker.ts';

/** What the actions are applied to: the issue's labels, state and assignees (and body) as read. */
export interface IssueState {
  labels: readonly string[];
  state: 'open' | 'closed';
  assignees: readonly string[];
  /** The body, where actions rewrite it or a section of it (a master's children, the SLA status line): unread, none is written. */
  body?: string;
}

/** GitHub refuses issue bodies longer than this (422): a status line that would pass it is not written. */
const bodyMaxLength = 65_536;

/**
 * The body `actions` leave (set whole, a master's list of children changed, the files of a merged ticket
 * listed or no longer, the SLA status line rewritten), or undefined
 * when it does not change.
 */
function newBody(issue: IssueState, actions: readonly TicketAction[]): string | undefined {
  if (issue.body === undefined) return undefined;
  let body = actions.findLast((action) => action.kind === 'set-body')?.body ?? issue.body;
  let children = childrenOf(issue.body);
  let heading: string | undefined;
  for (const action of actions) {
    if (action.kind !== 'link-child') continue;
    heading = action.heading;
    children = children.filter((child) => child !== action.child);
    if (action.linked) children.push(action.child);
  }
  const before = childrenOf(issue.body);
  const same = before.length === children.length && before.every((child) => children.includes(child));
  if (heading !== undefined && !same) body = withChildren(body, children, heading);
  // The files of a merged ticket listed in its target's body, or no longer (`/merge`, `/unmerge`).
  for (const action of actions)
    if (action.kind === 'list-merged-files')
      body = withMergedFiles(body, action.source, action.links, action.heading);
  const status = actions.findLast((action) => action.kind === 'set-sla-status');
  if (status) {
    const withStatus = withSlaStatusSection(body, status.section);
    if (withStatus.length <= bodyMaxLength) body = withStatus;
  }
  return body === issue.body ? undefined : body;
}

export type IssueWrite =
  /** `kept` are the assignees left of those read, `added` the new ones (both in `changes.assignees`). */
  | { kind: 'patch'; changes: IssueChanges; assignees?: { kept: string[]; added: string[] } }
  | { kind: 'add-labels'; labels: string[] }
  | { kind: 'remove-label'; label: string }
  | { kind: 'add-assignees'; logins: string[] };

const lower = (text: string) => text.toLowerCase();

/** The write that brings `issue` to what `actions` ask, or undefined when it is so already. */
export function issueWrite(issue: IssueState, actions: readonly TicketAction[]): IssueWrite | undefined {
  const present = new Set(issue.labels.map(lower));
  // The last action on a label decides whether it is wanted (one label key per name, any case).
  const wanted = new Map<string, { label: string; add: boolean }>();
  for (const action of actions) {
    if (action.kind === 'add-label' || action.kind === 'remove-label')
      wanted.set(lower(action.label), { label: action.label, add: action.kind === 'add-label' });
  }
  const added = [...wanted.entries()].flatMap(([key, want]) =>
    want.add && !present.has(key) ? [want.label] : [],
  );
  const removed = new Set(
    [...wanted.entries()].flatMap(([key, want]) => (!want.add && present.has(key) ? [key] : [])),
  );

  const close = actions.findLast((action) => action.kind === 'close' || action.kind === 'reopen');
  const state =
    close?.kind === 'close' && issue.state === 'open'
      ? { state: 'closed' as const, stateReason: close.reason ?? ('completed' as const) }
      : close?.kind === 'reopen' && issue.state === 'closed'
        ? { state: 'open' as const, stateReason: 'reopened' as const }
        : undefined;

  const unassigned = new Set(
    actions.flatMap((action) => (action.kind === 'unassign' ? [lower(action.login)] : [])),
  );
  const assigned = actions.flatMap((action) => (action.kind === 'assign' ? [action.login] : []));
  const kept = issue.assignees.filter((login) => !unassigned.has(lower(login)));
  const newAssignees = [...new Set(assigned)].filter(
    (login) => !kept.some((existing) => lower(existing) === lower(login)),
  );
  const assigneesChange = kept.length !== issue.assignees.length || newAssignees.length > 0;

  const labelsChange = removed.size > 0 || added.length > 0;
  const body = newBody(issue, actions);
  if (!labelsChange && !state && !assigneesChange && body === undefined) return undefined;
  const onlyLabels = !state && !assigneesChange && body === undefined;
  if (onlyLabels && removed.size === 0) return { kind: 'add-labels', labels: added };
  if (onlyLabels && removed.size === 1 && added.length === 0)
    return { kind: 'remove-label', label: issue.labels.find((label) => removed.has(lower(label)))! };
  if (!state && !labelsChange && body === undefined && kept.length === issue.assignees.length)
    return { kind: 'add-assignees', logins: newAssignees };
  const changes: IssueChanges = {};
  if (body !== undefined) changes.body = body;
  if (labelsChange)
    changes.labels = [...issue.labels.filter((label) => !removed.has(lower(label))), ...added];
  if (state) Object.assign(changes, state);
  if (!assigneesChange) return { kind: 'patch', changes };
  changes.assignees = [...kept, ...newAssignees];
  return { kind: 'patch', changes, assignees: { kept, added: newAssignees } };
}
