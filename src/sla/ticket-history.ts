// What the SLA and lifecycle engines read about one ticket: the issue as it is now plus its timeline, as
// GitHub holds them. Everything else (status over time, who spoke when) is recomputed from this, so the
// bot, an Actions run and a laptop reach the same answer.

import type { DeskSettings, StatusId } from '../rules/types.ts';
import type { TimelineEvent } from '../tickets/types.ts';

export interface TicketHistory {
  number: number;
  createdAt: string;
  state: 'open' | 'closed';
  /** Labels on the issue now. */
  labels: string[];
  /** Assignees now. */
  assignees: string[];
  /** The history, oldest first. */
  timeline: TimelineEvent[];
}

/** A status in force from `at` until the next change. */
export interface StatusChange {
  at: number;
  status: StatusId;
}

/** Label → status id, from desk.yaml `statuses` (labels compared case-insensitively, as GitHub does). */
export function statusByLabel(statuses: DeskSettings['statuses']): Map<string, StatusId> {
  const map = new Map<string, StatusId>();
  for (const [id, setting] of Object.entries(statuses) as [StatusId, { label: string }][]) {
    map.set(setting.label.toLowerCase(), id);
  }
  return map;
}

/** Timeline events sorted by time; events at the same instant keep their order. */
export function sortedTimeline(timeline: TimelineEvent[]): TimelineEvent[] {
  return timeline
    .map((event, index) => ({ event, index, at: Date.parse(event.at) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ event }) => event);
}

/**
 * The labels and open/closed state the issue had at creation, found by undoing the timeline from the
 * present: labels set in the creating request may or may not appear as `labeled` events, and this works
 * either way.
 */
function initialState(
  history: TicketHistory,
  events: TimelineEvent[],
): { labels: Set<string>; open: boolean } {
  const labels = new Set(history.labels.map((label) => label.toLowerCase()));
  let open = history.state === 'open';
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (event.kind === 'labeled') labels.delete(event.label.toLowerCase());
    else if (event.kind === 'unlabeled') labels.add(event.label.toLowerCase());
    else if (event.kind === 'closed') open = true;
    else if (event.kind === 'reopened') open = false;
  }
  return { labels, open };
}

/**
 * The status over the ticket's life: a closed issue is `closed`; otherwise its status label (the most
 * recently added when several are present); an open issue with none is `new`.
 */
export function statusChanges(history: TicketHistory, statuses: DeskSettings['statuses']): StatusChange[] {
  const byLabel = statusByLabel(statuses);
  const events = sortedTimeline(history.timeline);
  const start = initialState(history, events);
  const createdAt = Date.parse(history.createdAt);
  // Status labels present, with the instant each was added (creation labels count as added at creation).
  const present = new Map<StatusId, number>();
  for (const label of start.labels) {
    const status = byLabel.get(label);
    if (status) present.set(status, createdAt);
  }
  let open = start.open;
  const current = (): StatusId => {
    if (!open) return 'closed';
    let best: StatusId | undefined;
    let bestAt = -Infinity;
    for (const [status, at] of present) {
      if (at >= bestAt) {
        best = status;
        bestAt = at;
      }
    }
    return best ?? 'new';
  };
  const changes: StatusChange[] = [{ at: createdAt, status: current() }];
  for (const event of events) {
    const at = Math.max(Date.parse(event.at), createdAt);
    if (event.kind === 'labeled' || event.kind === 'unlabeled') {
      const status = byLabel.get(event.label.toLowerCase());
      if (!status) continue;
      if (event.kind === 'labeled') present.set(status, at);
      else present.delete(status);
    } else if (event.kind === 'closed') {
      open = false;
    } else if (event.kind === 'reopened') {
      open = true;
    } else {
      continue;
    }
    const status = current();
    const last = changes.at(-1)!;
    if (status === last.status) continue;
    if (last.at === at) {
      // Several changes at one instant: only the outcome counts.
      changes.pop();
      if (changes.at(-1)?.status === status) continue;
    }
    changes.push({ at, status });
  }
  return changes;
}
