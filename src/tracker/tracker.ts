// The Tracker port: everything repodesk asks of the issue tracker (GitHub, or the local stand-in).
// The adapter over @octokit/rest implements it; the core never sees Octokit types.

import type { Ticket, TimelineEvent } from '../tickets/types.ts';

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

export interface IssueComment {
  id: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface IssueWithBody extends Ticket {
  body: string;
}

export interface IssueChanges {
  title?: string;
  state?: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned' | 'reopened';
  labels?: string[];
  assignees?: string[];
}

export interface Tracker {
  /** The login of the account repodesk writes as (its own events are ignored). */
  selfLogin(): Promise<string>;
  /** Every login repodesk writes as on this repository: `selfLogin` first, then the other repodesk processes'. */
  repodeskLogins(): Promise<string[]>;
  /** One write: title, body, labels and assignees together. */
  createIssue(issue: NewIssue): Promise<IssueWithBody>;
  /** Finds an issue whose body carries our hidden marker, among issues created since `since` (no search API: it is eventually consistent). */
  findIssueByMarker(marker: string, since: string): Promise<IssueWithBody | undefined>;
  getIssue(number: number): Promise<IssueWithBody>;
  updateIssue(number: number, changes: IssueChanges): Promise<IssueWithBody>;
  addLabels(number: number, labels: string[]): Promise<void>;
  removeLabel(number: number, label: string): Promise<void>;
  addAssignees(number: number, logins: string[]): Promise<void>;
  /** Open issues, 100 a page; `since` limits to issues updated after it. */
  listOpenIssues(options?: { since?: string; labels?: string[] }): AsyncIterable<IssueWithBody>;
  /** Count of open issues assigned to each login (for least-open assignment). */
  countOpenByAssignee(logins: string[]): Promise<Record<string, number>>;
  listComments(number: number, options?: { since?: string }): Promise<IssueComment[]>;
  createComment(number: number, body: string): Promise<IssueComment>;
  /** The issue's history (labels, state, assignment, comments) in time order. */
  listTimeline(number: number): Promise<TimelineEvent[]>;
}
