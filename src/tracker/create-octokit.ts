// Builds the one Octokit client repodesk uses, for github.com and for the local stand-in alike (only
// `baseUrl` differs). Deliberately without @octokit/plugin-retry: it retries a POST after a 502, and a 502
// can come after GitHub created the issue, which makes a duplicate. Retrying belongs to the durable outbox,
// which reconciles by marker first. Throttling stays for its write pacing, but its rate-limit callbacks
// never retry in memory (a crash would lose that queue): the error reaches the caller, which turns it into
// a TrackerError carrying the wait.

import { createAppAuth } from '@octokit/auth-app';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

/** A personal access token or an installation token. */
export interface TokenAuthConfig {
  baseUrl?: string;
  token: string;
}

/** GitHub App credentials; Octokit mints and refreshes installation tokens itself. */
export interface AppAuthConfig {
  baseUrl?: string;
  appId: number | string;
  privateKey: string;
  installationId: number;
}

export type OctokitConfig = TokenAuthConfig | AppAuthConfig;

/** The structured logger shape repodesk passes around: a static message plus fields. */
export interface OctokitLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface CreateOctokitOptions {
  log: OctokitLog;
  /**
   * `github`: plugin-throttling's spacing of writes (1 s between writes, 3 s between writes that notify),
   * as GitHub asks of integrations. `none`: no spacing, plugin off (the stand-in, tests, benchmarks); rate
   * limit answers still surface as TrackerError with the wait, exactly as with the plugin on.
   * Default: `github` for api.github.com, `none` for any other base URL.
   */
  pacing?: 'github' | 'none';
  /** Injected fetch, e.g. to count requests in a test; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  userAgent?: string;
}

const githubApiUrl = 'https://api.github.com';

/** `GET /repos/o/r/issues - 304 with id ABC in 12ms`, as @octokit/plugin-request-log writes it. */
const requestLogLine = /^[A-Z]+ \S+ - \d+ with id \S+ in \d+ms$/;

const ThrottledOctokit = Octokit.plugin(throttling);

export type RepodeskOctokit = InstanceType<typeof ThrottledOctokit>;

/** True for GitHub App credentials (whose bot login is `<slug>[bot]`, not `GET /user`). */
export function isAppAuthConfig(config: OctokitConfig): config is AppAuthConfig {
  return 'appId' in config;
}

export function createOctokit(config: OctokitConfig, options: CreateOctokitOptions): RepodeskOctokit {
  const { log } = options;
  const baseUrl = (config.baseUrl ?? githubApiUrl).replace(/\/+$/, '');
  const pacing = options.pacing ?? (baseUrl === githubApiUrl ? 'github' : 'none');
  const auth = isAppAuthConfig(config)
    ? {
        authStrategy: createAppAuth,
        auth: { appId: config.appId, privateKey: config.privateKey, installationId: config.installationId },
      }
    : { auth: config.token };
  return new ThrottledOctokit({
    ...auth,
    baseUrl,
    userAgent: options.userAgent ?? 'repodesk',
    request: options.fetch ? { fetch: options.fetch } : {},
    // Octokit logs free text (and, for some errors, whole requests); keep it quiet and structured.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log.warn('octokit warning', { detail: String(message).slice(0, 300) }),
      error: (message: string) => {
        const detail = String(message).slice(0, 300);
        // plugin-request-log reports every non-2xx answer (a 304, an expected 404) as an error; the adapter
        // turns those into TrackerErrors its caller logs once, with context, so they are debug noise here.
        if (requestLogLine.test(detail)) log.debug('octokit request failed', { detail });
        else log.error('octokit error', { detail });
      },
    },
    // plugin-throttling's only job left is pacing (its callbacks never retry); without pacing it is switched
    // off, which also spares ~20 ms of Bottleneck scheduling per write against a local server.
    throttle: {
      enabled: pacing === 'github',
      onRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
        log.warn('github rate limit reached; leaving the retry to the outbox', {
          method: request.method,
          route: request.url,
          retryAfterSeconds: retryAfter,
        });
        return false;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
        log.warn('github secondary rate limit reached; leaving the retry to the outbox', {
          method: request.method,
          route: request.url,
          retryAfterSeconds: retryAfter,
        });
        return false;
      },
    },
  });
}
