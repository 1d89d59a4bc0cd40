// The stand-in's GitHub Apps: one given at start (`options.app`, its key made by the test) and the ones
// created through GitHub's manifest flow (app-manifest-pages.ts plays github.com's pages; the conversion
// endpoint hands the credentials out once). Each App writes as `<slug>[bot]`, authenticates with a JWT
// signed by its private key, and acts through its installations (which repositories, which permissions).
// Created Apps and installations are kept in the stand-in's state, so they survive a restart.

import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { isoSeconds, type StandinState } from './standin-state.ts';

/** Permission levels GitHub accepts in a manifest's `default_permissions`. */
export type AppPermissionLevel = 'read' | 'write' | 'admin';

export interface AppRecord {
  id: number;
  slug: string;
  name: string;
  /** Login of the account (organisation or user) that owns the App. */
  owner: string;
  description: string;
  /** The App's homepage (`url` of the manifest). */
  url: string;
  /** PEM of the public half of the App's key, to check its JWTs. */
  publicKeyPem: string;
  clientId: string;
  clientSecret: string;
  /** GitHub generates it for an App with an active webhook. */
  webhookSecret: string | null;
  hook: { url: string; active: boolean } | null;
  redirectUrl: string | null;
  /** Where GitHub sends the browser after an installation, with `installation_id` and `setup_action`. */
  setupUrl: string | null;
  permissions: Record<string, AppPermissionLevel>;
  events: string[];
  createdAt: string;
}

export interface InstallationRecord {
  id: number;
  appId: number;
  /** The account the App is installed on. */
  account: string;
  /** Repositories (`owner/name`) it may reach. */
  repositories: string[];
  selection: 'all' | 'selected';
  createdAt: string;
  updatedAt: string;
}

/** What a manifest declares (github.com's documented parameters; unknown ones are ignored, as there). */
export interface AppManifest {
  name?: string;
  url: string;
  description?: string;
  hook_attributes?: { url: string; active?: boolean };
  redirect_url?: string;
  setup_url?: string;
  public?: boolean;
  default_permissions?: Record<string, string>;
  default_events?: string[];
}

/**
 * Repository and organisation permissions an App may ask for (the subset of GitHub's list a helpdesk
 * could want, plus their neighbours, so a typo is refused as on github.com).
 */
const knownPermissions = new Set([
  'actions',
  'administration',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'environments',
  'issues',
  'members',
  'metadata',
  'organization_administration',
  'pages',
  'pull_requests',
  'repository_hooks',
  'repository_projects',
  'secrets',
  'security_events',
  'statuses',
  'workflows',
]);

/** Events an App may subscribe to, and the permissions (any one of them) each needs, as github.com checks. */
const eventPermissions: Record<string, readonly string[]> = {
  issues: ['issues'],
  issue_comment: ['issues', 'pull_requests'],
  label: ['metadata'],
  milestone: ['issues', 'pull_requests'],
  pull_request: ['pull_requests'],
  push: ['contents'],
  repository: ['metadata'],
  public: ['metadata'],
  member: ['members', 'metadata'],
  discussion: ['discussions'],
  discussion_comment: ['discussions'],
};

/** A created App's code for the conversion endpoint: single use, one hour, as on GitHub. */
interface PendingCode {
  appId: number;
  pem: string;
  expiresAt: number;
}

const codeLifetimeMs = 60 * 60 * 1000;

/** GitHub's slug of an App name: lower case, runs of anything else than letters and digits as one hyphen. */
function appSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export class StandinApps {
  readonly #state: StandinState;
  readonly #apps = new Map<number, AppRecord>();
  readonly #installations = new Map<number, InstallationRecord>();
  readonly #codes = new Map<string, PendingCode>();
  readonly #publicKeys = new Map<number, KeyObject | string>();

  constructor(state: StandinState) {
    this.#state = state;
    for (const doc of state.apps) this.#add(doc as AppRecord);
    for (const doc of state.installations) {
      const installation = doc as InstallationRecord;
      this.#installations.set(installation.id, installation);
    }
  }

  #add(app: AppRecord): void {
    this.#apps.set(app.id, app);
    this.#publicKeys.set(app.id, app.publicKeyPem);
  }

  /** The App given at start: installed on every repository with `installationId`. Not persisted. */
  configure(
    options: {
      id: number;
      slug: string;
      name?: string;
      publicKey: KeyObject | string;
      installationId: number;
      permissions?: Record<string, AppPermissionLevel>;
      webhookUrl?: string;
    },
    owner: string,
    repositories: string[],
    now: number,
  ): AppRecord {
    const at = isoSeconds(now);
    const app: AppRecord = {
      id: options.id,
      slug: options.slug,
      name: options.name ?? options.slug,
      owner,
      description: 'repodesk (stand-in)',
      url: '',
      publicKeyPem: '',
      clientId: clientIdOf(options.id),
      clientSecret: '',
      webhookSecret: null,
      hook: options.webhookUrl ? { url: options.webhookUrl, active: false } : null,
      redirectUrl: null,
      setupUrl: null,
      permissions: options.permissions ?? { issues: 'write', metadata: 'read' },
      events: ['issues', 'issue_comment'],
      createdAt: at,
    };
    this.#apps.set(app.id, app);
    this.#publicKeys.set(app.id, options.publicKey);
    this.#installations.set(options.installationId, {
      id: options.installationId,
      appId: app.id,
      account: owner,
      repositories,
      selection: 'all',
      createdAt: at,
      updatedAt: at,
    });
    return app;
  }

  all(): AppRecord[] {
    return [...this.#apps.values()];
  }

  byId(id: number): AppRecord | undefined {
    return this.#apps.get(id);
  }

  bySlug(slug: string): AppRecord | undefined {
    return this.all().find((app) => app.slug === slug);
  }

  /** The App whose bot account is `login` (`<slug>[bot]`). */
  byLogin(login: string): AppRecord | undefined {
    const slug = /^(.+)\[bot\]$/.exec(login)?.[1];
    return slug === undefined ? undefined : this.bySlug(slug);
  }

  publicKey(id: number): KeyObject | string | undefined {
    return this.#publicKeys.get(id);
  }

  installation(id: number): InstallationRecord | undefined {
    return this.#installations.get(id);
  }

  installationsOf(appId: number): InstallationRecord[] {
    return [...this.#installations.values()].filter((installation) => installation.appId === appId);
  }

  /** The installation of `appId` that reaches `repo`, if any. */
  installationFor(appId: number, repo: string): InstallationRecord | undefined {
    return this.installationsOf(appId).find((installation) => installation.repositories.includes(repo));
  }

  /** What github.com says of a manifest before it creates the App; an empty list when it is acceptable. */
  check(manifest: unknown, name: string): string[] {
    const problems: string[] = [];
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
      return ['Manifest must be a JSON object'];
    const given = manifest as Record<string, unknown>;
    if (typeof given.url !== 'string' || !URL.canParse(given.url)) problems.push('Url must be a valid URL');
    if (name.trim() === '') problems.push("Name can't be blank");
    else if (name.length > 34) problems.push('Name is too long (maximum is 34 characters)');
    else if (this.bySlug(appSlug(name))) problems.push('Name is already in use');
    const hook = given.hook_attributes as { url?: unknown; active?: unknown } | undefined;
    if (hook !== undefined) {
      const active = hook.active === undefined ? true : hook.active === true;
      if (active && (typeof hook.url !== 'string' || !URL.canParse(hook.url)))
        problems.push('Hook url must be a valid URL');
    }
    for (const key of ['redirect_url', 'setup_url'] as const) {
      const value = given[key];
      if (value !== undefined && (typeof value !== 'string' || !URL.canParse(value)))
        problems.push(
          `${key.replace('_url', '').replace(/^./, (c) => c.toUpperCase())} url must be a valid URL`,
        );
    }
    const permissions = (given.default_permissions ?? {}) as Record<string, unknown>;
    for (const [permission, level] of Object.entries(permissions)) {
      if (!knownPermissions.has(permission))
        problems.push(`Default permission records unknown: ${permission}`);
      else if (!['read', 'write', 'admin'].includes(String(level)))
        problems.push(`Default permission ${permission} must be read or write, found "${String(level)}"`);
    }
    const events = Array.isArray(given.default_events) ? given.default_events.map(String) : [];
    for (const event of events) {
      const needs = eventPermissions[event];
      if (!needs) problems.push(`Default events unsupported: ${event}`);
      else if (!needs.some((permission) => permission in permissions))
        problems.push(`Default events ${event} requires one of these permissions: ${needs.join(', ')}`);
    }
    return problems;
  }

  /** Creates an App from an accepted manifest; returns it and the code its redirect carries. */
  create(manifest: AppManifest, name: string, owner: string, now: number): { app: AppRecord; code: string } {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const id = this.#state.nextId();
    const hook = manifest.hook_attributes
      ? { url: manifest.hook_attributes.url, active: manifest.hook_attributes.active ?? true }
      : null;
    const app: AppRecord = {
      id,
      slug: appSlug(name),
      name,
      owner,
      description: manifest.description ?? '',
      url: manifest.url,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      clientId: clientIdOf(id),
      clientSecret: randomBytes(20).toString('hex'),
      webhookSecret: hook?.active ? randomBytes(20).toString('hex') : null,
      hook,
      redirectUrl: manifest.redirect_url ?? null,
      setupUrl: manifest.setup_url ?? null,
      permissions: Object.fromEntries(
        Object.entries(manifest.default_permissions ?? {}).map(([key, level]) => [
          key,
          level as AppPermissionLevel,
        ]),
      ),
      events: [...(manifest.default_events ?? [])],
      createdAt: isoSeconds(now),
    };
    this.#add(app);
    this.#state.saveApp('app', app.id, app);
    const code = randomBytes(20).toString('hex');
    this.#codes.set(code, {
      appId: app.id,
      pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      expiresAt: now + codeLifetimeMs,
    });
    return { app, code };
  }

  /** Hands out a created App's private key once, for its code (undefined: unknown, used or expired). */
  convert(code: string, now: number): { app: AppRecord; pem: string } | undefined {
    const pending = this.#codes.get(code);
    if (!pending) return undefined;
    this.#codes.delete(code);
    const app = this.#apps.get(pending.appId);
    if (!app || pending.expiresAt < now) return undefined;
    return { app, pem: pending.pem };
  }

  /** Installs `app` on `account`'s `repositories` (or changes which ones an existing installation reaches). */
  install(app: AppRecord, account: string, repositories: string[], now: number): InstallationRecord {
    const at = isoSeconds(now);
    const existing = this.installationsOf(app.id).find((installation) => installation.account === account);
    const installation: InstallationRecord = existing
      ? { ...existing, repositories, updatedAt: at }
      : {
          id: this.#state.nextId(),
          appId: app.id,
          account,
          repositories,
          selection: 'selected',
          createdAt: at,
          updatedAt: at,
        };
    this.#installations.set(installation.id, installation);
    this.#state.saveApp('installation', installation.id, installation);
    return installation;
  }
}

function clientIdOf(id: number): string {
  return `Iv1.${id.toString(16).padStart(16, '0')}`;
}
