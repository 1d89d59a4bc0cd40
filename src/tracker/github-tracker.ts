// The Tracker port over Octokit, for one `owner/repo` on github.com or on the local stand-in. Octokit and
// GitHub payload shapes stop here: every method returns repodesk's own types. Every failure is a
// TrackerError (see to-tracker-error.ts); nothing is retried here, the caller's durable outbox does that.

import { commentKind, type CommentKind, type CommentWriter } from '../tickets/comment-kind.ts';
import type { TimelineEvent } from '../tickets/types.ts';
import { commentWriter } from './comment-writer.ts';
import type { RepodeskOctokit } from './create-octokit.ts';
import { toTrackerError } from './to-tracker-error.ts';
import { TrackerError } from './tracker-error.ts';
import type {
  AttachmentDownload,
  IssueChanges,
  IssueComment,
  IssueWithBody,
  NewIssue,
  RepositoryPermission,
  Tracker,
} from './tracker.ts';

export interface GithubTrackerOptions {
  octokit: RepodeskOctokit;
  /** `owner/repo` of the support repository. */
  repository: string;
  /** `app` when authenticated as a GitHub App: the bot login is then `<slug>[bot]` (GET /app), not GET /user. */
  identity?: 'user' | 'app';
  /** Clock for retry delays computed from `x-ratelimit-reset`; defaults to Date.now. */
  now?: () => number;
  /** The login we write as, when GitHub cannot tell it (an installation token is refused GET /user). */
  selfLogin?: string;
  /** Other accounts repodesk writes as on this repository: their comments are read as repodesk's own. */
  otherLogins?: string[];
  /** Pages of open issues by URL, kept by the caller across processes (`repodesk sweep --cache`). */
  issuePages?: Map<string, CachedIssuePage>;
}

/** Request counts of one adapter, for the benchmarks of GitHub cost. */
export interface TrackerRequestCounts {
  /** Every HTTP request sent, whatever its answer. */
  requests: number;
  /** Answers 304 to a conditional request (free against GitHub's rate limit). */
  notModified: number;
  /** POST/PATCH/PUT/DELETE requests sent. */
  writes: number;
}

/** One page of open issues as last answered, kept to send it again as a conditional request. */
export interface CachedIssuePage {
  etag: string;
  issues: IssueWithBody[];
  next?: string | undefined;
}

type Params = Record<string, unknown>;

interface RawUser {
  login?: string;
}
interface RawLabel {
  name?: string;
}
interface RawIssue {
  number: number;
  title: string;
  user?: RawUser | null;
  body?: string | null;
  state: string;
  labels?: (string | RawLabel)[];
  assignees?: RawUser[] | null;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  state_reason?: string | null;
  pull_request?: unknown;
}
interface RawComment {
  id: number;
  body?: string;
  user?: RawUser | null;
  author_association?: string;
  created_at: string;
  updated_at: string;
}
interface RawTimelineEvent {
  event?: string;
  id?: number;
  created_at?: string;
  actor?: RawUser | null;
  user?: RawUser | null;
  label?: RawLabel;
  assignee?: RawUser | null;
  body?: string;
  author_association?: string;
}
interface RawPermission {
  permission?: string;
  role_name?: string;
}

interface Response<T> {
  status: number;
  headers: Record<string, string | number | undefined>;
  data: T;
}

const perPage = 100;

/** Pages kept for conditional requests: 10,000 open issues are 100 pages; `since` variants add more. */
const maxCachedPages = 500;

/**
 * How long an account's role is trusted without asking again: a command costs at most one request per
 * author in that time, and a revoked collaborator loses the desk's voice within it. Kept in memory, not
 * in the store: a restart costs one request per author, and an Actions run (no store) caches the same way.
 */
export const permissionCacheMs = 5 * 60_000;

/** Roles kept at most (least recently asked go first). */
const maxCachedPermissions = 1000;

export class GithubTracker implements Tracker {
  readonly owner: string;
  readonly repo: string;
  readonly #octokit: RepodeskOctokit;
  readonly #identity: 'user' | 'app';
  readonly #now: () => number;
  readonly #otherLogins: string[];
  #selfLogin: Promise<string> | undefined;
  readonly #pages: Map<string, CachedIssuePage>;
  readonly #permissions = new Map<string, { at: number; permission: Promise<RepositoryPermission> }>();
  readonly #counts: TrackerRequestCounts = { requests: 0, notModified: 0, writes: 0 };
  readonly #options: GithubTrackerOptions;
  /** Every tracker of this account by repository, this one included: shared by all of them. */
  #siblings = new Map<string, GithubTracker>();

  constructor(options: GithubTrackerOptions) {
    this.#options = options;
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length > 0) {
      throw new Error(`GithubTracker: repository must be "owner/repo", found "${options.repository}"`);
    }
    this.owner = owner;
    this.repo = repo;
    this.#octokit = options.octokit;
    this.#identity = options.identity ?? 'user';
    this.#now = options.now ?? Date.now;
    this.#otherLogins = options.otherLogins ?? [];
    this.#pages = options.issuePages ?? new Map();
    if (options.selfLogin !== undefined) this.#selfLogin = Promise.resolve(options.selfLogin);
  }

  get repository(): string {
    return `${this.owner}/${this.repo}`;
  }

  forRepository(repository: string): GithubTracker {
    if (repository === this.repository) return this;
    let sibling = this.#siblings.get(repository);
    if (!sibling) {
      // Same client, login and page cache (its keys are whole URLs); its own collaborator roles, as they are per repository.
      sibling = new GithubTracker({ ...this.#options, repository, issuePages: this.#pages });
      sibling.#selfLogin = this.#selfLogin;
      this.#siblings.set(this.repository, this);
      this.#siblings.set(repository, sibling);
      sibling.#siblings = this.#siblings;
    }
    return sibling;
  }

  /** A copy of the request counters since creation (or the last reset). */
  requestCounts(): TrackerRequestCounts {
    return { ...this.#counts };
  }

  resetRequestCounts(): void {
    this.#counts.requests = 0;
    this.#counts.notModified = 0;
    this.#counts.writes = 0;
  }

  selfLogin(): Promise<string> {
    this.#selfLogin ??= this.#fetchSelfLogin().catch((error: unknown) => {
      this.#selfLogin = undefined; // do not cache a failure
      throw error;
    });
    return this.#selfLogin;
  }

  async repodeskLogins(): Promise<string[]> {
    const self = await this.selfLogin();
    return [self, ...this.#otherLogins.filter((login) => login !== self)];
  }

  async #fetchSelfLogin(): Promise<string> {
    if (this.#identity === 'app') {
      const { data } = await this.#send<{ slug?: string }>('GET', '/app', {});
      return `${data.slug ?? ''}[bot]`;
    }
    const { data } = await this.#send<RawUser>('GET', '/user', {});
    return data.login ?? '';
  }

  async createIssue(issue: NewIssue): Promise<IssueWithBody> {
    const { data } = await this.#send<RawIssue>('POST', '/repos/{owner}/{repo}/issues', {
      title: issue.title,
      body: issue.body,
      labels: issue.labels,
      assignees: issue.assignees,
    });
    return toIssue(data);
  }

  async findIssueByMarker(marker: string, since: string): Promise<IssueWithBody | undefined> {
    const sinceTime = Date.parse(since);
    // Newest first; an issue created since `since` was also updated since then, so `since` bounds the scan.
    let url: string | undefined = undefined;
    let first = true;
    while (first || url !== undefined) {
      const response: Response<RawIssue[]> = first
        ? await this.#send<RawIssue[]>('GET', '/repos/{owner}/{repo}/issues', {
            state: 'all',
            sort: 'created',
            direction: 'desc',
            since,
            per_page: perPage,
          })
        : await this.#send<RawIssue[]>('GET', url as string, {});
      first = false;
      for (const raw of response.data) {
        if (raw.pull_request !== undefined) continue;
        if (Date.parse(raw.created_at) < sinceTime) return undefined;
        if ((raw.body ?? '').includes(marker)) return toIssue(raw);
      }
      url = nextLink(response.headers.link);
    }
    return undefined;
  }

  async getIssue(number: number): Promise<IssueWithBody> {
    const { data } = await this.#send<RawIssue>('GET', '/repos/{owner}/{repo}/issues/{issue_number}', {
      issue_number: number,
    });
    return toIssue(data);
  }

  async updateIssue(number: number, changes: IssueChanges): Promise<IssueWithBody> {
    const body: Params = { issue_number: number };
    if (changes.title !== undefined) body.title = changes.title;
    if (changes.body !== undefined) body.body = changes.body;
    if (changes.state !== undefined) body.state = changes.state;
    if (changes.stateReason !== undefined) body.state_reason = changes.stateReason;
    if (changes.labels !== undefined) body.labels = changes.labels;
    if (changes.assignees !== undefined) body.assignees = changes.assignees;
    const { data } = await this.#send<RawIssue>('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', body);
    return toIssue(data);
  }

  async addLabels(number: number, labels: string[]): Promise<void> {
    if (labels.length === 0) return;
    await this.#send('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', {
      issue_number: number,
      labels,
    });
  }

  async removeLabel(number: number, label: string): Promise<void> {
    try {
      await this.#send('DELETE', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', {
        issue_number: number,
        name: label,
      });
    } catch (error) {
      // Removing a label that is not there is already the wanted state (GitHub answers 404 "Label does not exist").
      if (error instanceof TrackerError && error.code === 'not-found') return;
      throw error;
    }
  }

  async addAssignees(number: number, logins: string[]): Promise<void> {
    if (logins.length === 0) return;
    await this.#send('POST', '/repos/{owner}/{repo}/issues/{issue_number}/assignees', {
      issue_number: number,
      assignees: logins,
    });
  }

  listOpenIssues(options: { since?: string; labels?: string[] } = {}): AsyncIterable<IssueWithBody> {
    return this.listIssues({ ...options, state: 'open' });
  }

  async *listIssues(options: {
    state: 'open' | 'closed' | 'all';
    since?: string;
    labels?: string[];
  }): AsyncIterable<IssueWithBody> {
    const params: Params = { state: options.state, sort: 'created', direction: 'asc', per_page: perPage };
    if (options.since !== undefined) params.since = options.since;
    if (options.labels !== undefined && options.labels.length > 0) params.labels = options.labels.join(',');
    let page = await this.#conditionalPage('/repos/{owner}/{repo}/issues', params);
    for (;;) {
      yield* page.issues;
      if (page.next === undefined) return;
      page = await this.#conditionalPage(page.next, {});
    }
  }

  async countOpenByAssignee(logins: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(logins.map((login) => [login, 0]));
    // Keyed by the logins asked for, as written; GitHub answers with each account's own case.
    const asked = new Map(logins.map((login) => [login.toLowerCase(), login]));
    for await (const issue of this.listOpenIssues()) {
      for (const assignee of issue.assignees) {
        const login = asked.get(assignee.toLowerCase());
        if (login !== undefined) counts[login] = (counts[login] ?? 0) + 1;
      }
    }
    return counts;
  }

  async listComments(number: number, options: { since?: string } = {}): Promise<IssueComment[]> {
    const params: Params = { issue_number: number, per_page: perPage };
    if (options.since !== undefined) params.since = options.since;
    const raw = await this.#all<RawComment>('/repos/{owner}/{repo}/issues/{issue_number}/comments', params);
    return raw.map(toComment);
  }

  async createComment(number: number, body: string): Promise<IssueComment> {
    const { data } = await this.#send<RawComment>(
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      {
        issue_number: number,
        body,
      },
    );
    return toComment(data);
  }

  async updateComment(commentId: number, body: string): Promise<IssueComment> {
    const { data } = await this.#send<RawComment>(
      'PATCH',
      '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      {
        comment_id: commentId,
        body,
      },
    );
    return toComment(data);
  }

  async listTimeline(number: number, desk: { agentLogins: readonly string[] }): Promise<TimelineEvent[]> {
    const raw = await this.#all<RawTimelineEvent>('/repos/{owner}/{repo}/issues/{issue_number}/timeline', {
      issue_number: number,
      per_page: perPage,
    });
    const accounts = {
      agentLogins: desk.agentLogins,
      repodeskLogins: await this.repodeskLogins(),
      tracker: this,
    };
    const events: TimelineEvent[] = [];
    for (const item of raw) {
      const event = await toTimelineEvent(item, (body, author) => commentWriter({ body, author }, accounts));
      if (event !== undefined) events.push(event);
    }
    // GitHub returns the timeline in time order already; sort stably in case two sources interleave.
    return events
      .map((event, index) => ({ event, index }))
      .sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.index - b.index)
      .map(({ event }) => event);
  }

  collaboratorPermission(login: string): Promise<RepositoryPermission> {
    const key = login.toLowerCase();
    const cached = this.#permissions.get(key);
    const now = this.#now();
    this.#permissions.delete(key);
    if (cached && now - cached.at < permissionCacheMs) {
      this.#permissions.set(key, cached);
      return cached.permission;
    }
    const permission = this.#fetchPermission(login).catch((error: unknown) => {
      this.#permissions.delete(key); // do not keep a failure
      throw error;
    });
    this.#permissions.set(key, { at: now, permission });
    if (this.#permissions.size > maxCachedPermissions) {
      const oldest = this.#permissions.keys().next().value;
      if (oldest !== undefined) this.#permissions.delete(oldest);
    }
    return permission;
  }

  async #fetchPermission(login: string): Promise<RepositoryPermission> {
    try {
      const { data } = await this.#send<RawPermission>(
        'GET',
        '/repos/{owner}/{repo}/collaborators/{username}/permission',
        { username: login },
      );
      return toPermission(data);
    } catch (error) {
      // GitHub answers 404 for an account without access to a private repository, or that does not exist.
      if (error instanceof TrackerError && error.code === 'not-found') return 'none';
      throw error;
    }
  }

  /** Every page of a list endpoint, following the `link` header. */
  async #all<T>(route: string, params: Params): Promise<T[]> {
    const items: T[] = [];
    let response = await this.#send<T[]>('GET', route, params);
    for (;;) {
      items.push(...response.data);
      const next = nextLink(response.headers.link);
      if (next === undefined) return items;
      response = await this.#send<T[]>('GET', next, {});
    }
  }

  /** One page, sent with `If-None-Match` when we have seen it before; a 304 reuses the cached page. */
  async #conditionalPage(routeOrUrl: string, params: Params): Promise<CachedIssuePage> {
    const key = this.#octokit.request.endpoint(`GET ${routeOrUrl}`, this.#withRepo(routeOrUrl, params)).url;
    const cached = this.#pages.get(key);
    try {
      const response = await this.#send<RawIssue[]>(
        'GET',
        routeOrUrl,
        cached ? { ...params, headers: { 'if-none-match': cached.etag } } : params,
      );
      const page: CachedIssuePage = {
        etag: String(response.headers.etag ?? ''),
        issues: response.data.filter((raw) => raw.pull_request === undefined).map(toIssue),
        next: nextLink(response.headers.link),
      };
      if (page.etag) this.#remember(key, page);
      return page;
    } catch (error) {
      if (cached && error instanceof Error && 'status' in error && error.status === 304) {
        this.#counts.notModified += 1;
        this.#remember(key, cached);
        return cached;
      }
      throw error;
    }
  }

  /** Least recently used pages go first once the cache is full. */
  #remember(key: string, page: CachedIssuePage): void {
    this.#pages.delete(key);
    this.#pages.set(key, page);
    if (this.#pages.size > maxCachedPages) {
      const oldest = this.#pages.keys().next().value;
      if (oldest !== undefined) this.#pages.delete(oldest);
    }
  }

  /** Route templates get owner and repo; an absolute `link` URL is complete (extra params would be appended). */
  async downloadAttachment(url: string, maxBytes: number): Promise<AttachmentDownload> {
    const link = new URL(url);
    const api = new URL(String(this.#octokit.request.endpoint.DEFAULTS.baseUrl));
    // github.com serves the attachments of api.github.com's repositories; another host (GitHub Enterprise
    // Server, the stand-in) serves them under the same path itself.
    const target = api.hostname === 'api.github.com' ? link : new URL(link.pathname, api.origin);
    this.#counts.requests += 1;
    let body: ReadableStream<Uint8Array>;
    try {
      const response = await this.#octokit.request(`GET ${target.href}`, {
        headers: { accept: 'application/octet-stream' },
        request: { parseSuccessResponseBody: false },
      });
      body = response.data as unknown as ReadableStream<Uint8Array>;
    } catch (error) {
      if ((error as { status?: unknown }).status === 404) return { kind: 'missing' };
      throw toTrackerError(error, 'GET', link.pathname, this.#now());
    }
    // Read up to the cap only: a file over it is never held in memory whole.
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await body.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(chunk);
    }
    return { kind: 'file', bytes: Buffer.concat(chunks) };
  }

  #withRepo(routeOrUrl: string, params: Params): Params {
    return routeOrUrl.includes('{owner}') ? { owner: this.owner, repo: this.repo, ...params } : params;
  }

  async #send<T = unknown>(method: string, routeOrUrl: string, params: Params): Promise<Response<T>> {
    this.#counts.requests += 1;
    if (method !== 'GET' && method !== 'HEAD') this.#counts.writes += 1;
    try {
      const response = await this.#octokit.request(
        `${method} ${routeOrUrl}`,
        this.#withRepo(routeOrUrl, params),
      );
      return response as unknown as Response<T>;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 304) {
        // Not a failure: #conditionalPage answers it from its cache.
        throw Object.assign(new Error('not modified'), { status: 304 });
      }
      throw toTrackerError(error, method, routeOrUrl, this.#now());
    }
  }
}

/** The `rel="next"` URL of a GitHub `link` header. */
function nextLink(link: string | number | undefined): string | undefined {
  if (typeof link !== 'string') return undefined;
  return /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
}

const stateReasons: readonly NonNullable<IssueWithBody['stateReason']>[] = [
  'completed',
  'not_planned',
  'duplicate',
  'reopened',
];

function toIssue(raw: RawIssue): IssueWithBody {
  const issue: IssueWithBody = {
    number: raw.number,
    title: raw.title,
    body: raw.body ?? '',
    state: raw.state === 'closed' ? 'closed' : 'open',
    labels: (raw.labels ?? [])
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((name) => name !== ''),
    assignees: (raw.assignees ?? []).map((user) => user.login ?? '').filter((login) => login !== ''),
    author: raw.user?.login ?? '',
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
  if (raw.closed_at) issue.closedAt = raw.closed_at;
  const reason = stateReasons.find((known) => known === raw.state_reason);
  if (reason !== undefined) issue.stateReason = reason;
  return issue;
}

function toComment(raw: RawComment): IssueComment {
  return {
    id: raw.id,
    body: raw.body ?? '',
    author: raw.user?.login ?? '',
    association: raw.author_association ?? 'NONE',
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

const roleNames: readonly RepositoryPermission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

/** The role of a permission answer: `role_name` when it is a base role, else the legacy `permission` (custom roles map to their base there). */
function toPermission(raw: RawPermission): RepositoryPermission {
  const named = roleNames.find((role) => role === raw.role_name);
  if (named !== undefined) return named;
  return roleNames.find((role) => role === raw.permission) ?? 'none';
}

const authorOfKind: Record<CommentKind, { author: 'customer' | 'agent' | 'bot'; public: boolean }> = {
  'customer-message': { author: 'customer', public: true },
  'agent-reply': { author: 'agent', public: true },
  'internal-note': { author: 'agent', public: false },
  'bot-public': { author: 'bot', public: true },
  'bot-note': { author: 'bot', public: false },
};

async function toTimelineEvent(
  raw: RawTimelineEvent,
  writerOf: (body: string, author: { login: string; association: string }) => Promise<CommentWriter>,
): Promise<TimelineEvent | undefined> {
  const at = raw.created_at;
  if (at === undefined) return undefined;
  const actor = raw.actor?.login ?? raw.user?.login ?? '';
  switch (raw.event) {
    case 'labeled':
    case 'unlabeled':
      return raw.label?.name === undefined
        ? undefined
        : { kind: raw.event, at, label: raw.label.name, actor };
    case 'closed':
    case 'reopened':
      return { kind: raw.event, at, actor };
    case 'assigned':
    case 'unassigned':
      return raw.assignee?.login === undefined
        ? undefined
        : { kind: raw.event, at, assignee: raw.assignee.login, actor };
    case 'commented': {
      const author = raw.user?.login ?? actor;
      const body = raw.body ?? '';
      const writer = await writerOf(body, { login: author, association: raw.author_association ?? 'NONE' });
      const kind = authorOfKind[commentKind(body, writer)];
      return { kind: 'commented', at, actor: author, commentId: raw.id ?? 0, ...kind };
    }
    default:
      return undefined;
  }
}
