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
  /** GitHub's `author_association` of the author (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, …). */
  association: string;
  createdAt: string;
  updatedAt: string;
}

export interface IssueWithBody extends Ticket {
  body: string;
  /** Login of the account that opened the issue (repodesk's own issues are the only ones whose markers count). */
  author: string;
}

/** An account's role on the repository (GitHub's `role_name`, or its legacy `permission` for a custom role). */
export type RepositoryPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface IssueChanges {
  title?: string;
  /** A new body (GitHub keeps the previous one in the issue's edit history). */
  body?: string;
  state?: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened';
  labels?: string[];
  assignees?: string[];
}

export interface Tracker {
  /** `owner/repo` of the repository this tracker reads and writes. */
  readonly repository: string;
  /**
   * The same account on another repository of the desk (desk.yaml's `repositories`: confidential queues),
   * or this tracker for its own repository.
   */
  forRepository(repository: string): Tracker;
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
  /**
   * Issues in `state` (open, closed or all), oldest first, 100 a page, each page sent again as a conditional
   * request when seen before (an unchanged page costs a 304); `since` limits to issues updated after it.
   */
  listIssues(options: { state: 'open' | 'closed' | 'all'; since?: string }): AsyncIterable<IssueWithBody>;
  /** Count of open issues assigned to each login (for least-open assignment). */
  countOpenByAssignee(logins: string[]): Promise<Record<string, number>>;
  listComments(number: number, options?: { since?: string }): Promise<IssueComment[]>;
  createComment(number: number, body: string): Promise<IssueComment>;
  /** Replaces a comment's body (GitHub keeps the previous one in the comment's edit history). */
  updateComment(commentId: number, body: string): Promise<IssueComment>;
  /**
   * The issue's history (labels, state, assignment, comments) in time order. Comments are classified with
   * `commentKind`: a `/reply` is a public reply only from someone who may act for the desk (`agentLogins`
   * are the teams.yaml agents; others are confirmed with `collaboratorPermission`).
   */
  listTimeline(number: number, desk: { agentLogins: readonly string[] }): Promise<TimelineEvent[]>;
  /**
   * The role of `login` on the repository (`none` without access), as GitHub computes it from every grant.
   * Kept a few minutes per login by the adapter: a command costs at most one request per author then.
   */
  collaboratorPermission(login: string): Promise<RepositoryPermission>;
  /**
   * A file attached to a comment (its github.com `user-attachments` link), read with repodesk's own
   * credentials and at most `maxBytes` of it: its bytes, or `too-large`, or `missing` (no such file).
   */
  downloadAttachment(url: string, maxBytes: number): Promise<AttachmentDownload>;
}

/** What downloading a comment's attached file gave. */
export type AttachmentDownload =
  { kind: 'file'; bytes: Uint8Array } | { kind: 'too-large' } | { kind: 'missing' };
