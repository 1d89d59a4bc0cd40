// Applies one ticket's actions to its issue through the Tracker port, in the fewest writes: each comment
// not already on the issue, then at most one write for labels, state and assignees together
// (issue-write.ts). Comments go first: a re-run reads our marker comment and our label event as evidence
// that a step was applied, so the label must not land before what it vouches for. Mail and store actions
// are not the issue's: the bot's executor (execute-ticket-actions.ts) applies those. Given a store, the
// labels the write changed are recorded there after it, with the cause of each and the rules version.

import type { LabelChanges } from '../store/label-changes.ts';
import { causeMarker } from '../tickets/cause-marker.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import { TrackerError } from '../tracker/tracker-error.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { changedLabels } from './changed-labels.ts';
import { issueWrite, type IssueState, type IssueWrite } from './issue-write.ts';

/** Where the label changes of a write are recorded, and the time they are recorded at (ms since the epoch). */
export interface LabelLog {
  changes: LabelChanges;
  at: number;
}

/** The comments among `actions` whose marker is not in `posted` (the markers already on the issue). */
function commentsToPost(
  actions: readonly TicketAction[],
  posted: ReadonlySet<string>,
): Extract<TicketAction, { kind: 'comment' }>[] {
  const seen = new Set(posted);
  return actions.flatMap((action) => {
    if (action.kind !== 'comment' || seen.has(action.marker)) return [];
    seen.add(action.marker);
    return [action];
  });
}

/** The writes `applyTicketActions` sends for these actions on `issue`. */
export function writesNeeded(
  issue: IssueState,
  actions: readonly TicketAction[],
  posted: ReadonlySet<string> = new Set(),
): number {
  return commentsToPost(actions, posted).length + (issueWrite(issue, actions) ? 1 : 0);
}

/**
 * The GitHub content writes among them: comments. GitHub's limit of 80 a minute and 500 an hour counts
 * content creation (issues, comments); label, assignee and state changes create no content.
 */
export function contentWritesNeeded(
  actions: readonly TicketAction[],
  posted: ReadonlySet<string> = new Set(),
): number {
  return commentsToPost(actions, posted).length;
}

/**
 * Applies the actions to issue `number` as it was read (`issue`); comments whose marker is in `posted` are
 * on the issue already. Each comment carries a cause marker: its action's cause and `rulesVersion`, the
 * rules in force. With `labelLog`, the labels the write changed are recorded there after it, with the same
 * cause and version. Resolves to the writes sent.
 */
export async function applyTicketActions(
  tracker: Tracker,
  number: number,
  issue: IssueState,
  actions: readonly TicketAction[],
  posted: ReadonlySet<string> = new Set(),
  rulesVersion = 'unversioned',
  labelLog?: LabelLog,
): Promise<number> {
  let writes = 0;
  for (const comment of commentsToPost(actions, posted)) {
    await tracker.createComment(number, `${comment.body}\n${causeMarker(comment.cause, rulesVersion)}`);
    writes += 1;
  }
  const write = issueWrite(issue, actions);
  if (!write) return writes;
  const sent = writes + (await sendIssueWrite(tracker, number, write));
  if (labelLog)
    await labelLog.changes.record(
      changedLabels(issue, actions).map(({ label, change, cause }) => ({
        issue: number,
        label,
        change,
        rulesVersion,
        source: cause.source,
        rule: cause.rule,
        reason: cause.reason,
        at: labelLog.at,
      })),
    );
  return sent;
}

/** Sends the issue's one write; resolves to the writes it took (two when GitHub refused an assignee). */
async function sendIssueWrite(tracker: Tracker, number: number, write: IssueWrite): Promise<number> {
  if (write.kind === 'add-labels') await tracker.addLabels(number, write.labels);
  else if (write.kind === 'remove-label') await tracker.removeLabel(number, write.label);
  else if (write.kind === 'add-assignees') await tracker.addAssignees(number, write.logins);
  else {
    try {
      await tracker.updateIssue(number, write.changes);
    } catch (error) {
      // GitHub refuses the whole PATCH when one assignee cannot be assigned (not a collaborator any more):
      // the rest goes without the new assignees, and those go by the additive endpoint, which drops
      // whomever GitHub cannot assign instead of refusing everything.
      const added = write.assignees?.added ?? [];
      if (!(error instanceof TrackerError) || error.code !== 'validation' || added.length === 0) throw error;
      await tracker.updateIssue(number, { ...write.changes, assignees: write.assignees!.kept });
      await tracker.addAssignees(number, added);
      return 2;
    }
  }
  return 1;
}
