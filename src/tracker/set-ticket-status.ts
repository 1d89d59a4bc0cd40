// Moving a ticket between statuses is a label swap on the issue (one status label at a time), plus
// reopening when it was closed. Only the writes that change something are made.

import type { Rules, StatusId } from '../rules/types.ts';
import { statusIds } from '../rules/types.ts';
import type { Tracker } from './tracker.ts';

/** Sets `status` on issue `number` (labels as they are now given in `labels`); returns the writes made. */
export async function setTicketStatus(
  tracker: Tracker,
  rules: Rules,
  issue: { number: number; labels: string[]; state: 'open' | 'closed' },
  status: StatusId,
): Promise<number> {
  const statuses = rules.desk.statuses;
  const wanted = statuses[status].label;
  let writes = 0;
  if (issue.state === 'closed' && status !== 'closed') {
    await tracker.updateIssue(issue.number, { state: 'open', stateReason: 'reopened' });
    writes += 1;
  }
  for (const id of statusIds) {
    const label = statuses[id].label;
    if (label !== wanted && issue.labels.includes(label)) {
      await tracker.removeLabel(issue.number, label);
      writes += 1;
    }
  }
  if (!issue.labels.includes(wanted)) {
    await tracker.addLabels(issue.number, [wanted]);
    writes += 1;
  }
  return writes;
}
