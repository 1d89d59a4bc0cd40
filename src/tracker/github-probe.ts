// What `repodesk doctor` and `repodesk setup github` ask GitHub about a deployment, beside the Tracker port:
// who the credentials are, what an App's installation may do, whether the repository is reachable and what
// the caller may do there, which labels exist (and creating the missing ones), the App's webhook URL, and
// GitHub's clock (the `Date` header). Also the one unauthenticated call of the manifest flow: exchanging
// the code for the new App's credentials. Octokit stays here; failures are TrackerErrors.

import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { toTrackerError } from './to-tracker-error.ts';

/** The credentials to probe with: a token, an App installation, or an App alone (JWT routes only). */
export type ProbeAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId?: string };

export interface ProbeOptions {
  apiUrl: string;
  auth?: ProbeAuth;
  /** `owner/repo`. */
  repository?: string;
  fetch?: typeof globalThis.fetch;
}

/** Who the credentials are. */
export type ProbeIdentity =
  | {
      kind: 'token';
      login: string;
      /** A classic token's scopes (`x-oauth-scopes`); undefined for a fine-grained token, which lists none. */
      scopes?: string[];
    }
  | { kind: 'app'; appId: number; slug: string };

export interface ProbeInstallation {
  id: number;
  account: string;
  permissions: Record<string, string>;
  events: string[];
}

export interface ProbeRepository {
  fullName: string;
  /** The caller's role as booleans (absent for an App's installation token). */
  permissions?: { admin: boolean; maintain?: boolean; push: boolean; triage?: boolean; pull: boolean };
}

/** What the manifest conversion hands out, once. */
export interface CreatedApp {
  id: number;
  slug: string;
  name: string;
  /** `https://github.com/apps/<slug>` */
  htmlUrl: string;
  owner: string;
  privateKey: string;
  webhookSecret: string | null;
  clientId: string;
  clientSecret: string;
  permissions: Record<string, string>;
  events: string[];
}

type Json = Record<string, unknown>;

export class GithubProbe {
  readonly #octokit: Octokit;
  readonly #repository: { owner: string; repo: string } | undefined;
  #serverDate: string | undefined;

  constructor(options: ProbeOptions) {
    const auth = options.auth;
    this.#octokit = new Octokit({
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      userAgent: 'repodesk-doctor',
      request: options.fetch ? { fetch: options.fetch } : {},
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      ...(auth?.kind === 'token'
        ? { auth: auth.token }
        : auth?.kind === 'app'
          ? {
              authStrategy: createAppAuth,
              auth: {
                appId: auth.appId,
                privateKey: auth.privateKey,
                ...(auth.installationId ? { installationId: Number(auth.installationId) } : {}),
              },
            }
          : {}),
    });
    const [owner, repo] = (options.repository ?? '').split('/');
    this.#repository = owner && repo ? { owner, repo } : undefined;
  }

  /** GitHub's `Date` header of the last answer (its clock, for the skew check). */
  serverDate(): string | undefined {
    return this.#serverDate;
  }

  async identity(kind: 'token' | 'app'): Promise<ProbeIdentity> {
    if (kind === 'app') {
      const { data } = await this.#get('GET /app', {});
      return { kind: 'app', appId: Number(data.id), slug: String(data.slug ?? '') };
    }
    const { data, headers } = await this.#get('GET /user', {});
    const scopes = headers['x-oauth-scopes'];
    return {
      kind: 'token',
      login: String(data.login ?? ''),
      ...(typeof scopes === 'string'
        ? {
            scopes: scopes
              .split(',')
              .map((scope) => scope.trim())
              .filter((scope) => scope !== ''),
          }
        : {}),
    };
  }

  async installation(installationId: number): Promise<ProbeInstallation> {
    const { data } = await this.#get('GET /app/installations/{installation_id}', {
      installation_id: installationId,
    });
    return installationOf(data);
  }

  /** The App's installation that reaches the repository; undefined when the App is not installed there. */
  async repositoryInstallation(): Promise<ProbeInstallation | undefined> {
    try {
      const { data } = await this.#get('GET /repos/{owner}/{repo}/installation', this.#repo());
      return installationOf(data);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'not-found') return undefined;
      throw error;
    }
  }

  async repository(): Promise<ProbeRepository> {
    const { data } = await this.#get('GET /repos/{owner}/{repo}', this.#repo());
    const permissions = data.permissions as ProbeRepository['permissions'] | undefined;
    return { fullName: String(data.full_name ?? ''), ...(permissions ? { permissions } : {}) };
  }

  async labels(): Promise<string[]> {
    const names: string[] = [];
    for (let page = 1; page < 100; page += 1) {
      const { data } = await this.#get('GET /repos/{owner}/{repo}/labels', {
        ...this.#repo(),
        per_page: 100,
        page,
      });
      const list = data as unknown as Json[];
      for (const label of list) names.push(String(label.name ?? ''));
      if (list.length < 100) break;
    }
    return names;
  }

  async createLabel(label: { name: string; color: string; description?: string }): Promise<void> {
    await this.#get('POST /repos/{owner}/{repo}/labels', { ...this.#repo(), ...label });
  }

  /** The URL an App's webhook is sent to ('' when it has none). */
  async appWebhookUrl(): Promise<string> {
    try {
      const { data } = await this.#get('GET /app/hook/config', {});
      return String(data.url ?? '');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'not-found') return '';
      throw error;
    }
  }

  /** Exchanges a manifest flow's code for the new App and its credentials (no authentication: the code is one). */
  async appFromManifest(code: string): Promise<CreatedApp> {
    const { data } = await this.#get('POST /app-manifests/{code}/conversions', { code });
    const owner = data.owner as Json | null;
    return {
      id: Number(data.id),
      slug: String(data.slug ?? ''),
      name: String(data.name ?? ''),
      htmlUrl: String(data.html_url ?? ''),
      owner: String(owner?.login ?? ''),
      privateKey: String(data.pem ?? ''),
      webhookSecret: typeof data.webhook_secret === 'string' ? data.webhook_secret : null,
      clientId: String(data.client_id ?? ''),
      clientSecret: String(data.client_secret ?? ''),
      permissions: (data.permissions ?? {}) as Record<string, string>,
      events: Array.isArray(data.events) ? data.events.map(String) : [],
    };
  }

  #repo(): { owner: string; repo: string } {
    if (!this.#repository) throw new Error('GithubProbe: no repository given');
    return this.#repository;
  }

  async #get(route: string, params: Json): Promise<{ data: Json; headers: Record<string, unknown> }> {
    try {
      const response = await this.#octokit.request(route, params);
      const date = response.headers.date;
      if (typeof date === 'string') this.#serverDate = date;
      return { data: response.data as Json, headers: response.headers as Record<string, unknown> };
    } catch (error) {
      const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
      if (typeof headers?.date === 'string') this.#serverDate = headers.date;
      const [method = 'GET', path = route] = route.split(' ');
      throw toTrackerError(error, method, path, Date.now());
    }
  }
}

function installationOf(data: Json): ProbeInstallation {
  const account = data.account as Json | null;
  return {
    id: Number(data.id),
    account: String(account?.login ?? ''),
    permissions: (data.permissions ?? {}) as Record<string, string>,
    events: Array.isArray(data.events) ? data.events.map(String) : [],
  };
}
