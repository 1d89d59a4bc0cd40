// The stand-in's state: repositories, issues, labels, comments and issue events, kept in memory and written
// through to node:sqlite (a file in DATA_DIR, or `:memory:` for tests). Operations mirror GitHub's
// semantics (labels created on first use, events recorded for every change, 422 for what GitHub refuses)
// and return the webhook-worthy changes they made; the HTTP layer shapes JSON and sends webhooks.
// Like GitHub, an edited issue or comment keeps its edit history (every revision of its body, the first
// one included): the REST API never shows it, github.com does (the "edited" menu), and only a person
// with write access can delete a revision there, one at a time.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** An account the stand-in knows: the bot, the agents, anyone who can be assigned. */
export interface StandinUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
  name?: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  createdAt: string;
}

/** One revision of an issue's or a comment's body, as GitHub keeps it (GraphQL `userContentEdits`). */
export interface ContentEdit {
  at: string;
  editor: string;
  body: string | null;
}

export interface IssueRecord {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  assignees: string[];
  author: string;
  comments: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Every revision of the body once it was edited, oldest first (the current one last). */
  edits?: ContentEdit[];
}

export interface CommentRecord {
  id: number;
  repo: string;
  number: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Every revision of the body once it was edited, oldest first (the current one last). */
  edits?: ContentEdit[];
}

export interface EventRecord {
  id: number;
  repo: string;
  number: number;
  event: 'labeled' | 'unlabeled' | 'assigned' | 'unassigned' | 'closed' | 'reopened' | 'renamed';
  actor: string;
  createdAt: string;
  label?: string;
  assignee?: string;
  stateReason?: string | null;
  renamedFrom?: string;
  renamedTo?: string;
}

export interface LabelRecord {
  id: number;
  repo: string;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

/** A change worth a webhook, in the order it happened. */
export type StandinChange =
  | {
      event: 'issues';
      action:
        'opened' | 'edited' | 'closed' | 'reopened' | 'labeled' | 'unlabeled' | 'assigned' | 'unassigned';
      repo: string;
      number: number;
      actor: string;
      label?: string;
      assignee?: string;
      changes?: { title?: { from: string }; body?: { from: string } };
    }
  | {
      event: 'issue_comment';
      action: 'created' | 'edited' | 'deleted';
      repo: string;
      number: number;
      actor: string;
      comment: CommentRecord;
      changes?: { body: { from: string } };
    };

/** A refusal GitHub answers with 422 "Validation Failed" and an `errors` list. */
export class StandinValidationError extends Error {
  readonly errors: {
    resource: string;
    field?: string;
    code: string;
    message?: string;
    value?: string | null;
  }[];
  constructor(errors: StandinValidationError['errors']) {
    super('Validation Failed');
    this.errors = errors;
  }
}

/** GitHub's limit on issue and comment bodies. */
const maxBodyLength = 65_536;
/** GitHub's limit on issue titles. */
const maxTitleLength = 256;

/** GitHub's timestamps: ISO 8601 in UTC, to the second. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

type Kind = 'repo' | 'issue' | 'comment' | 'event' | 'label' | 'meta' | 'app' | 'installation';

export interface IssueInput {
  title: string;
  body: string | null;
  labels: string[];
  assignees: string[];
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  stateReason?: IssueRecord['stateReason'];
  labels?: string[];
  assignees?: string[];
}

export class StandinState {
  readonly #db: DatabaseSync;
  readonly #upsert: ReturnType<DatabaseSync['prepare']>;
  readonly #remove: ReturnType<DatabaseSync['prepare']>;
  readonly repos = new Map<string, RepoRecord>();
  readonly #issues = new Map<string, IssueRecord[]>();
  readonly #comments = new Map<number, CommentRecord>();
  readonly #commentsByIssue = new Map<string, CommentRecord[]>();
  readonly #events = new Map<string, EventRecord[]>();
  readonly #labels = new Map<string, Map<string, LabelRecord>>();
  /** GitHub Apps and their installations (standin-apps.ts owns their shape). */
  readonly apps: unknown[] = [];
  readonly installations: unknown[] = [];
  #nextId: number;

  /** `dataDir` undefined keeps everything in memory. */
  constructor(dataDir: string | undefined) {
    let path = ':memory:';
    if (dataDir !== undefined) {
      mkdirSync(dataDir, { recursive: true });
      path = join(dataDir, 'standin.sqlite');
    }
    this.#db = new DatabaseSync(path);
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, key));`);
    this.#upsert = this.#db.prepare(
      'INSERT INTO records (kind, key, doc) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc',
    );
    this.#remove = this.#db.prepare('DELETE FROM records WHERE kind = ? AND key = ?');
    this.#nextId = 1000;
    this.#load();
  }

  close(): void {
    this.#db.close();
  }

  #load(): void {
    const rows = this.#db.prepare('SELECT kind, key, doc FROM records ORDER BY rowid').all() as {
      kind: Kind;
      key: string;
      doc: string;
    }[];
    for (const row of rows) {
      const doc: unknown = JSON.parse(row.doc);
      switch (row.kind) {
        case 'meta':
          if (row.key === 'nextId') this.#nextId = doc as number;
          break;
        case 'repo': {
          const repo = doc as RepoRecord;
          this.repos.set(repo.fullName, repo);
          break;
        }
        case 'issue': {
          const issue = doc as IssueRecord;
          this.#issueList(issue.repo).push(issue);
          break;
        }
        case 'comment': {
          const comment = doc as CommentRecord;
          this.#comments.set(comment.id, comment);
          this.#commentList(comment.repo, comment.number).push(comment);
          break;
        }
        case 'event': {
          const event = doc as EventRecord;
          this.#eventList(event.repo, event.number).push(event);
          break;
        }
        case 'label': {
          const label = doc as LabelRecord;
          this.#labelMap(label.repo).set(label.name.toLowerCase(), label);
          break;
        }
        case 'app':
          this.apps.push(doc);
          break;
        case 'installation':
          this.installations.push(doc);
          break;
      }
    }
    for (const issues of this.#issues.values()) issues.sort((a, b) => a.number - b.number);
  }

  #save(kind: Kind, key: string | number, doc: unknown): void {
    this.#upsert.run(kind, String(key), JSON.stringify(doc));
  }

  #id(): number {
    this.#nextId += 1;
    this.#save('meta', 'nextId', this.#nextId);
    return this.#nextId;
  }

  /** A fresh id from the shared sequence (Apps and installations use it too). */
  nextId(): number {
    return this.#id();
  }

  /** Stores a GitHub App or an installation (kept across restarts with a data folder). */
  saveApp(kind: 'app' | 'installation', key: number, doc: unknown): void {
    this.#save(kind, key, doc);
  }

  /** Records a revision of a body: the first edit also records the original, as GitHub does. */
  #recordEdit(
    record: { edits?: ContentEdit[]; createdAt: string; author: string },
    original: string | null,
    next: string | null,
    editor: string,
    at: string,
  ): void {
    record.edits ??= [{ at: record.createdAt, editor: record.author, body: original }];
    record.edits.push({ at, editor, body: next });
  }

  #issueList(repo: string): IssueRecord[] {
    let list = this.#issues.get(repo);
    if (!list) this.#issues.set(repo, (list = []));
    return list;
  }

  #commentList(repo: string, number: number): CommentRecord[] {
    const key = `${repo}#${number}`;
    let list = this.#commentsByIssue.get(key);
    if (!list) this.#commentsByIssue.set(key, (list = []));
    return list;
  }

  #eventList(repo: string, number: number): EventRecord[] {
    const key = `${repo}#${number}`;
    let list = this.#events.get(key);
    if (!list) this.#events.set(key, (list = []));
    return list;
  }

  #labelMap(repo: string): Map<string, LabelRecord> {
    let map = this.#labels.get(repo);
    if (!map) this.#labels.set(repo, (map = new Map()));
    return map;
  }

  ensureRepo(fullName: string, now: number): RepoRecord {
    const existing = this.repos.get(fullName);
    if (existing) return existing;
    const [owner = '', name = ''] = fullName.split('/');
    const repo: RepoRecord = { id: this.#id(), owner, name, fullName, createdAt: isoSeconds(now) };
    this.repos.set(fullName, repo);
    this.#save('repo', fullName, repo);
    return repo;
  }

  issues(repo: string): readonly IssueRecord[] {
    return this.#issueList(repo);
  }

  issue(repo: string, number: number): IssueRecord | undefined {
    // Numbers are dense and sorted: index first, then a scan for safety after a reload.
    const list = this.#issueList(repo);
    const guess = list[number - 1];
    return guess?.number === number ? guess : list.find((issue) => issue.number === number);
  }

  labels(repo: string): LabelRecord[] {
    return [...this.#labelMap(repo).values()].sort((a, b) => a.id - b.id);
  }

  label(repo: string, name: string): LabelRecord | undefined {
    return this.#labelMap(repo).get(name.toLowerCase());
  }

  createLabel(
    repo: string,
    input: { name: string; color?: string; description?: string | null },
  ): LabelRecord {
    if (this.label(repo, input.name)) {
      throw new StandinValidationError([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    const label: LabelRecord = {
      id: this.#id(),
      repo,
      name: input.name,
      color: (input.color ?? 'ededed').replace(/^#/, '').toLowerCase(),
      description: input.description ?? null,
      isDefault: false,
    };
    this.#labelMap(repo).set(label.name.toLowerCase(), label);
    this.#save('label', `${repo}:${label.name.toLowerCase()}`, label);
    return label;
  }

  /** GitHub creates a label the first time an issue uses it; the issue then shows the label's own spelling. */
  #ensureLabel(repo: string, name: string): LabelRecord {
    return this.label(repo, name) ?? this.createLabel(repo, { name });
  }

  comments(repo: string, number: number): readonly CommentRecord[] {
    return this.#commentList(repo, number);
  }

  comment(repo: string, id: number): CommentRecord | undefined {
    const comment = this.#comments.get(id);
    return comment?.repo === repo ? comment : undefined;
  }

  events(repo: string, number: number): readonly EventRecord[] {
    return this.#eventList(repo, number);
  }

  #event(
    issue: IssueRecord,
    at: string,
    actor: string,
    fields: Pick<EventRecord, 'event'> & Partial<EventRecord>,
  ) {
    const event: EventRecord = {
      id: this.#id(),
      repo: issue.repo,
      number: issue.number,
      actor,
      createdAt: at,
      ...fields,
    };
    this.#eventList(issue.repo, issue.number).push(event);
    this.#save('event', event.id, event);
  }

  #checkText(resource: string, title: string | undefined, body: string | null | undefined): void {
    const errors: StandinValidationError['errors'] = [];
    if (title !== undefined && title.trim() === '')
      errors.push({ resource, code: 'missing_field', field: 'title' });
    if (title !== undefined && title.length > maxTitleLength) {
      errors.push({
        resource,
        code: 'custom',
        field: 'title',
        message: `title is too long (maximum is ${maxTitleLength} characters)`,
      });
    }
    if (typeof body === 'string' && body.length > maxBodyLength) {
      errors.push({
        resource,
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${maxBodyLength} characters)`,
      });
    }
    if (errors.length > 0) throw new StandinValidationError(errors);
  }

  #checkAssignees(logins: string[], assignable: (login: string) => boolean): void {
    const invalid = logins.filter((login) => !assignable(login));
    if (invalid.length > 0) {
      throw new StandinValidationError(
        invalid.map((login) => ({ resource: 'Issue', code: 'invalid', field: 'assignees', value: login })),
      );
    }
  }

  createIssue(
    repo: string,
    actor: string,
    input: IssueInput,
    now: number,
    assignable: (login: string) => boolean,
  ): { issue: IssueRecord; changes: StandinChange[] } {
    this.#checkText('Issue', input.title, input.body);
    this.#checkAssignees(input.assignees, assignable);
    const at = isoSeconds(now);
    const list = this.#issueList(repo);
    const labels = unique(input.labels.map((name) => this.#ensureLabel(repo, name).name));
    const assignees = unique(input.assignees);
    const issue: IssueRecord = {
      id: this.#id(),
      repo,
      number: (list[list.length - 1]?.number ?? 0) + 1,
      title: input.title,
      body: input.body,
      state: 'open',
      stateReason: null,
      labels,
      assignees,
      author: actor,
      comments: 0,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
    };
    list.push(issue);
    this.#save('issue', `${repo}#${issue.number}`, issue);
    const changes: StandinChange[] = [
      { event: 'issues', action: 'opened', repo, number: issue.number, actor },
    ];
    for (const label of labels) {
      this.#event(issue, at, actor, { event: 'labeled', label });
      changes.push({ event: 'issues', action: 'labeled', repo, number: issue.number, actor, label });
    }
    for (const assignee of assignees) {
      this.#event(issue, at, actor, { event: 'assigned', assignee });
      changes.push({ event: 'issues', action: 'assigned', repo, number: issue.number, actor, assignee });
    }
    return { issue, changes };
  }

  updateIssue(
    issue: IssueRecord,
    actor: string,
    patch: IssuePatch,
    now: number,
    assignable: (login: string) => boolean,
  ): StandinChange[] {
    this.#checkText('Issue', patch.title, patch.body);
    if (patch.assignees) this.#checkAssignees(patch.assignees, assignable);
    const at = isoSeconds(now);
    const changes: StandinChange[] = [];
    const base = { event: 'issues' as const, repo: issue.repo, number: issue.number, actor };
    const edited: { title?: { from: string }; body?: { from: string } } = {};
    if (patch.title !== undefined && patch.title !== issue.title) {
      edited.title = { from: issue.title };
      this.#event(issue, at, actor, { event: 'renamed', renamedFrom: issue.title, renamedTo: patch.title });
      issue.title = patch.title;
    }
    if (patch.body !== undefined && patch.body !== issue.body) {
      edited.body = { from: issue.body ?? '' };
      this.#recordEdit(issue, issue.body, patch.body, actor, at);
      issue.body = patch.body;
    }
    if (edited.title || edited.body) changes.push({ ...base, action: 'edited', changes: edited });
    if (patch.labels) changes.push(...this.#setLabels(issue, actor, patch.labels, at));
    if (patch.assignees) changes.push(...this.#setAssignees(issue, actor, patch.assignees, at));
    if (patch.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.stateReason =
        patch.stateReason && patch.stateReason !== 'reopened' ? patch.stateReason : 'completed';
      issue.closedAt = at;
      issue.closedBy = actor;
      this.#event(issue, at, actor, { event: 'closed', stateReason: issue.stateReason });
      changes.push({ ...base, action: 'closed' });
    } else if (patch.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.stateReason = 'reopened';
      issue.closedAt = null;
      issue.closedBy = null;
      this.#event(issue, at, actor, { event: 'reopened', stateReason: 'reopened' });
      changes.push({ ...base, action: 'reopened' });
    } else if (patch.state === undefined && patch.stateReason !== undefined && issue.state === 'closed') {
      issue.stateReason = patch.stateReason;
    }
    this.#touch(issue, at, changes.length > 0 || patch.title !== undefined || patch.body !== undefined);
    return changes;
  }

  addLabels(issue: IssueRecord, actor: string, names: string[], now: number): StandinChange[] {
    const wanted = unique([
      ...issue.labels,
      ...names.map((name) => this.#ensureLabel(issue.repo, name).name),
    ]);
    const at = isoSeconds(now);
    const changes = this.#setLabels(issue, actor, wanted, at);
    this.#touch(issue, at, changes.length > 0);
    return changes;
  }

  /** False when the issue does not carry the label (GitHub answers 404). */
  removeLabel(issue: IssueRecord, actor: string, name: string, now: number): StandinChange[] | undefined {
    const present = issue.labels.find((label) => label.toLowerCase() === name.toLowerCase());
    if (present === undefined) return undefined;
    const at = isoSeconds(now);
    const changes = this.#setLabels(
      issue,
      actor,
      issue.labels.filter((label) => label !== present),
      at,
    );
    this.#touch(issue, at, true);
    return changes;
  }

  /** Logins that cannot be assigned are dropped silently, as GitHub does on this endpoint. */
  addAssignees(
    issue: IssueRecord,
    actor: string,
    logins: string[],
    now: number,
    assignable: (login: string) => boolean,
  ) {
    const at = isoSeconds(now);
    const changes = this.#setAssignees(
      issue,
      actor,
      unique([...issue.assignees, ...logins.filter(assignable)]),
      at,
    );
    this.#touch(issue, at, changes.length > 0);
    return changes;
  }

  removeAssignees(issue: IssueRecord, actor: string, logins: string[], now: number): StandinChange[] {
    const at = isoSeconds(now);
    const changes = this.#setAssignees(
      issue,
      actor,
      issue.assignees.filter((login) => !logins.includes(login)),
      at,
    );
    this.#touch(issue, at, changes.length > 0);
    return changes;
  }

  createComment(
    issue: IssueRecord,
    actor: string,
    body: string,
    now: number,
  ): { comment: CommentRecord; changes: StandinChange[] } {
    this.#checkText('IssueComment', undefined, body);
    if (body.trim() === '') {
      throw new StandinValidationError([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    }
    const at = isoSeconds(now);
    const comment: CommentRecord = {
      id: this.#id(),
      repo: issue.repo,
      number: issue.number,
      body,
      author: actor,
      createdAt: at,
      updatedAt: at,
    };
    this.#comments.set(comment.id, comment);
    this.#commentList(issue.repo, issue.number).push(comment);
    this.#save('comment', comment.id, comment);
    issue.comments += 1;
    this.#touch(issue, at, true);
    return {
      comment,
      changes: [
        {
          event: 'issue_comment',
          action: 'created',
          repo: issue.repo,
          number: issue.number,
          actor,
          comment: { ...comment },
        },
      ],
    };
  }

  updateComment(comment: CommentRecord, actor: string, body: string, now: number): StandinChange[] {
    this.#checkText('IssueComment', undefined, body);
    const from = comment.body;
    if (body !== from) this.#recordEdit(comment, from, body, actor, isoSeconds(now));
    comment.body = body;
    comment.updatedAt = isoSeconds(now);
    this.#save('comment', comment.id, comment);
    return [
      {
        event: 'issue_comment',
        action: 'edited',
        repo: comment.repo,
        number: comment.number,
        actor,
        comment: { ...comment },
        changes: { body: { from } },
      },
    ];
  }

  deleteComment(comment: CommentRecord, actor: string, now: number): StandinChange[] {
    this.#comments.delete(comment.id);
    const list = this.#commentList(comment.repo, comment.number);
    list.splice(list.indexOf(comment), 1);
    this.#remove.run('comment', String(comment.id));
    const issue = this.issue(comment.repo, comment.number);
    if (issue) {
      issue.comments = Math.max(0, issue.comments - 1);
      this.#touch(issue, isoSeconds(now), true);
    }
    return [
      {
        event: 'issue_comment',
        action: 'deleted',
        repo: comment.repo,
        number: comment.number,
        actor,
        comment,
      },
    ];
  }

  #setLabels(issue: IssueRecord, actor: string, wanted: string[], at: string): StandinChange[] {
    const names = unique(wanted.map((name) => this.#ensureLabel(issue.repo, name).name));
    const changes: StandinChange[] = [];
    const base = { event: 'issues' as const, repo: issue.repo, number: issue.number, actor };
    for (const label of issue.labels.filter((name) => !names.includes(name))) {
      this.#event(issue, at, actor, { event: 'unlabeled', label });
      changes.push({ ...base, action: 'unlabeled', label });
    }
    for (const label of names.filter((name) => !issue.labels.includes(name))) {
      this.#event(issue, at, actor, { event: 'labeled', label });
      changes.push({ ...base, action: 'labeled', label });
    }
    issue.labels = names;
    return changes;
  }

  #setAssignees(issue: IssueRecord, actor: string, wanted: string[], at: string): StandinChange[] {
    const logins = unique(wanted);
    const changes: StandinChange[] = [];
    const base = { event: 'issues' as const, repo: issue.repo, number: issue.number, actor };
    for (const assignee of issue.assignees.filter((login) => !logins.includes(login))) {
      this.#event(issue, at, actor, { event: 'unassigned', assignee });
      changes.push({ ...base, action: 'unassigned', assignee });
    }
    for (const assignee of logins.filter((login) => !issue.assignees.includes(login))) {
      this.#event(issue, at, actor, { event: 'assigned', assignee });
      changes.push({ ...base, action: 'assigned', assignee });
    }
    issue.assignees = logins;
    return changes;
  }

  #touch(issue: IssueRecord, at: string, changed: boolean): void {
    if (changed) issue.updatedAt = at;
    this.#save('issue', `${issue.repo}#${issue.number}`, issue);
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
