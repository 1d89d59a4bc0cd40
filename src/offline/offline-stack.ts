// The embedded offline stack behind `npm start`: the GitHub stand-in (data in DATA_DIR/standin), the bot
// pointed at it with a generated token and webhook secret (the stand-in's webhooks come back to the bot), a
// generated token per agent of teams.yaml to sign in to the agent page with (printed in the banner, never logged),
// the local mail catcher the bot sends to, and the help site built with the bot's local URL into
// DATA_DIR/site (reused while current) and served on localhost. Same bot code as production: only the
// GitHub base URL differs.

import { heldRepliesAside } from './held-replies-aside.ts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { defaultSweepEveryMs, type BotConfig } from '../config/load-config.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import { rulesVersion } from '../rules/rules-version.ts';
import { createBot, type Bot } from '../bot/create-bot.ts';
import { trackerFromConfig } from '../tracker/tracker-from-config.ts';
import { watchRules } from '../bot/watch-rules.ts';
import { startMailCatcher, type MailCatcher } from './mail-catcher.ts';
import { loadMailConfig, mailConfigSecrets } from '../config/mail-config.ts';
import { createSmtpMailer } from '../mailer/mailer.ts';
import { startStandin, type Standin } from '../standin/start-standin.ts';
import { serveStaticSite, type StaticSite } from './serve-static-site.ts';
import { buildSite, siteBuildReason } from './site-build.ts';

export interface OfflineStackOptions {
  /** Folder of rules/, kb/ and the site sources. */
  root: string;
  dataDir: string;
  ports: { site: number; bot: number; standin: number; mailWeb?: number; mailSmtp?: number };
  host?: string;
  /** Bearer tokens of the alert endpoints (ALERTS_*_TOKEN), as serve reads them. */
  alertTokens?: BotConfig['alertTokens'];
  /** Skip building and serving the site (tests of the bot part). */
  withSite?: boolean;
  /** Progress lines for the person waiting (the banner comes at the end). */
  progress?: (line: string) => void;
  log?: Logger;
  /** Time between two SLA and lifecycle sweeps of the bot (SWEEP_EVERY); default 15 minutes, 0: none. */
  sweepEveryMs?: number;
  /** The operator's environment: the mail settings (MAIL_*, INBOUND_*) and what the site's build runs with. */
  env: NodeJS.ProcessEnv;
}

/** An account that signs in to the agent page: an agent of teams.yaml and its generated token. */
export interface OfflineAgentAccount {
  login: string;
  token: string;
}

export interface OfflineStack {
  urls: { site?: string; bot: string; standin: string; agentPage: string; mail: string; logFile: string };
  repository: string;
  /** The agents' accounts on the stand-in, to sign in to the agent page with. */
  agents: OfflineAgentAccount[];
  bot: Bot;
  standin: Standin;
  stop(): Promise<void>;
}

interface OfflineCredentials {
  botToken: string;
  webhookSecret: string;
  /** Each agent's personal access token on the stand-in, by login. */
  agentTokens: Record<string, string>;
}

const newToken = () => `offline-${randomBytes(16).toString('hex')}`;

/**
 * The generated tokens and webhook secret, kept so that a restart reuses them; an agent new in teams.yaml
 * gets a token on the next start.
 */
function offlineCredentials(dataDir: string, agents: readonly string[]): OfflineCredentials {
  const file = path.join(dataDir, 'offline-credentials.json');
  let kept: Partial<OfflineCredentials> = {};
  try {
    kept = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<OfflineCredentials>;
  } catch {
    // None yet (first start) or unreadable: new ones.
  }
  const credentials: OfflineCredentials = {
    botToken: kept.botToken ?? newToken(),
    webhookSecret: kept.webhookSecret ?? randomBytes(24).toString('hex'),
    agentTokens: { ...kept.agentTokens },
  };
  for (const login of agents) credentials.agentTokens[login] ??= newToken();
  const changed =
    kept.botToken === undefined ||
    kept.webhookSecret === undefined ||
    agents.some((login) => kept.agentTokens?.[login] === undefined);
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(credentials) + '\n', { mode: 0o600 });
  }
  return credentials;
}

/** `wanted` when it is free, else any free port (a second stack, or another program on 8787). */
async function freePort(wanted: number, host: string): Promise<number> {
  if (wanted === 0) return 0;
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(0));
    probe.listen(wanted, host, () => probe.close(() => resolve(wanted)));
  });
}

/** Starts the stand-in, the bot and the site; refuses (throws with every problem) on invalid rules. */
export async function startOfflineStack(options: OfflineStackOptions): Promise<OfflineStack> {
  const host = options.host ?? '127.0.0.1';
  const progress = options.progress ?? (() => {});
  fs.mkdirSync(options.dataDir, { recursive: true });
  // The rules first: they name the agents whose tokens the log must hide.
  const loaded = await loadRules(options.root, { now: new Date() });
  if (!loaded.rules) {
    const errors = loaded.problems.filter((problem) => problem.severity === 'error').map(formatProblem);
    throw new Error(
      `the rules are invalid; fix them and start again:\n${errors.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  const rules = loaded.rules;
  const repository = rules.desk.repository;
  const logFile = path.join(options.dataDir, 'bot.log');
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });
  const credentials = offlineCredentials(
    options.dataDir,
    rules.teams.agents.map((agent) => agent.login),
  );
  const agents = rules.teams.agents.map((agent) => ({
    login: agent.login,
    token: credentials.agentTokens[agent.login] ?? '',
  }));
  const mail = loadMailConfig(options.env);
  const mailConfig = mail.config;
  const log =
    options.log ??
    createLogger({
      write: (line) => logStream.write(line + '\n'),
      secrets: [
        credentials.botToken,
        credentials.webhookSecret,
        ...agents.map((agent) => agent.token),
        ...mailConfigSecrets(mailConfig),
        ...Object.values(options.alertTokens ?? {}),
      ],
    });
  // A malformed mail setting falls back to its default (the stack still starts), said once here.
  for (const error of mail.errors) log.error('mail setting ignored', { error });

  const standin = await startStandin({
    port: await freePort(options.ports.standin, host),
    host,
    dataDir: path.join(options.dataDir, 'standin'),
    // Every repository of the desk (desk.yaml's repositories: confidential queues too).
    repos: rules.desk.repositories ?? [repository],
    users: [
      { login: 'repodesk-bot', token: credentials.botToken, type: 'Bot', name: 'repodesk' },
      ...rules.teams.agents.map((agent) => ({
        login: agent.login,
        name: agent.name,
        token: credentials.agentTokens[agent.login],
      })),
    ],
    log: {
      info: (message, fields) => log.info(message, { part: 'standin', ...fields }),
      error: (message, fields) => log.error(message, { part: 'standin', ...fields }),
    },
  });

  // The site is served first (files appear once built) so the bot knows the one origin to grant CORS.
  // It is built for this bot's address, so it lives with this stack's data, not in the shared dist/.
  const siteDir = path.join(options.dataDir, 'site');
  let site: StaticSite | undefined;
  if (options.withSite !== false)
    site = await serveStaticSite(siteDir, await freePort(options.ports.site, host), host);
  const botPort = await freePort(options.ports.bot, host);
  const config: BotConfig = {
    githubAuth: { kind: 'token', token: credentials.botToken },
    repository,
    githubApiUrl: standin.url,
    webhookSecrets: [credentials.webhookSecret],
    publicSiteUrl: site?.url,
    dataDir: options.dataDir,
    port: botPort,
    root: options.root,
    requireAltcha: false,
    sweepEveryMs: options.sweepEveryMs ?? defaultSweepEveryMs,
    ...(options.alertTokens ? { alertTokens: options.alertTokens } : {}),
  };
  const bot = await createBot({
    config,
    log,
    tracker: trackerFromConfig(config, log),
    rules,
    articles: loaded.articles,
    rulesVersion: await rulesVersion(options.root, loaded.contentHash),
    mailConfig,
  });
  bot.context.rules.settled = loaded.settled;
  const botUrl = await bot.start(botPort, host);
  config.publicBotUrl = botUrl;
  standin.addWebhook({ url: `${botUrl}/api/github/webhooks`, secret: credentials.webhookSecret });
  standin.showOnAgentPage(heldRepliesAside(bot.context, repository));
  // Mail the bot sends lands in the local catcher, whose page can answer as the customer.
  const catcher: MailCatcher = await startMailCatcher({
    dataDir: options.dataDir,
    botUrl,
    smtpPort: await freePort(options.ports.mailSmtp ?? 0, host),
    webPort: await freePort(options.ports.mailWeb ?? 0, host),
  });
  // The catcher answers at the bot's address, so it starts after the bot: its mailer is set on the context.
  config.smtpUrl = catcher.smtpUrl;
  bot.context.mail.mailer = createSmtpMailer({ url: catcher.smtpUrl, timeoutMs: mailConfig.smtpTimeoutMs });
  const stopWatching = watchRules(bot.context, options.root);

  if (site) {
    const stampFile = path.join(options.dataDir, 'site-build.json');
    const reason = siteBuildReason(options.root, siteDir, stampFile, botUrl);
    if (reason) {
      progress(`Construction du site (${reason.fr})… / Building the site (${reason.en})…`);
      try {
        await buildSite(options.root, siteDir, botUrl, stampFile, options.env);
      } catch (error) {
        stopWatching();
        await Promise.all([site.close(), bot.stop(), standin.close(), catcher.close()]);
        logStream.end();
        throw error;
      }
    }
  }

  return {
    urls: {
      site: site?.url,
      bot: botUrl,
      standin: standin.url,
      agentPage: `${standin.url}/`,
      mail: catcher.webUrl,
      logFile,
    },
    repository,
    agents,
    bot,
    standin,
    async stop() {
      stopWatching();
      await site?.close();
      await bot.stop();
      await catcher.close();
      await standin.close();
      logStream.end();
    },
  };
}

/**
 * The short friendly banner, French first, then English: every address the stack serves, each answering a
 * GET, and the agents' accounts to sign in to the agent page with (on the console only: never in a log).
 */
export function offlineBanner(stack: Pick<OfflineStack, 'urls' | 'repository' | 'agents'>): string {
  const { urls, repository, agents } = stack;
  const width = Math.max(0, ...agents.map((agent) => agent.login.length)) + 3;
  const accounts =
    agents.length === 0
      ? [
          'Aucun agent dans rules/teams.yaml : personne ne peut se connecter. / No agent in rules/teams.yaml: nobody can sign in.',
        ]
      : [
          'Comptes des agents (identifiant, jeton) / Agents’ accounts (login, token):',
          ...agents.map((agent) => `  ${`@${agent.login}`.padEnd(width)}${agent.token}`),
        ];
  const lines = [
    '',
    'repodesk fonctionne hors ligne sur cette machine :',
    ...(urls.site ? [`  Centre d'aide (site)              ${urls.site}/fr/`] : []),
    `  Tickets (page des agents)         ${urls.agentPage}`,
    '    connexion : collez le jeton de votre compte (liste ci-dessous)',
    `  API GitHub locale (REST)          ${urls.standin}  (dépôt ${repository})`,
    `  Courriels envoyés                 ${urls.mail}`,
    `  Bot : santé                       ${urls.bot}/healthz`,
    `  Bot : métriques                   ${urls.bot}/metrics`,
    `  Journal du bot                    ${urls.logFile}`,
    '  Envoyez une demande depuis le site : elle devient un ticket sur la page des agents.',
    '  Ctrl+C pour arrêter.',
    '',
    ...accounts,
    '',
    'repodesk is running offline on this machine:',
    ...(urls.site ? [`  Help centre (site)                ${urls.site}/en/`] : []),
    `  Tickets (agent page)              ${urls.agentPage}`,
    '    sign in: paste your account’s token (listed above)',
    `  Local GitHub API (REST)           ${urls.standin}  (repository ${repository})`,
    `  Mail sent (local catcher)         ${urls.mail}`,
    `  Bot health                        ${urls.bot}/healthz`,
    `  Bot metrics                       ${urls.bot}/metrics`,
    `  Bot log                           ${urls.logFile}`,
    '  Send a request from the site: it becomes a ticket on the agent page.',
    '  Ctrl+C to stop.',
    '',
  ];
  return lines.join('\n');
}
