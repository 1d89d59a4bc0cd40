// Starts a GitHub stand-in and a bot pointed at it (through the real Octokit adapter), for integration
// tests that drive the bot over HTTP and assert what agents see on the stand-in.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import type { BotConfig } from '../../src/config/load-config.ts';
import { silentLogger } from '../../src/config/logger.ts';
import { loadMailConfig } from '../../src/config/mail-config.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Article, Rules } from '../../src/rules/types.ts';
import type { IntakeLimits } from '../../src/context.ts';
import type { TrustProxy } from '../../src/config/trust-proxy.ts';
import type { Store } from '../../src/store/store.ts';
import { createBot, type Bot, type BotOptions } from '../../src/bot/create-bot.ts';
import { trackerFromConfig } from '../../src/tracker/tracker-from-config.ts';
import {
  startStandin,
  type Standin,
  type StandinOptions,
  type StandinUserOption,
} from '../../src/standin/start-standin.ts';
import type { RetryPolicy } from '../../src/worker/retry-delay.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const siteOrigin = 'http://site.test';
const webhookSecret = 'webhook-secret-current';
export const agentToken = 'agent-camille-token';

let cachedDesk: { rules: Rules; articles: Article[] } | undefined;
/** The template's rules and knowledge base, loaded once. */
async function templateDesk(): Promise<{ rules: Rules; articles: Article[] }> {
  if (!cachedDesk) {
    const loaded = await loadRules(repoRoot, { now: new Date() });
    if (!loaded.rules)
      throw new Error(`template rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
    cachedDesk = { rules: loaded.rules, articles: loaded.articles };
  }
  return cachedDesk;
}

/** The template's rules, loaded once. */
export async function templateRules(): Promise<Rules> {
  return (await templateDesk()).rules;
}

/** Real time, shifted to a Monday morning in Paris so that agents are on duty whatever the hour of the run. */
function officeHoursClock(start = Date.parse('2026-11-23T08:30:00Z')): () => number {
  const offset = start - Date.now();
  return () => Date.now() + offset;
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2026-11-23T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(at: number) {
      now = at;
    },
  };
}

export interface HarnessOptions {
  clock?: () => number;
  limits?: Partial<IntakeLimits>;
  retry?: RetryPolicy;
  standin?: Partial<StandinOptions>;
  webhookSecrets?: string[];
  /** Start the worker loop (default); false: tests drain it by hand. */
  runWorker?: boolean;
  /** Wire the stand-in's webhooks to the bot (default); false: tests post deliveries themselves. */
  wireWebhooks?: boolean;
  dataDir?: string;
  memoryStore?: boolean;
  requireAltcha?: boolean;
  storeBusyTimeoutMs?: number;
  /** Run the bot's SLA sweep at this interval (default 0: no sweep). */
  sweepEveryMs?: number;
  /** Other accounts repodesk writes as (REPODESK_OTHER_LOGINS), e.g. the Actions workflow's. */
  otherBotLogins?: string[];
  /** The bot behind reverse proxies (TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** Address the bot listens on (default 127.0.0.1; `::` for IPv6 and IPv4 clients, `::1` for IPv6 only). */
  host?: string;
  /** Bearer token for /metrics (METRICS_TOKEN). */
  metricsToken?: string;
  /** Bearer tokens of the alert endpoints (ALERTS_*_TOKEN). */
  alertTokens?: BotConfig['alertTokens'];
  /** More accounts on the stand-in (one with a login already there replaces it): outsiders, collaborators. */
  standinUsers?: StandinUserOption[];
  /** The mail settings, as the environment would give them (`MAIL_MAX_BYTES`, `INBOUND_EMAIL_BASIC_AUTH`…). */
  mailEnv?: Record<string, string>;
  /** Replaces the bot's job kinds (a test's own webhook handlers, say). */
  kinds?: BotOptions['kinds'];
  /** Another desk than the template's (a test fixture loaded with its root); default the template's. */
  desk?: { root: string; rules: Rules; articles: Article[] };
}

export interface Harness {
  standin: Standin;
  /** The SMTP server the bot sends to (acknowledgements). */
  mail: SmtpSink;
  bot: Bot;
  url: string;
  dataDir: string;
  config: BotConfig;
  rules: Rules;
  /** Issues of the support repo as agents see them (REST, through the agent's token). */
  issues(): Promise<
    { number: number; title: string; body: string; labels: string[]; assignees: string[]; user: string }[]
  >;
  close(): Promise<void>;
}

export async function startHarness(given: HarnessOptions = {}): Promise<Harness> {
  const options = { ...given, clock: given.clock ?? officeHoursClock() };
  const { rules, articles } = options.desk ?? (await templateDesk());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-bot-'));
  const extraUsers = options.standinUsers ?? [];
  const standin = await startStandin({
    users: [
      ...[
        { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' as const },
        { login: rules.teams.agents[0]?.login ?? 'agent', token: agentToken },
        ...rules.teams.agents.slice(1).map((agent) => ({ login: agent.login })),
        { login: 'monitoring', token: 'monitoring-token' },
      ].filter((user) => !extraUsers.some((extra) => extra.login === user.login)),
      ...extraUsers,
    ],
    repos: ['acme/support'],
    now: options.clock,
    ...options.standin,
  });
  const mail = await startSmtpSink();
  const config: BotConfig = {
    smtpUrl: mail.url,
    githubAuth: { kind: 'token', token: 'bot-token' },
    repository: 'acme/support',
    githubApiUrl: standin.url,
    webhookSecrets: options.webhookSecrets ?? [webhookSecret],
    publicSiteUrl: siteOrigin,
    publicBotUrl: 'http://bot.test',
    dataDir,
    port: 0,
    root: options.desk?.root ?? repoRoot,
    requireAltcha: options.requireAltcha ?? false,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.alertTokens ? { alertTokens: options.alertTokens } : {}),
    // The SLA sweep runs only in tests that ask for it: its label writes would blur what they count.
    sweepEveryMs: options.sweepEveryMs ?? 0,
    ...(options.otherBotLogins ? { otherBotLogins: options.otherBotLogins } : {}),
  };
  const bot = await createBot({
    config,
    log: silentLogger,
    tracker: trackerFromConfig(config, silentLogger, options.clock),
    rules,
    articles,
    mailConfig: loadMailConfig(options.mailEnv ?? {}).config,
    clock: options.clock,
    limits: {
      perIp: { burst: 10_000, refillMs: 1 },
      perAddress: { burst: 10_000, refillMs: 1 },
      ...options.limits,
    },
    ...(options.retry ? { retry: options.retry } : {}),
    random: () => 0.5,
    pollMs: 50,
    ...(options.memoryStore ? { memoryStore: true } : {}),
    ...(options.kinds ? { kinds: options.kinds } : {}),
    ...(options.storeBusyTimeoutMs === undefined ? {} : { storeBusyTimeoutMs: options.storeBusyTimeoutMs }),
  });
  const host = options.host ?? '127.0.0.1';
  const listening = await bot.start(0, host);
  // A bot listening on every address is reached on the loopback.
  const port = (bot.http.server.address() as AddressInfo).port;
  const url =
    host === '::' || host === '0.0.0.0'
      ? `http://127.0.0.1:${port}`
      : host === '::1'
        ? `http://[::1]:${port}`
        : listening;
  if (options.runWorker === false) await bot.worker.stop();
  if (options.wireWebhooks !== false)
    standin.addWebhook({ url: `${url}/api/github/webhooks`, secret: webhookSecret });
  return {
    standin,
    mail,
    bot,
    url,
    dataDir,
    config,
    rules,
    async issues() {
      const response = await fetch(`${standin.url}/repos/acme/support/issues?state=all&per_page=100`, {
        headers: { authorization: `token ${agentToken}` },
      });
      if (!response.ok) throw new Error(`stand-in answered ${response.status}`);
      const raw = (await response.json()) as {
        number: number;
        title: string;
        body: string | null;
        labels: { name: string }[];
        assignees: { login: string }[];
        user: { login: string };
      }[];
      return raw.map((issue) => ({
        number: issue.number,
        title: issue.title,
        body: issue.body ?? '',
        labels: issue.labels.map((label) => label.name),
        assignees: issue.assignees.map((user) => user.login),
        user: issue.user.login,
      }));
    },
    async close() {
      await bot.stop();
      await standin.close();
      await mail.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid submission of the template's incident form, filled `ageMs` ago by the bot's clock. */
export function incidentSubmission(
  now: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    form: 'incident',
    lang: 'fr',
    requester: { name: 'Marie Curie', email: 'marie.curie@example.org' },
    fields: {
      resume: 'Impossible de me connecter au VPN',
      service: 'VPN et accès à distance',
      impact: 'Je ne peux plus travailler',
      depuis: "aujourd'hui vers 9 h 15",
      description: "J'ouvre le client VPN, il refuse mon mot de passe depuis ce matin.",
      message_erreur: '',
      verifications: [true, false, false],
    },
    idempotencyKey: randomUUID().replace(/-/g, ''),
    startedAt: now - 60_000,
    ...overrides,
  };
}

/** Valid answers to the template's HR form (`demande-rh`, a confidential queue's form in the queue tests). */
export function hrRequestFields(objet: string): Record<string, unknown> {
  return {
    objet,
    type_demande: 'Attestation employeur',
    matricule: 'A12345',
    periode: '',
    details: 'Il me faut une attestation employeur pour un dossier de prêt.',
    confidentialite: [true],
  };
}

/** Valid answers to the template's incident form, with their summary (and service) given. */
export function incidentFields(resume: string, service = 'VPN et accès à distance'): Record<string, unknown> {
  return {
    resume,
    service,
    impact: 'Je ne peux plus travailler',
    depuis: "aujourd'hui",
    description: 'Le client VPN refuse mon mot de passe.',
    message_erreur: '',
    verifications: [true, false, false],
  };
}

/** POSTs a form submission as the help site does. */
export function postRequest(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: siteOrigin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs a signed webhook delivery as GitHub does. */
export async function postWebhook(
  url: string,
  event: string,
  payload: unknown,
  options: { secret?: string; deliveryId?: string; signature?: string } = {},
): Promise<Response> {
  const raw = JSON.stringify(payload);
  const signature = options.signature ?? (await sign(options.secret ?? webhookSecret, raw));
  return fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.deliveryId ?? randomUUID(),
      'x-hub-signature-256': signature,
    },
    body: raw,
  });
}

/** Waits until `check` holds (real time), failing after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** No job is running or due at `now` in `store` (jobs deferred to later excepted). */
export async function noJobDue(store: Store, now: number): Promise<boolean> {
  const row = await store.get(
    "SELECT count(*) AS n FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_after <= ?)",
    now,
  );
  return Number(row?.n ?? 1) === 0;
}

/** Lets the stand-in's webhooks and the bot's worker settle (jobs deferred to later excepted). */
export async function settle(harness: Harness): Promise<void> {
  await harness.standin.deliveriesIdle();
  await eventually(() => noJobDue(harness.bot.context.store, harness.bot.context.clock()));
  await harness.standin.deliveriesIdle();
}

/** Jobs of one kind by state (a form also queues its acknowledgement mail, which has no SMTP server here). */
export async function jobStates(
  harness: Harness,
  kind = 'create-ticket',
): Promise<{ queued: number; running: number; done: number; dead: number }> {
  const states = { queued: 0, running: 0, done: 0, dead: 0 };
  for (const row of await harness.bot.context.store.all(
    'SELECT state, count(*) AS n FROM jobs WHERE kind = ? GROUP BY state',
    kind,
  )) {
    states[String(row.state) as keyof typeof states] = Number(row.n);
  }
  return states;
}
