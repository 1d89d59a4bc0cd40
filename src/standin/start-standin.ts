// The local GitHub-compatible tracker: a stateful subset of GitHub's REST API (issues, labels, assignees,
// comments, events, timeline) over node:http, with GitHub's pagination `link` headers, ETags and 304s,
// token authentication, signed webhooks, request and response bodies checked against GitHub's OpenAPI
// description, request counting and fault injection under /_standin, and a small page for agents.
// The bot reaches it through the same Octokit client as github.com: only the base URL differs.

import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AgentPageSessions } from './agent-page-sessions.ts';
import { renderAgentPage, type AgentPageContext, type AgentPageRequest } from './agent-page.ts';
import { renderAppManifestPage } from './app-manifest-pages.ts';
import { StandinApps, type AppRecord, type InstallationRecord } from './standin-apps.ts';
import { FaultInjector, type ActiveFault, type FaultSpec } from './fault-injector.ts';
import {
  commentJson,
  issueJson,
  labelJson,
  repositoryJson,
  userJson,
  type JsonContext,
  type UrlBase,
} from './github-json.ts';
import { sharedOpenapiValidator, type SchemaProblem } from './openapi-validator.ts';
import { HttpFailure, matchRoute, standinRoutes, type Matched, type Reply } from './standin-routes.ts';
import {
  StandinState,
  StandinValidationError,
  isoSeconds,
  type ContentEdit,
  type LabelRecord,
  type StandinChange,
  type StandinUser,
} from './standin-state.ts';
import { RepositoryAccess, type AuthorAssociation, type RepositoryRole } from './repository-access.ts';
import { verifyAppJwt } from './verify-app-jwt.ts';
import { WebhookSender, type DeliveryRecord, type WebhookTarget } from './webhook-sender.ts';

/** An account of the stand-in; give it a token to let it call the API. */
export interface StandinUserOption {
  login: string;
  token?: string;
  type?: 'User' | 'Bot';
  name?: string;
  /**
   * Its collaborator role on every repository, or by repository (`{"acme/support": "read"}`); `none` for
   * no access. Default `write` everywhere.
   */
  role?: RepositoryRole | 'none' | Record<string, RepositoryRole | 'none'>;
  /** Organisations it is a member of: MEMBER on their repositories, with at least `read` there. */
  organisations?: string[];
  /**
   * The `author_association` GitHub shows on its issues and comments, where it differs from what its access
   * implies (OWNER, MEMBER, COLLABORATOR or NONE): CONTRIBUTOR, or NONE for a private organisation membership.
   */
  association?: AuthorAssociation;
  /**
   * The scopes of its token when it is a classic personal access token: GitHub lists them in the
   * `x-oauth-scopes` header of every answer (fine-grained tokens and App tokens send none).
   */
  scopes?: string[];
}

export interface StandinLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface StandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where `standin.sqlite` lives; in memory when absent. */
  dataDir?: string;
  /** `owner/name` of the repositories served (created on start). Default `acme/support`. */
  repos?: string[];
  /**
   * Those of `repos` that are public: any account reads them and comments on them, as on GitHub. The others are
   * private: an account with no role there (nor organisation membership) gets 404 for anything under them.
   */
  publicRepos?: string[];
  /** Accounts; default: the bot `repodesk-bot` with token `standin-bot-token`. */
  users?: StandinUserOption[];
  webhooks?: { url: string; secret: string; events?: string[] }[];
  /**
   * A GitHub App the bot may authenticate as (@octokit/auth-app): `GET /app` and installation tokens from
   * `POST /app/installations/{id}/access_tokens`, both with a JWT signed by the App's private key. The App
   * writes as `<slug>[bot]`.
   */
  app?: {
    id: number;
    slug: string;
    name?: string;
    publicKey: KeyObject | string;
    installationId: number;
    /** What its installation may do (default issues: write, metadata: read). */
    permissions?: Record<string, 'read' | 'write' | 'admin'>;
    /** Its webhook URL (default none), as `GET /app/hook/config` shows it. */
    webhookUrl?: string;
  };
  /** Admin endpoints under /_standin (stats, faults, deliveries, clock). Default true. */
  admin?: boolean;
  /** The agent page (`GET /`, `/{owner}/{repo}/issues/{n}`). Default true. */
  agentPage?: boolean;
  /** Honour `x-standin-now` and `PUT /_standin/clock` to create things in the past. Default false. */
  allowClockOverride?: boolean;
  /** Clock; default Date.now. */
  now?: () => number;
  /** GitHub's content-creation limits (issues and comments): 80 a minute, 500 an hour. Default off. */
  contentLimits?: boolean | { perMinute: number; perHour: number };
  /** Check every response against the OpenAPI description. Default true. */
  validateResponses?: boolean;
  log?: StandinLog;
}

export interface StandinStats {
  /** Requests by `METHOD /path/{template}`. */
  requests: Record<string, number>;
  total: number;
  /** POST/PATCH/PUT/DELETE API requests. */
  writes: number;
  /** Issues and comments created (GitHub's content-creation budget). */
  contentWrites: number;
  /** 304 answers to conditional requests. */
  notModified: number;
  /** Responses refused by the stand-in's own OpenAPI check (each is a stand-in bug). */
  responseErrors: number;
}

/** One applied write (POST/PATCH/PUT/DELETE answered below 400), on the data clock. */
export interface StandinWrite {
  /** Milliseconds since the epoch, on the stand-in's data clock (`now`, or the overridden clock). */
  at: number;
  /** `METHOD /path/{template}`; `POST agent-page comment` for a comment posted from the agent page. */
  request: string;
  login: string;
  /** Issues and comments it created (GitHub's content-creation budget). */
  contentWrites: number;
}

/** Revisions of an issue's body and of its comments' bodies (empty lists for what was never edited). */
export interface EditHistory {
  issue: ContentEdit[];
  comments: { id: number; edits: ContentEdit[] }[];
}

/** How many writes `writeLog()` keeps (the most recent). */
const writeLogSize = 20_000;

/** A response that did not match GitHub's description: the stand-in answered 500 instead. */
export interface ResponseErrorRecord {
  at: string;
  method: string;
  path: string;
  operationId: string;
  status: number;
  problems: SchemaProblem[];
}

export interface Standin {
  /** Base URL of the API and the agent page, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Token of each user that has one, by login. */
  tokens: Record<string, string>;
  botLogin: string;
  close(): Promise<void>;
  stats(): StandinStats;
  /** Applied writes, oldest first (the last `writeLogSize`); cleared with the stats. */
  writeLog(): StandinWrite[];
  resetStats(): void;
  responseErrors(): ResponseErrorRecord[];
  injectFault(spec: FaultSpec): ActiveFault;
  clearFaults(): void;
  /** Requests waiting on a `hold` fault, as `METHOD /route`, oldest first. */
  held(): string[];
  /** Lets the held requests go on: every one, or those to `request` (`METHOD /route`). */
  releaseHeld(request?: string): void;
  addWebhook(target: { url: string; secret: string; events?: string[] }): WebhookTarget;
  deliveries(): DeliveryRecord[];
  redeliver(guid: string): Promise<DeliveryRecord | undefined>;
  /** Resolves when every queued webhook delivery has been attempted. */
  deliveriesIdle(): Promise<void>;
  /** Fixes the clock (ISO time) or gives it back to `now` (undefined). Needs `allowClockOverride`. */
  setClock(at: string | undefined): void;
  /**
   * The edit history GitHub keeps of an issue's body and of each of its comments (every revision, the
   * original first), which the REST API never shows: what an erasure cannot reach by editing.
   */
  editHistory(repo: string, issueNumber: number): EditHistory;
  /** Sections the desk adds to the agent page (offline: the replies its collision guard holds). */
  showOnAgentPage(asides: NonNullable<AgentPageContext['asides']>): void;
  /**
   * Keeps a file as GitHub keeps one dropped on a comment, and returns its github.com link
   * (`https://github.com/user-attachments/files/<id>/<name>`), served here under the same path to a token.
   */
  uploadAttachment(name: string, bytes: Uint8Array): string;
}

const docs = 'https://docs.github.com/rest';
const apiVersion = '2022-11-28';
const rateLimit = 5000;

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const clock = options.now ?? Date.now;
  let fixedClock: number | undefined;
  const admin = options.admin ?? true;
  const validateResponses = options.validateResponses ?? true;
  const limits =
    options.contentLimits === true ? { perMinute: 80, perHour: 500 } : options.contentLimits || undefined;
  const log = options.log;

  const state = new StandinState(options.dataDir);
  // Files attached to comments (GitHub's user-attachments), by their path under /user-attachments/.
  const userAttachments = new Map<string, Uint8Array>();
  let agentPageAsides: AgentPageContext['asides'];
  // Sign-ins last in wall time, whatever the data clock says.
  const agentPageSessions = new AgentPageSessions(Date.now);
  const validator = sharedOpenapiValidator();
  const faults = new FaultInjector();
  const heldRequests: { request: string; release: () => void }[] = [];
  const webhooks = new WebhookSender();
  for (const target of options.webhooks ?? []) webhooks.addTarget(target);

  const userOptions = options.users ?? [{ login: 'repodesk-bot', token: 'standin-bot-token' }];
  const users = new Map<string, StandinUser>();
  const tokens = new Map<string, string>();
  const installationTokens = new Map<string, number>();
  const tokenScopes = new Map<string, string[]>();
  userOptions.forEach((user, index) => {
    users.set(user.login, {
      login: user.login,
      id: 9_000_001 + index,
      type: user.type ?? (user.login.endsWith('[bot]') ? 'Bot' : 'User'),
      ...(user.name === undefined ? {} : { name: user.name }),
    });
    if (user.token) tokens.set(user.token, user.login);
    if (user.token && user.scopes) tokenScopes.set(user.token, user.scopes);
  });
  // An App acts through its installation's permissions, not as a collaborator: with no role here, GitHub
  // shows NONE as its association.
  const access = new RepositoryAccess(
    userOptions.map((user) => ({
      login: user.login,
      role: user.role ?? 'write',
      organisations: user.organisations ?? [],
      ...(user.association === undefined ? {} : { association: user.association }),
    })),
  );

  const publicRepos = new Set(options.publicRepos ?? []);
  const baseNow = clock();
  for (const repo of options.repos ?? ['acme/support']) state.ensureRepo(repo, baseNow);
  const apps = new StandinApps(state);
  const repoNames = [...state.repos.keys()];
  const configuredApp = options.app
    ? apps.configure(options.app, repoNames[0]?.split('/')[0] ?? 'acme', repoNames, baseNow)
    : undefined;
  const botLogin = configuredApp ? `${configuredApp.slug}[bot]` : (userOptions[0]?.login ?? 'repodesk-bot');
  const userOf = (login: string): StandinUser => {
    const known = users.get(login);
    if (known) return known;
    const app = apps.byLogin(login);
    if (app) return { login, id: 9_100_000 + app.id, type: 'Bot' };
    return { login, id: 8_000_000 + hashNumber(login), type: 'User' };
  };
  const assignable = (login: string) => users.has(login);

  const stats: StandinStats = {
    requests: {},
    total: 0,
    writes: 0,
    contentWrites: 0,
    notModified: 0,
    responseErrors: 0,
  };
  const errors: ResponseErrorRecord[] = [];
  const contentTimes: number[] = [];
  const writes: StandinWrite[] = [];
  const logWrite = (write: StandinWrite) => {
    writes.push(write);
    if (writes.length > writeLogSize) writes.splice(0, writes.length - writeLogSize);
  };
  const requestTimes: number[] = [];
  let base: UrlBase = { api: '', html: '' };

  const context: JsonContext = {
    get base() {
      return base;
    },
    user: userOf,
    label: (repo: string, name: string): LabelRecord =>
      state.label(repo, name) ?? { id: 0, repo, name, color: 'ededed', description: null, isDefault: false },
    association: (repo, login) => access.association(repo, login),
    isPublic: (repo) => publicRepos.has(repo),
  };

  const routes = standinRoutes({
    state,
    context,
    userOf,
    assignable,
    access,
    isAccount: (login) => users.has(login),
    tokens,
    installationTokens,

    apps,
  });

  function editHistoryOf(repo: string, issueNumber: number): EditHistory {
    const issue = state.issue(repo, issueNumber);
    return {
      issue: (issue?.edits ?? []).map((edit) => ({ ...edit })),
      comments: state
        .comments(repo, issueNumber)
        .filter((comment) => comment.edits !== undefined)
        .map((comment) => ({ id: comment.id, edits: (comment.edits ?? []).map((edit) => ({ ...edit })) })),
    };
  }

  /** GitHub sends an installed App's webhooks to its hook, for the repositories of its installations. */
  function hookApp(app: AppRecord): void {
    if (!app.hook?.active || !app.webhookSecret) return;
    if (
      webhooks.targets.some((target) => target.url === app.hook?.url && target.secret === app.webhookSecret)
    )
      return;
    const installed = (repositoryId: number): InstallationRecord | undefined => {
      const repo = [...state.repos.values()].find((candidate) => candidate.id === repositoryId);
      return repo ? apps.installationFor(app.id, repo.fullName) : undefined;
    };
    webhooks.addTarget({
      url: app.hook.url,
      secret: app.webhookSecret,
      events: app.events,
      accepts: (repositoryId) => installed(repositoryId) !== undefined,
      payloadFor: (repositoryId) => ({
        installation: {
          id: installed(repositoryId)?.id ?? 0,
          node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installed(repositoryId)?.id ?? 0}`,
        },
      }),
    });
  }
  for (const app of apps.all()) if (apps.installationsOf(app.id).length > 0) hookApp(app);

  function nowFor(request: IncomingMessage): number {
    if (options.allowClockOverride) {
      const header = request.headers['x-standin-now'];
      const at = typeof header === 'string' ? Date.parse(header) : Number.NaN;
      if (!Number.isNaN(at)) return at;
      if (fixedClock !== undefined) return fixedClock;
    }
    return clock();
  }

  /**
   * GitHub's rate-limit headers, on the server clock (`options.now`), not on a data clock moved by
   * x-standin-now or PUT /_standin/clock: clients compute their wait from them against their own clock.
   */
  function rateHeaders(): Record<string, string> {
    const now = clock();
    const hourStart = Math.floor(now / 3_600_000) * 3_600_000;
    while (requestTimes.length > 0 && (requestTimes[0] ?? 0) < hourStart) requestTimes.shift();
    return {
      'x-ratelimit-limit': String(rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, rateLimit - requestTimes.length)),
      'x-ratelimit-reset': String(Math.floor((hourStart + 3_600_000) / 1000)),
      'x-ratelimit-used': String(requestTimes.length),
      'x-ratelimit-resource': 'core',
    };
  }

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, {
      // The server's own clock, as GitHub's Date header (what clients measure their clock skew against).
      date: new Date(clock()).toUTCString(),
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': apiVersion,
      'x-github-request-id': randomUUID().toUpperCase().slice(0, 23),
      ...headers,
    });
    response.end(text);
  }

  function errorBody(status: number, message: string, extra: Record<string, unknown> = {}) {
    return { message, documentation_url: docs, status: String(status), ...extra };
  }

  function sendWebhooks(changes: StandinChange[]): void {
    if (webhooks.targets.length === 0) return;
    const openByRepo = new Map<string, number>();
    for (const change of changes) {
      const repo = state.repos.get(change.repo);
      const issue = state.issue(change.repo, change.number);
      if (!repo || !issue) continue;
      let openIssues = openByRepo.get(change.repo);
      if (openIssues === undefined) {
        openIssues = state.issues(change.repo).filter((candidate) => candidate.state === 'open').length;
        openByRepo.set(change.repo, openIssues);
      }
      const payload: Record<string, unknown> = {
        action: change.action,
        issue: issueJson(issue, context),
      };
      if (change.event === 'issues') {
        if (change.changes) payload.changes = change.changes;
        if (change.label !== undefined)
          payload.label = labelJson(context.label(change.repo, change.label), base);
        if (change.assignee !== undefined) payload.assignee = userJson(userOf(change.assignee), base);
      } else {
        payload.comment = commentJson(change.comment, context);
        if (change.changes) payload.changes = change.changes;
      }
      payload.repository = repositoryJson(repo, userOf(repo.owner), context, openIssues);
      payload.sender = userJson(userOf(change.actor), base);
      webhooks.send(change.event, payload, repo.id);
    }
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL, match: Matched) {
    const { route: matched, params } = match;
    const method = matched.method;
    const now = nowFor(request);
    const key = `${method} ${matched.template}`;
    stats.requests[key] = (stats.requests[key] ?? 0) + 1;
    stats.total += 1;
    if (method !== 'GET') stats.writes += 1;
    requestTimes.push(clock());

    let fault = faults.take(matched.operationId, method, matched.template, Date.now());
    if (fault?.kind === 'hold') {
      await new Promise<void>((release) => heldRequests.push({ request: key, release }));
      fault = undefined;
    }
    if (fault?.kind === 'down') {
      if (fault.mode === 'reset') {
        request.socket.destroy();
        return;
      }
      send(response, fault.status ?? 503, errorBody(fault.status ?? 503, 'Service Unavailable'));
      return;
    }

    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    let login: string | undefined;
    let jwtApp: AppRecord | undefined;
    if (matched.anonymous) {
      login = '';
    } else if (matched.jwt) {
      jwtApp = token === undefined ? undefined : apps.byId(jwtIssuer(token));
      const publicKey = jwtApp && apps.publicKey(jwtApp.id);
      const check =
        token === undefined || !jwtApp || !publicKey
          ? { ok: false as const, message: 'A JSON web token could not be decoded' }
          : verifyAppJwt(token, jwtApp.id, publicKey, Date.now());
      if (!check.ok) {
        send(response, 401, errorBody(401, check.message), rateHeaders());
        return;
      }
      login = jwtApp ? `${jwtApp.slug}[bot]` : undefined;
    } else {
      login = token === undefined ? undefined : tokens.get(token);
    }
    const installationId = token === undefined ? undefined : installationTokens.get(token);
    const installation = installationId === undefined ? undefined : apps.installation(installationId);
    const scopes = token === undefined ? undefined : tokenScopes.get(token);
    if (login === undefined) {
      const message = token === undefined ? 'Requires authentication' : 'Bad credentials';
      send(response, 401, errorBody(401, message), rateHeaders());
      return;
    }

    if (fault && fault.kind !== 'error-after-apply') {
      replyFault(response, fault);
      return;
    }

    // Content limits run on the data clock, so a simulated hour (PUT /_standin/clock) is a limited hour too.
    if (matched.content && limits) {
      while (contentTimes.length > 0 && (contentTimes[0] ?? 0) <= now - 3_600_000) contentTimes.shift();
      const lastMinute = contentTimes.filter((at) => at > now - 60_000);
      const blockedUntil =
        lastMinute.length >= limits.perMinute
          ? (lastMinute[0] ?? now) + 60_000
          : contentTimes.length >= limits.perHour
            ? (contentTimes[0] ?? now) + 3_600_000
            : undefined;
      if (blockedUntil !== undefined) {
        send(
          response,
          403,
          errorBody(
            403,
            'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
          ),
          { ...rateHeaders(), 'retry-after': String(Math.max(1, Math.ceil((blockedUntil - now) / 1000))) },
        );
        return;
      }
    }

    let body: unknown = {};
    const raw = await readBody(request);
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        send(response, 400, errorBody(400, 'Problems parsing JSON'), rateHeaders());
        return;
      }
    }
    const requestProblems = validator.checkRequest(matched.operationId, body);
    if (requestProblems.length > 0) {
      const details = requestProblems.map((problem) => `For '${problem.path || '/'}', ${problem.message}.`);
      send(response, 422, errorBody(422, `Invalid request.\n\n${details.join('\n')}`), rateHeaders());
      return;
    }

    const repo = params.owner === undefined ? undefined : state.repos.get(`${params.owner}/${params.repo}`);
    // A private repository the caller cannot read does not exist for it (404, as on GitHub), whatever it asks
    // of it. An App reaches its installation's repositories; its JWT routes check their own.
    const unreadable =
      repo !== undefined &&
      !matched.jwt &&
      !publicRepos.has(repo.fullName) &&
      (installation
        ? !installation.repositories.includes(repo.fullName)
        : access.role(repo.fullName, login) === undefined);
    if ((params.owner !== undefined && repo === undefined) || unreadable) {
      send(response, 404, errorBody(404, 'Not Found'), rateHeaders());
      return;
    }
    let reply: Reply;
    try {
      reply = matched.handle({
        params,
        query: url.searchParams,
        body,
        login,
        now,
        repo: repo ?? { id: 0, owner: '', name: '', fullName: '', createdAt: isoSeconds(baseNow) },
        url,
        ...(jwtApp ? { app: jwtApp } : {}),
        ...(installation ? { installation } : {}),
      });
    } catch (error) {
      if (error instanceof StandinValidationError) {
        reply = { status: 422, body: errorBody(422, 'Validation Failed', { errors: error.errors }) };
      } else if (error instanceof HttpFailure) {
        reply = { status: error.status, body: errorBody(error.status, error.message) };
      } else {
        throw error;
      }
    }
    if (reply.contentWrites) {
      stats.contentWrites += reply.contentWrites;
      if (limits) for (let i = 0; i < reply.contentWrites; i += 1) contentTimes.push(now);
    }
    if (method !== 'GET' && reply.status < 400)
      logWrite({ at: now, request: key, login, contentWrites: reply.contentWrites ?? 0 });
    if (reply.changes && reply.changes.length > 0) {
      const changes = reply.changes;
      setImmediate(() => sendWebhooks(changes));
    }
    if (fault?.kind === 'error-after-apply') {
      replyFault(response, fault);
      return;
    }

    if (validateResponses) {
      const problems = validator.checkResponse(matched.operationId, reply.status, reply.body);
      if (problems.length > 0) {
        const record: ResponseErrorRecord = {
          at: new Date().toISOString(),
          method,
          path: url.pathname,
          operationId: matched.operationId,
          status: reply.status,
          problems,
        };
        errors.push(record);
        stats.responseErrors += 1;
        log?.error('stand-in response does not match the OpenAPI description', { ...record });
        send(
          response,
          500,
          errorBody(500, 'stand-in response does not match the OpenAPI description of GitHub', { problems }),
        );
        return;
      }
    }

    const headers: Record<string, string> = {
      ...rateHeaders(),
      ...(scopes ? { 'x-oauth-scopes': scopes.join(', ') } : {}),
      ...reply.headers,
    };
    if (method === 'GET' && reply.status === 200) {
      const etag = `W/"${createHash('sha256')
        .update(login)
        .update(JSON.stringify(reply.body))
        .digest('hex')}"`;
      headers.etag = etag;
      headers['cache-control'] = 'private, max-age=60, s-maxage=60';
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
      if (request.headers['if-none-match'] === etag) {
        stats.notModified += 1;
        send(response, 304, undefined, headers);
        return;
      }
    }
    send(response, reply.status, reply.body, headers);
  }

  function replyFault(response: ServerResponse, fault: ActiveFault): void {
    switch (fault.kind) {
      case 'secondary-limit': {
        const headers: Record<string, string> = { ...rateHeaders() };
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        send(
          response,
          fault.status ?? 403,
          errorBody(
            fault.status ?? 403,
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          ),
          headers,
        );
        return;
      }
      case 'rate-limit': {
        const reset = Math.floor(clock() / 1000) + (fault.resetInSeconds ?? 60);
        send(
          response,
          fault.status ?? 429,
          errorBody(fault.status ?? 429, 'API rate limit exceeded for user.'),
          {
            'x-ratelimit-limit': String(rateLimit),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(reset),
            'x-ratelimit-used': String(rateLimit),
            'x-ratelimit-resource': 'core',
          },
        );
        return;
      }
      default:
        send(response, fault.status ?? 502, errorBody(fault.status ?? 502, 'Server Error'));
    }
  }

  async function handleAdmin(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/_standin'.length);
    const method = request.method ?? 'GET';
    const raw = method === 'GET' ? Buffer.alloc(0) : await readBody(request);
    let body: Record<string, unknown> = {};
    try {
      body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      send(response, 400, { message: 'admin: body is not JSON' });
      return;
    }
    if (method === 'GET' && path === '/stats') return send(response, 200, standin.stats());
    if (method === 'GET' && path === '/writes') return send(response, 200, standin.writeLog());
    const history = /^\/edits\/([^/]+)\/([^/]+)\/(\d+)$/.exec(path);
    if (method === 'GET' && history)
      return send(response, 200, editHistoryOf(`${history[1]}/${history[2]}`, Number(history[3])));
    if (method === 'POST' && path === '/stats/reset') {
      standin.resetStats();
      return send(response, 204, undefined);
    }
    if (method === 'GET' && path === '/errors') return send(response, 200, errors);
    if (method === 'GET' && path === '/faults') return send(response, 200, faults.list(Date.now()));
    if (method === 'POST' && path === '/faults') {
      const kinds = ['error-after-apply', 'error-before-apply', 'secondary-limit', 'rate-limit', 'down'];
      if (!kinds.includes(String(body.kind))) {
        return send(response, 422, {
          message: `admin: kind must be one of ${kinds.join(', ')}; found "${String(body.kind)}"`,
        });
      }
      const spec = body as unknown as FaultSpec;
      if (spec.kind === 'down' && spec.mode === 'refuse') {
        // Answer first: closing the port also cuts this very connection.
        response.once('finish', () => standin.injectFault(spec));
        return send(response, 202, { ...spec, until: Date.now() + (spec.forMs ?? 10_000) });
      }
      return send(response, 201, standin.injectFault(spec));
    }
    if (method === 'DELETE' && path === '/faults') {
      faults.clear();
      return send(response, 204, undefined);
    }
    if (method === 'GET' && path === '/deliveries') {
      return send(
        response,
        200,
        webhooks.deliveries().map(({ payload: _payload, ...delivery }) => delivery),
      );
    }
    const redeliver = /^\/deliveries\/([^/]+)\/redeliver$/.exec(path);
    if (method === 'POST' && redeliver) {
      const delivery = await webhooks.redeliver(decodeURIComponent(redeliver[1] ?? ''));
      if (!delivery) return send(response, 404, { message: 'admin: no such delivery' });
      const { payload: _payload, ...summary } = delivery;
      return send(response, 202, summary);
    }
    if (method === 'POST' && path === '/hooks') {
      if (typeof body.url !== 'string' || typeof body.secret !== 'string') {
        return send(response, 422, { message: 'admin: hooks need "url" and "secret" strings' });
      }
      const target = webhooks.addTarget({
        url: body.url,
        secret: body.secret,
        ...(Array.isArray(body.events) ? { events: body.events.map(String) } : {}),
      });
      return send(response, 201, { id: target.id, url: target.url, events: target.events ?? ['*'] });
    }
    if (method === 'PUT' && path === '/clock') {
      if (!options.allowClockOverride) {
        return send(response, 403, {
          message: 'admin: start the stand-in with allowClockOverride to set the clock',
        });
      }
      const at = typeof body.now === 'string' ? body.now : undefined;
      if (at !== undefined && Number.isNaN(Date.parse(at))) {
        return send(response, 422, { message: `admin: "now" must be an ISO time; found "${at}"` });
      }
      standin.setClock(at);
      return send(response, 204, undefined);
    }
    send(response, 404, { message: `admin: unknown ${method} /_standin${path}` });
  }

  const server = createServer((request, response) => {
    void dispatch(request, response).catch((error: unknown) => {
      log?.error('stand-in request failed', {
        method: request.method,
        path: request.url?.split('?')[0],
        error: error instanceof Error ? error.message : String(error),
      });
      if (response.headersSent) response.destroy();
      else if (error instanceof HttpFailure)
        send(response, error.status, { message: error.message, documentation_url: docs });
      else send(response, 500, { message: 'stand-in internal error' });
    });
  });
  server.keepAliveTimeout = 5_000;

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', base.api);
    const method = request.method ?? 'GET';
    if (url.pathname.startsWith('/_standin/avatars/')) {
      const initial = decodeURIComponent(url.pathname.split('/').pop() ?? '?')
        .slice(0, 1)
        .toUpperCase();
      response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
      response.end(
        `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#6e7781"/><text x="20" y="26" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">${escapeXml(initial)}</text></svg>`,
      );
      return;
    }
    if (url.pathname.startsWith('/_standin/')) {
      if (!admin) return send(response, 404, errorBody(404, 'Not Found'));
      return handleAdmin(request, response, url);
    }
    if (method === 'GET' && url.pathname.startsWith('/user-attachments/')) {
      // As on github.com: a private repository's attachments need a token of someone who can read it.
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const bytes = userAttachments.get(url.pathname);
      if (token === undefined || tokens.get(token) === undefined || !bytes)
        return send(response, 404, errorBody(404, 'Not Found'));
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.byteLength),
      });
      response.end(bytes);
      return;
    }
    const match = matchRoute(routes, method, url.pathname);
    if (match) return handleApi(request, response, url, match);
    // The pages of github.com the stand-in plays (App creation and installation, the agents' page).
    const pageBody = method === 'POST' ? (await readBody(request)).toString('utf8') : '';
    const appPage = renderAppManifestPage(
      { method, url, body: pageBody },
      {
        apps,
        repositories: [...state.repos.keys()],
        owner: [...state.repos.values()][0]?.owner ?? 'acme',
        now: nowFor(request),
        onInstalled: hookApp,
      },
    );
    if (appPage) {
      response.writeHead(appPage.status, appPage.headers);
      response.end(appPage.body);
      return;
    }
    if (options.agentPage ?? true) {
      const pageRequest: AgentPageRequest = {
        method,
        url,
        headers: request.headers,
        body: pageBody,
      };
      const page = await renderAgentPage(pageRequest, {
        state,
        ...(agentPageAsides ? { asides: agentPageAsides } : {}),
        sessions: agentPageSessions,
        accountOf: (token) => tokens.get(token),
        canRead: (repo, login) => publicRepos.has(repo) || access.role(repo, login) !== undefined,
        createComment: (repo, number, author, text) => {
          const issue = state.issue(repo, number);
          if (!issue) return 'not-found';
          const at = nowFor(request);
          const { changes } = state.createComment(issue, author, text, at);
          stats.contentWrites += 1;
          logWrite({ at, request: 'POST agent-page comment', login: author, contentWrites: 1 });
          setImmediate(() => sendWebhooks(changes));
          return 'created';
        },
      });
      if (page) {
        response.writeHead(page.status, page.headers);
        response.end(page.body);
        return;
      }
    }
    send(response, 404, errorBody(404, 'Not Found'));
  }

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  base = { api: url, html: url };
  log?.info('stand-in listening', {
    url,
    repos: [...state.repos.keys()],
    dataDir: options.dataDir ?? ':memory:',
  });

  /** Closes the port for a while (new connections get ECONNREFUSED), then listens on it again. */
  function refuseConnections(spec: FaultSpec): ActiveFault {
    const forMs = spec.forMs ?? 10_000;
    server.close();
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    reopening = new Promise<void>((resolve) => {
      let fired = false;
      const timer = setTimeout(() => {
        fired = true;
        server.listen(address.port, options.host ?? '127.0.0.1', () => resolve());
      }, forMs);
      // Closing during the outage: stay closed. Once listen() started, wait for it, then close as usual.
      cancelReopen = () => {
        if (fired) return;
        clearTimeout(timer);
        resolve();
      };
    });
    return { ...spec, id: 0, remaining: Number.POSITIVE_INFINITY, until: Date.now() + forMs };
  }
  let reopening: Promise<void> | undefined;
  let cancelReopen: (() => void) | undefined;

  const standin: Standin = {
    url,
    port: address.port,
    tokens: Object.fromEntries([...tokens].map(([token, login]) => [login, token])),
    botLogin,
    async close() {
      for (const held of heldRequests.splice(0)) held.release();
      webhooks.close();
      cancelReopen?.();
      await reopening;
      if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          for (const socket of sockets) socket.destroy();
        });
      }
      state.close();
    },
    stats: () => structuredClone(stats),
    writeLog: () => writes.map((write) => ({ ...write })),
    resetStats() {
      writes.length = 0;
      stats.requests = {};
      stats.total = 0;
      stats.writes = 0;
      stats.contentWrites = 0;
      stats.notModified = 0;
      stats.responseErrors = 0;
    },
    responseErrors: () => structuredClone(errors),
    injectFault(spec) {
      if (spec.kind === 'down' && spec.mode === 'refuse') return refuseConnections(spec);
      return faults.add(spec, Date.now());
    },
    clearFaults: () => faults.clear(),
    held: () => heldRequests.map((held) => held.request),
    releaseHeld(request) {
      for (const held of heldRequests.filter((held) => request === undefined || held.request === request)) {
        heldRequests.splice(heldRequests.indexOf(held), 1);
        held.release();
      }
    },
    addWebhook: (target) => webhooks.addTarget(target),
    deliveries: () => webhooks.deliveries(),
    editHistory: (repo, issueNumber) => editHistoryOf(repo, issueNumber),
    showOnAgentPage(asides) {
      agentPageAsides = asides;
    },
    uploadAttachment(name, bytes) {
      const id = userAttachments.size + 1;
      const pathname = `/user-attachments/files/${1000 + id}/${encodeURIComponent(name)}`;
      userAttachments.set(pathname, bytes);
      return `https://github.com${pathname}`;
    },
    redeliver: (guid) => webhooks.redeliver(guid),
    async deliveriesIdle() {
      // Changes are queued on the next tick after the answer; let them reach the queue first.
      await new Promise((resolve) => setImmediate(resolve));
      await webhooks.idle();
    },
    setClock(at) {
      if (!options.allowClockOverride) throw new Error('stand-in: setClock needs allowClockOverride');
      fixedClock = at === undefined ? undefined : Date.parse(at);
    },
  };
  return standin;
}

/** GitHub caps request bodies; 25 MB is far above anything the API subset accepts. */
const maxBodyBytes = 25 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new HttpFailure(413, 'Payload too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The `iss` claim of a JWT (the App id), read before its signature is checked with that App's key. */
function jwtIssuer(jwt: string): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      iss?: unknown;
    };
    return Number(payload.iss);
  } catch {
    return Number.NaN;
  }
}

function hashNumber(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % 1_000_000;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
