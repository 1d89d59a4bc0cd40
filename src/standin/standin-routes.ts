// The REST routes the stand-in serves, one per GitHub operation (by operationId), over StandinState.
// Handlers return GitHub-shaped replies and the webhook-worthy changes; authentication, faults, limits,
// validation, ETags and webhooks are the server's job (start-standin.ts).

import { randomBytes } from 'node:crypto';
import {
  authenticatedUserJson,
  collaboratorPermissionJson,
  commentJson,
  eventJson,
  fullRepositoryJson,
  issueJson,
  labelJson,
  timelineCommentJson,
  userJson,
  type JsonContext,
} from './github-json.ts';
import type { AppRecord, InstallationRecord, StandinApps } from './standin-apps.ts';
import {
  isoSeconds,
  type IssueRecord,
  type RepoRecord,
  type StandinChange,
  type StandinState,
  type StandinUser,
} from './standin-state.ts';
import type { RepositoryAccess } from './repository-access.ts';

/** What the routes need from the server. */
export interface RouteDeps {
  state: StandinState;
  context: JsonContext;
  userOf(login: string): StandinUser;
  /** GitHub only assigns people with access to the repository: here, the configured accounts. */
  assignable(login: string): boolean;
  /** Roles and associations on each repository. */
  access: RepositoryAccess;
  /** Whether the stand-in knows `login` (GitHub answers 404 for an account that does not exist). */
  isAccount(login: string): boolean;
  /** Token → login; App installation tokens are added here. */
  tokens: Map<string, string>;
  /** Installation token → the installation it was minted for. */
  installationTokens: Map<string, number>;
  apps: StandinApps;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  changes?: StandinChange[];
  contentWrites?: number;
}

export interface Call {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  login: string;
  now: number;
  repo: RepoRecord;
  url: URL;
  /** The App a JWT authenticated (App endpoints only). */
  app?: AppRecord;
  /** The installation an installation token was minted for. */
  installation?: InstallationRecord;
}

export interface Route {
  method: string;
  template: string;
  operationId: string;
  pattern: RegExp;
  keys: string[];
  /** Issue and comment creation count against GitHub's content limits. */
  content?: boolean;
  /** App endpoints authenticate with the App's JWT, not with a token. */
  jwt?: boolean;
  /** Answered without authentication (the manifest conversion: its code is the credential). */
  anonymous?: boolean;
  handle(call: Call): Reply;
}

export class HttpFailure extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const notFound = (): never => {
  throw new HttpFailure(404, 'Not Found');
};

/** The routes, the App endpoints first. */
export function standinRoutes(deps: RouteDeps): Route[] {
  const { state, context, userOf, assignable, access, isAccount, tokens, installationTokens, apps } = deps;
  const issueOf = (call: Call): IssueRecord =>
    state.issue(call.repo.fullName, Number(call.params.issue_number)) ?? notFound();
  const appOf = (call: Call): AppRecord => call.app ?? notFound();
  const isAppLogin = (login: string) => apps.byLogin(login) !== undefined;

  const appRoutes: Route[] = [
    jwtRoute('GET', '/app', 'apps/get-authenticated', (call) => ({
      status: 200,
      body: appJson(appOf(call)),
    })),
    jwtRoute(
      'POST',
      '/app/installations/{installation_id}/access_tokens',
      'apps/create-installation-access-token',
      (call) => {
        const app = appOf(call);
        const installation = apps.installation(Number(call.params.installation_id));
        if (!installation || installation.appId !== app.id) notFound();
        const token = `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;
        tokens.set(token, `${app.slug}[bot]`);
        installationTokens.set(token, installation?.id ?? 0);
        return {
          status: 201,
          body: {
            token,
            expires_at: isoSeconds(Date.now() + 3_600_000),
            permissions: app.permissions,
            repository_selection: installation?.selection ?? 'selected',
          },
        };
      },
    ),
    jwtRoute('GET', '/app/installations/{installation_id}', 'apps/get-installation', (call) => {
      const app = appOf(call);
      const installation = apps.installation(Number(call.params.installation_id));
      if (!installation || installation.appId !== app.id) notFound();
      return { status: 200, body: installationJson(app, installation as InstallationRecord) };
    }),
    jwtRoute('GET', '/repos/{owner}/{repo}/installation', 'apps/get-repo-installation', (call) => {
      const app = appOf(call);
      const installation = apps.installationFor(app.id, call.repo.fullName) ?? notFound();
      return { status: 200, body: installationJson(app, installation) };
    }),
    jwtRoute('GET', '/app/hook/config', 'apps/get-webhook-config-for-app', (call) => {
      const app = appOf(call);
      // An App without a webhook has no hook configuration to show.
      if (!app.hook) notFound();
      // GitHub never shows the secret back, only that one is set.
      return {
        status: 200,
        body: {
          url: app.hook?.url,
          content_type: 'json',
          insecure_ssl: '0',
          ...(app.webhookSecret ? { secret: '********' } : {}),
        },
      };
    }),
    {
      ...route('POST', '/app-manifests/{code}/conversions', 'apps/create-from-manifest', (call) => {
        const converted = apps.convert(call.params.code ?? '', call.now) ?? notFound();
        return {
          status: 201,
          body: {
            ...appJson(converted.app),
            client_id: converted.app.clientId,
            client_secret: converted.app.clientSecret,
            webhook_secret: converted.app.webhookSecret,
            pem: converted.pem,
          },
        };
      }),
      anonymous: true,
    },
  ];

  function appJson(app: AppRecord): Record<string, unknown> {
    return {
      id: app.id,
      slug: app.slug,
      node_id: `A_kwDO${app.id}`,
      client_id: app.clientId,
      owner: userJson(userOf(app.owner), context.base),
      name: app.name,
      description: app.description,
      external_url: app.url || context.base.html,
      html_url: `${context.base.html}/apps/${app.slug}`,
      created_at: app.createdAt,
      updated_at: app.createdAt,
      permissions: app.permissions,
      events: app.events,
      installations_count: apps.installationsOf(app.id).length,
    };
  }

  function installationJson(app: AppRecord, installation: InstallationRecord): Record<string, unknown> {
    const account = userOf(installation.account);
    return {
      id: installation.id,
      account: userJson(account, context.base),
      repository_selection: installation.selection,
      access_tokens_url: `${context.base.api}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${context.base.api}/installation/repositories`,
      html_url: `${context.base.html}/settings/installations/${installation.id}`,
      app_id: app.id,
      app_slug: app.slug,
      client_id: app.clientId,
      target_id: account.id,
      target_type: account.type === 'Bot' ? 'User' : account.type,
      permissions: app.permissions,
      events: app.events,
      created_at: installation.createdAt,
      updated_at: installation.updatedAt,
      single_file_name: null,
      suspended_by: null,
      suspended_at: null,
    };
  }

  const routes: Route[] = [
    ...appRoutes,
    route('GET', '/user', 'users/get-authenticated', (call) => {
      // An installation token is not a user: GitHub refuses, and the App's login comes from GET /app.
      if (isAppLogin(call.login)) throw new HttpFailure(403, 'Resource not accessible by integration');
      return {
        status: 200,
        body: authenticatedUserJson(userOf(call.login), context.base, call.repo.createdAt),
      };
    }),
    route('GET', '/repos/{owner}/{repo}/issues', 'issues/list-for-repo', (call) => {
      const issues = filterIssues(state.issues(call.repo.fullName), call.query);
      return paginated(issues, call, (issue) => issueJson(issue, context));
    }),
    route(
      'POST',
      '/repos/{owner}/{repo}/issues',
      'issues/create',
      (call) => {
        const body = call.body as Record<string, unknown>;
        const assignees = [
          ...stringsOf(body.assignees),
          ...(typeof body.assignee === 'string' ? [body.assignee] : []),
        ];
        const { issue, changes } = state.createIssue(
          call.repo.fullName,
          call.login,
          {
            title: String(body.title),
            body: typeof body.body === 'string' ? body.body : null,
            labels: labelNames(body.labels),
            assignees,
          },
          call.now,
          assignable,
        );
        return {
          status: 201,
          body: issueJson(issue, context),
          headers: { location: `${context.base.api}/repos/${issue.repo}/issues/${issue.number}` },
          changes,
          contentWrites: 1,
        };
      },
      true,
    ),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/get', (call) => ({
      status: 200,
      body: issueJson(issueOf(call), context),
    })),
    route('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/update', (call) => {
      const issue = issueOf(call);
      const body = call.body as Record<string, unknown>;
      const patch: Parameters<StandinState['updateIssue']>[2] = {};
      if (body.title !== undefined && body.title !== null) patch.title = String(body.title);
      if (body.body !== undefined) patch.body = typeof body.body === 'string' ? body.body : null;
      if (body.state === 'open' || body.state === 'closed') patch.state = body.state;
      if (typeof body.state_reason === 'string') {
        patch.stateReason = body.state_reason as IssueRecord['stateReason'];
      }
      if (body.labels !== undefined) patch.labels = labelNames(body.labels);
      if (body.assignees !== undefined) patch.assignees = stringsOf(body.assignees);
      else if (body.assignee !== undefined)
        patch.assignees = typeof body.assignee === 'string' ? [body.assignee] : [];
      const changes = state.updateIssue(issue, call.login, patch, call.now, assignable);
      return { status: 200, body: issueJson(issue, context), changes };
    }),
    route(
      'GET',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      'issues/list-labels-on-issue',
      (call) => {
        const issue = issueOf(call);
        return paginated(
          issue.labels.map((name) => context.label(issue.repo, name)),
          call,
          (label) => labelJson(label, context.base),
        );
      },
    ),
    route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', 'issues/add-labels', (call) => {
      const issue = issueOf(call);
      const body = call.body as Record<string, unknown> | unknown[] | string;
      const names =
        typeof body === 'string'
          ? [body]
          : Array.isArray(body)
            ? labelNames(body)
            : labelNames((body as Record<string, unknown>).labels);
      const changes = state.addLabels(issue, call.login, names, call.now);
      return {
        status: 200,
        body: issue.labels.map((name) => labelJson(context.label(issue.repo, name), context.base)),
        changes,
      };
    }),
    route(
      'DELETE',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
      'issues/remove-label',
      (call) => {
        const issue = issueOf(call);
        const changes = state.removeLabel(issue, call.login, call.params.name ?? '', call.now);
        if (changes === undefined) throw new HttpFailure(404, 'Label does not exist');
        return {
          status: 200,
          body: issue.labels.map((name) => labelJson(context.label(issue.repo, name), context.base)),
          changes,
        };
      },
    ),
    route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/assignees', 'issues/add-assignees', (call) => {
      const issue = issueOf(call);
      const logins = stringsOf((call.body as Record<string, unknown>).assignees);
      const changes = state.addAssignees(issue, call.login, logins, call.now, assignable);
      return { status: 201, body: issueJson(issue, context), changes };
    }),
    route(
      'DELETE',
      '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
      'issues/remove-assignees',
      (call) => {
        const issue = issueOf(call);
        const logins = stringsOf((call.body as Record<string, unknown>).assignees);
        const changes = state.removeAssignees(issue, call.login, logins, call.now);
        return { status: 200, body: issueJson(issue, context), changes };
      },
    ),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/list-comments', (call) => {
      const issue = issueOf(call);
      const since = call.query.get('since');
      const sinceTime = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
      const comments = state
        .comments(issue.repo, issue.number)
        .filter((comment) => Date.parse(comment.updatedAt) >= sinceTime);
      return paginated(comments, call, (comment) => commentJson(comment, context));
    }),
    route(
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      'issues/create-comment',
      (call) => {
        const issue = issueOf(call);
        const { comment, changes } = state.createComment(
          issue,
          call.login,
          String((call.body as Record<string, unknown>).body),
          call.now,
        );
        return {
          status: 201,
          body: commentJson(comment, context),
          headers: { location: `${context.base.api}/repos/${issue.repo}/issues/comments/${comment.id}` },
          changes,
          contentWrites: 1,
        };
      },
      true,
    ),
    route('GET', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/get-comment', (call) => {
      const comment = state.comment(call.repo.fullName, Number(call.params.comment_id)) ?? notFound();
      return { status: 200, body: commentJson(comment, context) };
    }),
    route('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/update-comment', (call) => {
      const comment = state.comment(call.repo.fullName, Number(call.params.comment_id)) ?? notFound();
      const changes = state.updateComment(
        comment,
        call.login,
        String((call.body as Record<string, unknown>).body),
        call.now,
      );
      return { status: 200, body: commentJson(comment, context), changes };
    }),
    route('DELETE', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/delete-comment', (call) => {
      const comment = state.comment(call.repo.fullName, Number(call.params.comment_id)) ?? notFound();
      return { status: 204, changes: state.deleteComment(comment, call.login, call.now) };
    }),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/events', 'issues/list-events', (call) => {
      const issue = issueOf(call);
      return paginated(state.events(issue.repo, issue.number), call, (event) =>
        eventJson(event, context, 'events'),
      );
    }),
    route(
      'GET',
      '/repos/{owner}/{repo}/issues/{issue_number}/timeline',
      'issues/list-events-for-timeline',
      (call) => {
        const issue = issueOf(call);
        const items = [
          ...state.events(issue.repo, issue.number).map((event) => ({
            at: event.createdAt,
            id: event.id,
            json: () => eventJson(event, context, 'timeline'),
          })),
          ...state.comments(issue.repo, issue.number).map((comment) => ({
            at: comment.createdAt,
            id: comment.id,
            json: () => timelineCommentJson(comment, context),
          })),
        ].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
        return paginated(items, call, (item) => item.json());
      },
    ),
    route(
      'GET',
      '/repos/{owner}/{repo}/collaborators/{username}/permission',
      'repos/get-collaborator-permission-level',
      (call) => {
        const repo = call.repo.fullName;
        // GitHub shows roles to those who may push and to an App's installation token (metadata: read),
        // and answers 404 for an account that does not exist.
        if (!isAppLogin(call.login) && !['admin', 'write'].includes(access.permission(repo, call.login)))
          throw new HttpFailure(403, 'Must have push access to view collaborator permission.');
        const login = call.params.username ?? '';
        if (!isAccount(login)) notFound();
        return {
          status: 200,
          body: collaboratorPermissionJson(
            userOf(login),
            context.base,
            access.role(repo, login),
            access.permission(repo, login),
          ),
        };
      },
    ),
    route('GET', '/repos/{owner}/{repo}', 'repos/get', (call) => {
      const repo = call.repo.fullName;
      // A private repository the caller cannot see does not exist for it (404, as on GitHub).
      if (call.installation) {
        if (!call.installation.repositories.includes(repo)) notFound();
      } else if (access.role(repo, call.login) === undefined) notFound();
      const role = call.installation ? undefined : access.role(repo, call.login);
      const openIssues = state.issues(repo).filter((issue) => issue.state === 'open').length;
      return {
        status: 200,
        body: fullRepositoryJson(call.repo, userOf(call.repo.owner), context, openIssues, role),
      };
    }),
    route('GET', '/repos/{owner}/{repo}/labels', 'issues/list-labels-for-repo', (call) =>
      paginated(state.labels(call.repo.fullName), call, (label) => labelJson(label, context.base)),
    ),
    route('POST', '/repos/{owner}/{repo}/labels', 'issues/create-label', (call) => {
      const body = call.body as { name: string; color?: string; description?: string };
      const label = state.createLabel(call.repo.fullName, body);
      return { status: 201, body: labelJson(label, context.base) };
    }),
  ];

  function filterIssues(all: readonly IssueRecord[], query: URLSearchParams): IssueRecord[] {
    const wantedState = query.get('state') ?? 'open';
    const labels = (query.get('labels') ?? '')
      .split(',')
      .map((label) => label.trim().toLowerCase())
      .filter((label) => label !== '');
    const assignee = query.get('assignee');
    const creator = query.get('creator');
    const since = query.get('since');
    const sinceTime = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
    const sort = query.get('sort') ?? 'created';
    const direction = query.get('direction') === 'asc' ? 1 : -1;
    const selected = all.filter((issue) => {
      if (wantedState !== 'all' && issue.state !== wantedState) return false;
      if (labels.length > 0) {
        const own = issue.labels.map((label) => label.toLowerCase());
        if (!labels.every((label) => own.includes(label))) return false;
      }
      if (assignee === 'none' && issue.assignees.length > 0) return false;
      if (assignee === '*' && issue.assignees.length === 0) return false;
      if (assignee && assignee !== 'none' && assignee !== '*' && !issue.assignees.includes(assignee))
        return false;
      if (creator && issue.author !== creator) return false;
      return Date.parse(issue.updatedAt) >= sinceTime;
    });
    const key = (issue: IssueRecord): number | string =>
      sort === 'updated' ? issue.updatedAt : sort === 'comments' ? issue.comments : issue.createdAt;
    return selected.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const order = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
      return order * direction;
    });
  }

  /** One page of a list, with GitHub's `link` header (prev, next, last, first; only those that apply). */
  function paginated<T>(items: readonly T[], call: Call, toJson: (item: T) => unknown): Reply {
    const perPage = clampInt(call.query.get('per_page'), 30, 1, 100);
    const page = clampInt(call.query.get('page'), 1, 1, Number.MAX_SAFE_INTEGER);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const body = items.slice((page - 1) * perPage, page * perPage).map(toJson);
    const pageUrl = (n: number) => {
      const url = new URL(call.url.pathname + call.url.search, context.base.api);
      url.searchParams.set('page', String(n));
      return `<${url.href}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${pageUrl(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) rels.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) rels.push(`${pageUrl(1)}; rel="first"`);
    return { status: 200, body, headers: rels.length > 0 ? { link: rels.join(', ') } : {} };
  }

  return routes;
}

export interface Matched {
  route: Route;
  params: Record<string, string>;
}

/** An App endpoint: authenticated by the App's JWT. */
function jwtRoute(
  method: string,
  template: string,
  operationId: string,
  handle: (call: Call) => Reply,
): Route {
  return { ...route(method, template, operationId, handle), jwt: true };
}

function route(
  method: string,
  template: string,
  operationId: string,
  handle: (call: Call) => Reply,
  content = false,
): Route {
  const keys: string[] = [];
  const pattern = new RegExp(
    '^' +
      template.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
        keys.push(name);
        return '([^/]+)';
      }) +
      '$',
  );
  return { method, template, operationId, pattern, keys, handle, content };
}

export function matchRoute(routes: Route[], method: string, pathname: string): Matched | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const found = candidate.pattern.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    candidate.keys.forEach((key, index) => {
      params[key] = decodeURIComponent(found[index + 1] ?? '');
    });
    return { route: candidate, params };
  }
  return undefined;
}

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  const parsed = value === null ? Number.NaN : Number.parseInt(value, 10);
  if (Number.isNaN(parsed)) return fallback;
  return Math.min(max, Math.max(min, parsed));
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Labels arrive as names or as `{ name }` objects. */
function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item: unknown) =>
      typeof item === 'string'
        ? item
        : typeof item === 'object' && item !== null
          ? (item as { name?: unknown }).name
          : undefined,
    )
    .filter((name): name is string => typeof name === 'string' && name !== '');
}
