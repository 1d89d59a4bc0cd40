// The bot's configuration, read once from the environment at start. Every problem names the variable,
// what was expected, what was found, and the fix; values of secrets are never echoed back.

import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

/** How the bot authenticates to GitHub. */
export type GithubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId: string };

export interface BotConfig {
  /** Undefined when no credentials are set (then `repodesk start` runs the offline stack). */
  githubAuth?: GithubAuth;
  /** `owner/repo` of the support repository. */
  repository?: string;
  /** REST base URL (GitHub Enterprise or the local stand-in). */
  githubApiUrl: string;
  /** Webhook secrets, newest first; every one verifies during a rotation. */
  webhookSecrets: string[];
  smtpUrl?: string;
  imapUrl?: string;
  /** Origin of the help site: the only origin granted CORS. */
  publicSiteUrl?: string;
  /** Public URL of the bot (used in status links). */
  publicBotUrl?: string;
  dataDir: string;
  port: number;
  /** Folder holding `rules/` and `kb/`. */
  root: string;
  /** Require an ALTCHA proof of work on every form submission. */
  requireAltcha: boolean;
  /** Which reverse proxies' X-Forwarded-For entries to believe for the client address (off: the socket's). */
  trustProxy?: TrustProxy;
  /** Time between two SLA and lifecycle sweeps of `serve` (SWEEP_EVERY); 0: no sweep in this process. */
  sweepEveryMs: number;
  /** The login repodesk writes as, when GitHub cannot tell it (REPODESK_BOT_LOGIN; installation tokens). */
  botLogin?: string;
  /** Logins of the other repodesk processes writing on the same repository (REPODESK_OTHER_LOGINS). */
  otherBotLogins?: string[];
  /** Bearer token that lets a scraper read /metrics from anywhere (METRICS_TOKEN); without it, only this machine. */
  metricsToken?: string;
  /** PostgreSQL instead of the SQLite file in DATA_DIR (DATABASE_URL): several replicas share it. */
  databaseUrl?: string;
  /** How long a claimed job is this process's without renewal (JOB_LEASE); another replica takes it after. */
  jobLeaseMs?: number;
  /** How often a replica confirms or tries the leadership of the sweep and IMAP (LEADER_CHECK_EVERY). */
  leaderCheckMs?: number;
  /** GitHub content writes allowed per window (GITHUB_WRITE_BUDGET); undefined: GitHub.com's 80/m and 500/h. */
  writeLimits?: { max: number; windowMs: number }[];
  /**
   * Bearer tokens of the alert endpoints, by format (ALERTS_ALERTMANAGER_TOKEN, ALERTS_GRAFANA_TOKEN,
   * ALERTS_GENERIC_TOKEN); an endpoint without one takes no alerts.
   */
  alertTokens?: Partial<Record<'alertmanager' | 'grafana' | 'generic', string>>;
}

const alertTokenVariables = {
  alertmanager: 'ALERTS_ALERTMANAGER_TOKEN',
  grafana: 'ALERTS_GRAFANA_TOKEN',
  generic: 'ALERTS_GENERIC_TOKEN',
} as const;

/** The alert endpoints' tokens: at least 16 printable characters each, like METRICS_TOKEN. */
function parseAlertTokens(
  env: Record<string, string | undefined>,
  errors: string[],
): BotConfig['alertTokens'] | undefined {
  const tokens: NonNullable<BotConfig['alertTokens']> = {};
  for (const [format, name] of Object.entries(alertTokenVariables) as [
    keyof typeof alertTokenVariables,
    string,
  ][]) {
    const token = env[name] ?? '';
    if (token === '') continue;
    if (!/^[\x21-\x7e]{16,}$/.test(token)) {
      errors.push(
        `${name}: expected at least 16 printable characters without spaces (${token.length} characters given); generate one with \`openssl rand -hex 32\``,
      );
      continue;
    }
    tokens[format] = token;
  }
  return Object.keys(tokens).length > 0 ? tokens : undefined;
}

/** Sweeps every 15 minutes, like the Actions workflow's cron. */
export const defaultSweepEveryMs = 15 * 60_000;

const sweepEveryPattern = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** SWEEP_EVERY: `15m`, `1h`, `1h30m`, `90s` (at least a minute), or `0`/`off`. */
function parseSweepEvery(text: string | undefined, errors: string[]): number {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '') return defaultSweepEveryMs;
  if (value === '0' || value === 'off') return 0;
  const match = sweepEveryPattern.exec(value);
  const ms = match
    ? (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60_000 + Number(match[3] ?? 0) * 1000
    : 0;
  if (ms >= 60_000) return ms;
  errors.push(
    `SWEEP_EVERY: expected a duration of at least one minute such as 15m, 1h or 1h30m, or off to run no sweep in this process, found "${text}"; for example SWEEP_EVERY=15m`,
  );
  return defaultSweepEveryMs;
}

/** JOB_LEASE, LEADER_CHECK_EVERY: `90s`, `2m`, `1m30s` (at least one second, at most an hour), or unset. */
function parseDuration(
  name: string,
  text: string | undefined,
  example: string,
  errors: string[],
): number | undefined {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '') return undefined;
  const match = sweepEveryPattern.exec(value);
  const ms = match
    ? (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60_000 + Number(match[3] ?? 0) * 1000
    : 0;
  if (ms >= 1000 && ms <= 3_600_000) return ms;
  errors.push(
    `${name}: expected a duration from 1s to 1h such as 15s, 2m or 1m30s, found "${text}"; for example ${name}=${example}`,
  );
  return undefined;
}

const writeBudgetUnits: Record<string, number> = { m: 60_000, h: 3_600_000 };

/**
 * GITHUB_WRITE_BUDGET: issues and comments the bot creates at most per minute and per hour, as
 * `80/m,500/h` (GitHub.com's, the default), or a bare number of writes per minute (`600`: no hourly limit).
 */
function parseWriteBudget(
  text: string | undefined,
  errors: string[],
): { max: number; windowMs: number }[] | undefined {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '') return undefined;
  const limits: { max: number; windowMs: number }[] = [];
  for (const part of value.split(',')) {
    const match = /^(\d+)(?:\/([mh]))?$/.exec(part.trim());
    const max = Number(match?.[1] ?? 0);
    const windowMs = writeBudgetUnits[match?.[2] ?? 'm'];
    if (!match || max < 1 || windowMs === undefined || limits.some((limit) => limit.windowMs === windowMs)) {
      errors.push(
        `GITHUB_WRITE_BUDGET: expected writes per minute and optionally per hour such as 80/m,500/h (GitHub.com's limits) or 600, found "${text}"; set it to your GitHub Enterprise Server's content-creation limits, for example GITHUB_WRITE_BUDGET=600/m,20000/h`,
      );
      return undefined;
    }
    limits.push({ max, windowMs });
  }
  return limits;
}

/** DATABASE_URL: a postgres:// or postgresql:// URL. */
function parseDatabaseUrl(text: string | undefined, errors: string[]): string | undefined {
  const value = (text ?? '').trim();
  if (value === '') return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Reported below, without echoing the value (it holds a password).
  }
  if (protocol === 'postgres:' || protocol === 'postgresql:') return value;
  errors.push(
    `DATABASE_URL: expected a PostgreSQL URL such as postgres://repodesk:password@db.example.org:5432/repodesk, found ${protocol ? `a ${protocol}// URL` : 'something that is not a URL'}; fix it, or unset DATABASE_URL to keep the SQLite store in DATA_DIR`,
  );
  return undefined;
}

/** GitHub logins: letters, digits and inner hyphens, 39 at most; Apps write as `<slug>[bot]`. */
const loginPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

function parseLogins(name: string, text: string | undefined, errors: string[]): string[] {
  const logins = (text ?? '')
    .split(',')
    .map((login) => login.trim())
    .filter((login) => login !== '');
  for (const login of logins) {
    if (!loginPattern.test(login)) {
      errors.push(
        `${name}: expected GitHub logins such as repodesk-bot or github-actions[bot] (comma-separated), found "${login}"; fix the value or unset ${name}`,
      );
      return [];
    }
  }
  return logins;
}

export interface ConfigResult {
  config: BotConfig;
  /** Each a full sentence naming the variable and the fix. */
  errors: string[];
}

function parseUrl(name: string, value: string | undefined, errors: string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    new URL(value);
    return value.replace(/\/+$/, '');
  } catch {
    errors.push(
      `${name}: expected an absolute URL such as https://example.org, found "${value}"; fix the value or unset ${name}`,
    );
    return undefined;
  }
}

/** Reads the configuration from `env`; `mode: "serve"` requires GitHub credentials and a repository. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  options: { mode: 'serve' | 'offline'; cwd?: string },
): ConfigResult {
  const errors: string[] = [];
  const cwd = options.cwd ?? process.cwd();
  let githubAuth: GithubAuth | undefined;
  const appVars = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'] as const;
  const appSet = appVars.filter((name) => (env[name] ?? '') !== '');
  if (env.GITHUB_TOKEN) {
    githubAuth = { kind: 'token', token: env.GITHUB_TOKEN };
  } else if (appSet.length === appVars.length) {
    githubAuth = {
      kind: 'app',
      appId: env.GITHUB_APP_ID ?? '',
      // Private keys pasted into one-line env files carry literal \n.
      privateKey: (env.GITHUB_APP_PRIVATE_KEY ?? '').replace(/\\n/g, '\n'),
      installationId: env.GITHUB_APP_INSTALLATION_ID ?? '',
    };
  } else if (appSet.length > 0) {
    const missing = appVars.filter((name) => !appSet.includes(name));
    errors.push(
      `${missing.join(', ')}: missing; GitHub App credentials need all of ${appVars.join(', ')} (or set GITHUB_TOKEN instead)`,
    );
  }
  if (options.mode === 'serve' && githubAuth === undefined && appSet.length === 0) {
    errors.push(
      'GITHUB_TOKEN: missing; set GITHUB_TOKEN (or GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID), or run `repodesk start` for the offline stack',
    );
  }
  const repository = env.GITHUB_REPOSITORY || undefined;
  if (repository !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    errors.push(
      `GITHUB_REPOSITORY: expected "owner/repo", found "${repository}"; set for example GITHUB_REPOSITORY=acme/support`,
    );
  } else if (options.mode === 'serve' && repository === undefined) {
    errors.push(
      'GITHUB_REPOSITORY: missing; set the support repository, for example GITHUB_REPOSITORY=acme/support',
    );
  }
  const githubApiUrl = parseUrl('GITHUB_API_URL', env.GITHUB_API_URL, errors) ?? 'https://api.github.com';
  const webhookSecrets = (env.WEBHOOK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
  if (options.mode === 'serve' && webhookSecrets.length === 0) {
    errors.push(
      'WEBHOOK_SECRET: missing; set the secret configured on the GitHub webhook (several, comma-separated, during a rotation)',
    );
  }
  const portText = env.PORT ?? '';
  let port = 8787;
  if (portText !== '') {
    const parsed = Number(portText);
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
      errors.push(
        `PORT: expected a whole number from 0 to 65535, found "${portText}"; for example PORT=8787`,
      );
    } else {
      port = parsed;
    }
  }
  const requireAltchaText = env.REQUIRE_ALTCHA ?? '';
  if (!['', '0', '1', 'true', 'false'].includes(requireAltchaText)) {
    errors.push(`REQUIRE_ALTCHA: expected 1 or 0, found "${requireAltchaText}"`);
  }
  const metricsToken = env.METRICS_TOKEN ?? '';
  if (metricsToken !== '' && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
    errors.push(
      `METRICS_TOKEN: expected at least 16 printable characters without spaces (${metricsToken.length} characters given); generate one with \`openssl rand -hex 32\``,
    );
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY ?? '');
  if (trustProxy.error) errors.push(trustProxy.error);
  const config: BotConfig = {
    githubAuth,
    repository,
    githubApiUrl,
    webhookSecrets,
    smtpUrl: parseUrl('SMTP_URL', env.SMTP_URL, errors),
    imapUrl: parseUrl('IMAP_URL', env.IMAP_URL, errors),
    publicSiteUrl: parseUrl('PUBLIC_SITE_URL', env.PUBLIC_SITE_URL, errors),
    publicBotUrl: parseUrl('PUBLIC_BOT_URL', env.PUBLIC_BOT_URL, errors),
    dataDir: path.resolve(cwd, env.DATA_DIR || '.data'),
    port,
    root: path.resolve(cwd, env.REPODESK_ROOT || '.'),
    requireAltcha: requireAltchaText === '1' || requireAltchaText === 'true',
    ...(trustProxy.trust ? { trustProxy: trustProxy.trust } : {}),
    ...(metricsToken !== '' ? { metricsToken } : {}),
    sweepEveryMs: parseSweepEvery(env.SWEEP_EVERY, errors),
  };
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL, errors);
  if (databaseUrl !== undefined) config.databaseUrl = databaseUrl;
  const jobLeaseMs = parseDuration('JOB_LEASE', env.JOB_LEASE, '60s', errors);
  if (jobLeaseMs !== undefined) config.jobLeaseMs = jobLeaseMs;
  const leaderCheckMs = parseDuration('LEADER_CHECK_EVERY', env.LEADER_CHECK_EVERY, '15s', errors);
  if (leaderCheckMs !== undefined) config.leaderCheckMs = leaderCheckMs;
  const writeLimits = parseWriteBudget(env.GITHUB_WRITE_BUDGET, errors);
  if (writeLimits !== undefined) config.writeLimits = writeLimits;
  const alertTokens = parseAlertTokens(env, errors);
  if (alertTokens !== undefined) config.alertTokens = alertTokens;
  const [botLogin, ...extraLogins] = parseLogins('REPODESK_BOT_LOGIN', env.REPODESK_BOT_LOGIN, errors);
  if (extraLogins.length > 0) {
    errors.push(
      `REPODESK_BOT_LOGIN: expected one login, found "${env.REPODESK_BOT_LOGIN}"; list the other repodesk accounts in REPODESK_OTHER_LOGINS`,
    );
  } else if (botLogin !== undefined) {
    config.botLogin = botLogin;
  }
  const otherBotLogins = parseLogins('REPODESK_OTHER_LOGINS', env.REPODESK_OTHER_LOGINS, errors);
  if (otherBotLogins.length > 0) config.otherBotLogins = otherBotLogins;
  return { config, errors };
}

/** Every secret value in the config, for the logger to mask. */
export function configSecrets(config: BotConfig): string[] {
  const secrets = [...config.webhookSecrets];
  if (config.githubAuth?.kind === 'token') secrets.push(config.githubAuth.token);
  if (config.githubAuth?.kind === 'app') {
    secrets.push(config.githubAuth.privateKey);
    // A line of the key quoted alone (an error message, a stack) is masked too.
    for (const line of config.githubAuth.privateKey.split('\n'))
      if (line.trim().length >= 16 && !line.startsWith('-----')) secrets.push(line.trim());
  }
  if (config.metricsToken !== undefined) secrets.push(config.metricsToken);
  secrets.push(...Object.values(config.alertTokens ?? {}));
  for (const url of [config.smtpUrl, config.imapUrl, config.databaseUrl]) {
    if (url === undefined) continue;
    const password = URL.canParse(url) ? new URL(url).password : '';
    if (password !== '') secrets.push(decodeURIComponent(password));
  }
  return secrets;
}
