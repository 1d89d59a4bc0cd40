// `repodesk serve`: the bot. Refuses to start on invalid configuration or rules (printing every problem),
// reloads rules on change or SIGHUP keeping the last valid ones, and shuts down gracefully.

import { withStoredCredentials } from '../config/credentials-file.ts';
import { configSecrets, loadConfig, type BotConfig } from '../config/load-config.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { loadMailConfig, mailConfigSecrets, type MailConfig } from '../config/mail-config.ts';
import { startMailChannel, type MailChannel } from '../channels/email/start-mail-channel.ts';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import { rulesVersion } from '../rules/rules-version.ts';
import { createBot, type Bot } from '../bot/create-bot.ts';
import { StoreError } from '../store/open-store.ts';
import { trackerFromConfig } from '../tracker/tracker-from-config.ts';
import { watchRules } from '../bot/watch-rules.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { Command } from './command.ts';

export interface RunningBot {
  bot: Bot;
  url: string;
  /** Stops; with `graceMs`, within about that long (a job still running then is released). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * How long SIGTERM lets the job and the scheduled run in progress go on before they are given up (released
 * to another replica, or to this bot's restart): under the 10 s an orchestrator waits before SIGKILL.
 */
export const shutdownGraceMs = 7000;

/** Loads the rules and starts the bot; resolves to undefined (after printing why) when it cannot start. */
export async function startBot(options: {
  config: BotConfig;
  /** The mail settings read from the environment with `config`. */
  mailConfig: MailConfig;
  log: Logger;
  tracker: Tracker;
  host: string;
  stderr: (text: string) => void;
  /** Watch rules/ for changes (default); false: reload on SIGHUP only. */
  watchRules?: boolean;
}): Promise<RunningBot | undefined> {
  const { config, log } = options;
  const loaded = await loadRules(config.root, { now: new Date() });
  if (!loaded.rules) {
    const errors = loaded.problems.filter((problem) => problem.severity === 'error');
    options.stderr(
      `repodesk serve: the rules under ${config.root} are invalid; fix them and start again (repodesk validate shows the same list):\n` +
        errors.map((problem) => `  ${formatProblem(problem)}\n`).join(''),
    );
    return undefined;
  }
  const version = await rulesVersion(config.root, loaded.contentHash);
  let bot: Bot;
  try {
    bot = await createBot({
      config,
      log,
      tracker: options.tracker,
      rules: loaded.rules,
      articles: loaded.articles,
      rulesVersion: version,
      mailConfig: options.mailConfig,
    });
  } catch (error) {
    // Another bot on DATA_DIR, a damaged store: one line that says what and what to do, no stack trace.
    if (!(error instanceof StoreError)) throw error;
    options.stderr(`repodesk serve: cannot start: ${error.message}\n`);
    return undefined;
  }
  bot.context.rules.settled = loaded.settled;
  const url = await bot.start(config.port, options.host);
  const stopWatching = watchRules(bot.context, config.root, { watch: options.watchRules ?? true });
  // IMAP polling runs on the leader only (with several replicas on PostgreSQL, one polls the mailbox; a
  // follower that becomes the leader starts polling, a leader that loses its lease stops).
  let mailChannel: Promise<MailChannel | undefined> = Promise.resolve(undefined);
  const followLeadership = (leading: boolean) => {
    mailChannel = mailChannel.then(async (polling) => {
      if (leading && !polling) return startMailChannel(bot.context);
      if (!leading && polling) await polling.stop().catch(() => undefined);
      return leading ? polling : undefined;
    });
    return mailChannel;
  };
  bot.leadership.onChange((leading) => void followLeadership(leading));
  if (bot.leadership.isLeader()) void followLeadership(true);
  log.info('bot listening', {
    url,
    repository: config.repository,
    dataDir: config.dataDir,
    rulesVersion: version.version,
  });
  return {
    bot,
    url,
    async stop(graceMs) {
      stopWatching();
      await followLeadership(false);
      await bot.stop(graceMs);
    },
  };
}

/** Stops `running` on SIGINT/SIGTERM; resolves when it has stopped. */
export function untilSignal(running: { stop(graceMs?: number): Promise<void> }, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      log.info('shutting down', { signal });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void running.stop(shutdownGraceMs).then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const command: Command = {
  summary: 'run the bot: form intake, GitHub webhooks, worker, status pages',
  usage: `Usage: repodesk serve [--root DIR] [--port N] [--host ADDRESS]

Runs the bot's HTTP server and its worker. Configuration comes from the environment, and from
DATA_DIR/github-app.env, written by \`repodesk setup github\` (a variable of the environment wins):
  GITHUB_TOKEN, or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID
  GITHUB_REPOSITORY   owner/repo of the support repository
  GITHUB_API_URL      REST base URL (default https://api.github.com)
  WEBHOOK_SECRET      webhook secret; several, comma-separated, during a rotation
                      (the GitHub webhook: URL <PUBLIC_BOT_URL>/api/github/webhooks, content type
                      application/json, events "Issues" and "Issue comments")
  PUBLIC_SITE_URL     the help site (the only origin allowed to post forms)
  PUBLIC_BOT_URL      this bot's public URL (status links point to the site's follow page, else here;
                      the resolution mail's satisfaction links point here, and without it are left out)
  DATA_DIR            where the store lives (default .data); one bot per folder: a second serve on a
                      folder in use refuses to start and names the first. With DATABASE_URL it holds
                      only files (attachments, form uploads, the status secret): share it between replicas
  DATABASE_URL        postgres://user:password@host:5432/database: the store in PostgreSQL instead of
                      SQLite, so several serve replicas behind a load balancer share the work (jobs are
                      claimed with row locks; the sweep and IMAP polling run on one leader at a time;
                      migrations run once at start, the other replicas wait)
  JOB_LEASE           how long a claimed job stays this replica's without renewal (default 60s); after it
                      another replica takes it over
  LEADER_CHECK_EVERY  how often a replica confirms or tries the leadership of the sweep and IMAP polling
                      (default 15s): a dead leader is replaced within about that long
  GITHUB_WRITE_BUDGET issues and comments the bot creates at most, per minute and per hour, shared by all
                      replicas (default 80/m,500/h, GitHub.com's content-creation limits); on GitHub
                      Enterprise Server set your instance's limits, e.g. 600/m,20000/h, or 600 (per minute
                      only). Past it, writes wait their turn; nothing is dropped
  PORT                default 8787; REPODESK_ROOT: folder of rules/ and kb/ (default .)
  SMTP_URL            outgoing mail (acknowledgements, agents' /reply, notices), e.g.
                      smtps://user:password@smtp.example.org:465; without it, mail waits in the queue
  IMAP_URL            a support mailbox to poll (IDLE), e.g. imaps://user:password@imap.example.org/INBOX;
                      a message is marked done only once stored. Our address, sender name and the
                      authserv-id whose Authentication-Results we trust are in rules/desk.yaml (mail:)
  INBOUND_EMAIL_BASIC_AUTH  user:password for POST /api/inbound/email, /api/inbound/postmark and
                      /api/inbound/mailjet (Mailjet's Parse API: put them in the parse route's Url,
                      https://user:password@host/api/inbound/mailjet); without it, /api/inbound/email
                      and /api/inbound/mailjet take mail only from a program on this machine connecting
                      directly (an MTA pipe; never through a proxy, never with TRUST_PROXY set)
  SENDGRID_INBOUND_SECRET   secret last path segment of /api/inbound/sendgrid/<secret>
  MAILGUN_SIGNING_KEY       Mailgun's webhook signing key for /api/inbound/mailgun
  MAIL_MAX_BYTES      largest mail taken (default 26214400, 25 MB); larger ones are quarantined and the
                      sender is told; MAIL_SMTP_TIMEOUT_MS (default 15000) before a send is retried later
  REQUIRE_ALTCHA=1    require a proof of work on form submissions (the help site solves it when asked)
  MAIL_ATTACHMENT_MAX_BYTES, MAIL_ATTACHMENT_MAX_FILES
                      size and count limits of files: from mail, the forms' file field, agents' replies
                      (default 10485760 bytes and 10 files; build the help site with the same values,
                      it shows them); form uploads no request names within 24 hours are deleted
  FORM_UPLOADS_MAX_BYTES  total size of form uploads no request has named yet (default 1073741824,
                      1 GiB); past it an upload is answered 503 with Retry-After until some are sent
  MAIL_ATTACHMENT_LINK_DAYS  how long the file links written in tickets work (default 90)
  TRUST_PROXY         behind your own reverse proxies, which X-Forwarded-For entries to believe for the
                      client address the rate limits count (the model of Express's "trust proxy"):
                      N, the number of proxies in front of the bot (1 for one nginx or load balancer:
                      the client is the address it appended, the last entry), or the proxies' addresses,
                      comma-separated (10.0.0.5,10.0.0.0/8): the client is the last entry not among them.
                      The first entries are whatever the client wrote and are never believed. Off by default.
                      Rate limits count an IPv4 address, or a whole IPv6 /64, as one client.
  METRICS_TOKEN       bearer token for GET /metrics (Prometheus: authorization: {credentials: <token>});
                      at least 16 characters, e.g. from \`openssl rand -hex 32\`. Without it, /metrics
                      answers only a program on this machine connecting directly (not through a proxy)
  ALERTS_ALERTMANAGER_TOKEN, ALERTS_GRAFANA_TOKEN, ALERTS_GENERIC_TOKEN
                      bearer tokens of POST /api/alerts/alertmanager, /grafana and /generic (monitoring
                      alerts become tickets, one per alert fingerprint while it is open); at least 16
                      characters each, e.g. from \`openssl rand -hex 32\`. An endpoint without its token
                      answers 404 and takes nothing. Alertmanager: http_config.authorization.credentials;
                      Grafana: the webhook contact point's Authorization header (scheme Bearer)
  SWEEP_EVERY         time between two SLA and lifecycle sweeps (default 15m; e.g. 5m, 1h, 1h30m; at
                      least 1m); the first runs a few seconds after start; 0 or off: no sweep here (the
                      Actions workflow actions/workflows/sweep.yml runs it instead)
  REPODESK_BOT_LOGIN  the login the bot writes as, when GitHub cannot tell it (a token GET /user refuses)
  REPODESK_OTHER_LOGINS other accounts writing for repodesk on the same repository, comma-separated
                      (e.g. github-actions[bot] when the Actions sweep runs with its default token):
                      their notices, escalations and label changes count as repodesk's own
  RULES_WATCH         on (default): rules/ is reloaded half a second after files change (replaced, renamed,
                      a pull of many files: one reload), and looked at once a minute in case a change
                      went unreported; off: only on SIGHUP (kill -HUP <pid>)
Rules are reloaded on change or SIGHUP; invalid rules are refused and the last valid ones stay in force.
/healthz names the rules version in force (the commit of rules/, <commit>-dirty+<hash> with uncommitted
changes, sha256:<hash> outside git: what \`repodesk validate\` prints) and when it was loaded.
`,
  async run(argv) {
    // The GitHub App credentials `repodesk setup github` stored in DATA_DIR, under the environment.
    const { env, file: credentialsFile } = withStoredCredentials(process.env);
    const host = readOption(argv, '--host') ?? process.env.HOST ?? '0.0.0.0';
    const root = readOption(argv, '--root');
    const port = readOption(argv, '--port');
    if (root !== undefined) env.REPODESK_ROOT = root;
    if (port !== undefined) env.PORT = port;
    const { config, errors } = loadConfig(env, { mode: 'serve' });
    const rulesWatch = (process.env.RULES_WATCH ?? 'on').trim().toLowerCase();
    if (!['on', 'off', '1', '0', 'true', 'false', ''].includes(rulesWatch)) {
      errors.push(
        `RULES_WATCH: expected on or off, found "${process.env.RULES_WATCH}"; for example RULES_WATCH=off to reload rules on SIGHUP only`,
      );
    }
    if (errors.length > 0) {
      process.stderr.write(
        `repodesk serve: cannot start:\n${errors.map((error) => `  ${error}\n`).join('')}`,
      );
      return 2;
    }
    const mail = loadMailConfig(env);
    const log = createLogger({
      secrets: [...configSecrets(config), ...mailConfigSecrets(mail.config)],
      level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
    });
    if (credentialsFile) log.info('github credentials read from the data folder', { file: credentialsFile });
    // A malformed mail setting falls back to its default (the bot still starts), said once here.
    for (const error of mail.errors) log.error('mail setting ignored', { error });
    const running = await startBot({
      config,
      mailConfig: mail.config,
      log,
      tracker: trackerFromConfig(config, log),
      host,
      stderr: (text) => process.stderr.write(text),
      watchRules: !['off', '0', 'false'].includes(rulesWatch),
    });
    if (!running) return 1;
    await untilSignal(running, log);
    // A job given up at the grace's end may still wait on the network (a stalled SMTP server, GitHub): it
    // must not keep the stopped process alive. Everything of ours is closed by now.
    setTimeout(() => process.exit(0), 500).unref();
    return 0;
  },
};

/** The value after `name` in argv (`--port 8787` or `--port=8787`). */
export function readOption(argv: readonly string[], name: string): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === name) return argv[index + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}
