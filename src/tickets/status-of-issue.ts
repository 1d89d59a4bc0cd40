// The status a ticket is in, read from its issue: the status label desk.yaml gives each status, and the
// issue's state (a closed issue is `closed` unless it is labelled resolved). Pure.

import { statusIds, type Rules, type StatusId } from '../rules/types.ts';

/** The status of an issue from its labels and state. */
export function statusOfIssue(issue: { labels: readonly string[]; state: string }, rules: Rules): StatusId {
  for (const id of statusIds) {
    if (issue.labels.includes(rules.desk.statuses[id].label)) {
      if (issue.state === 'closed' && id !== 'resolved') return 'closed';
      return id;
    }
  }
  return issue.state === 'closed' ? 'closed' : 'open';
}
