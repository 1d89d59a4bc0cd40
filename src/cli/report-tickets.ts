// The issues a report reads, through the Tracker port only: every issue (open and closed, 100 a page, each
// page sent again with its ETag, so an unchanged desk costs one 304 a page), and the timeline of each issue
// that touches the period (created by its end, and open or updated since its start), kept in the sweep's
// cache format by `updated_at`: a second report over an unchanged desk reads no timeline at all. Reads only.

import type { ReportTicket } from '../reporting/measure-ticket.ts';
import type { SweepCache } from '../sweep/sweep-cache.ts';
import type { IssueWithBody, Tracker } from '../tracker/tracker.ts';

export interface ReportTicketsOptions {
  tracker: Tracker;
  /** Set on every ticket read: the tracker's repository when it is not the desk's default one. */
  repository?: string;
  cache: SweepCache;
  agentLogins: readonly string[];
  from: number;
  to: number;
  /** The web address of an issue, for the report's links. */
  issueUrl: (number: number) => string;
  /** Called after each timeline read, for progress on long runs. */
  onTimeline?: (read: number, toRead: number) => void;
}

/** The label of the issues the monthly workflow publishes reports in: they are no tickets. */
const reportIssueLabel = 'repodesk-report';

/**
 * Every issue of the tracker's repository (but published reports), with a timeline for those that touch
 * the period.
 */
export async function readReportTickets(options: ReportTicketsOptions): Promise<ReportTicket[]> {
  const { tracker, cache } = options;
  const issues: IssueWithBody[] = [];
  for await (const issue of tracker.listIssues({ state: 'all' }))
    if (!issue.labels.some((label) => label.toLowerCase() === reportIssueLabel)) issues.push(issue);
  const seen = new Set(issues.map((issue) => String(issue.number)));
  for (const key of Object.keys(cache.tickets)) if (!seen.has(key)) delete cache.tickets[key];
  const touches = (issue: IssueWithBody) =>
    Date.parse(issue.createdAt) <= options.to &&
    (issue.state === 'open' || Date.parse(issue.updatedAt) >= options.from);
  const toRead = issues.filter(touches).length;
  let read = 0;
  const tickets: ReportTicket[] = [];
  for (const issue of issues) {
    const key = String(issue.number);
    let timeline: ReportTicket['history']['timeline'] = [];
    const timelineRead = touches(issue);
    if (timelineRead) {
      const cached = cache.tickets[key];
      if (cached && cached.updatedAt === issue.updatedAt) timeline = cached.timeline;
      else {
        timeline = await tracker.listTimeline(issue.number, { agentLogins: options.agentLogins });
        cache.tickets[key] = { updatedAt: issue.updatedAt, timeline, ownMarkers: [] };
      }
      read += 1;
      options.onTimeline?.(read, toRead);
    }
    tickets.push({
      history: {
        number: issue.number,
        createdAt: issue.createdAt,
        state: issue.state,
        labels: issue.labels,
        assignees: issue.assignees,
        timeline,
      },
      title: issue.title,
      body: issue.body,
      author: issue.author,
      ...(issue.stateReason ? { stateReason: issue.stateReason } : {}),
      ...(options.repository === undefined ? {} : { repository: options.repository }),
      url: options.issueUrl(issue.number),
      timelineRead,
    });
  }
  return tickets;
}
