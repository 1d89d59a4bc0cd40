// `repodesk doctor`: checks what a real deployment needs, one check at a time, and says how to fix each
// failure. Every check answers { name, status, found, fix }: ok, failed, or skipped (not configured, or
// waiting on a check that failed). Nothing is changed, except the missing desk labels with `fix: true`.
// Secrets never appear in what it says: it names variables, not their values.

import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { BotConfig } from '../config/load-config.ts';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import type { Rules } from '../rules/types.ts';
import { grants, requiredAppPermissions } from '../tracker/app-permissions.ts';
import { GithubProbe } from '../tracker/github-probe.ts';
import { checkDatabase } from '../store/check-database.ts';

export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  /** What was found. */
  found: string;
  /** How to fix a failure. */
  fix?: string;
}

export interface DoctorOptions {
  config: BotConfig;
  /** Problems of the environment (loadConfig's errors): each one a sentence with its fix. */
  configErrors: string[];
  /** Create the missing desk labels. */
  fix: boolean;
  now: () => Date;
}

/** Past this, GitHub refuses an App's JWT (its `iat` is 60 s in the past) and SLA clocks drift. */
const maxClockSkewSeconds = 30;

/** The label colour of each kind of desk label, when the doctor creates one. */
const labelColours = { status: 'ededed', priority: 'd93f0b', type: '1d76db' } as const;

const ok = (name: string, found: string): DoctorCheck => ({ name, status: 'ok', found });
const failed = (name: string, found: string, fix: string): DoctorCheck => ({
  name,
  status: 'failed',
  found,
  fix,
});
const skipped = (name: string, found: string): DoctorCheck => ({ name, status: 'skipped', found });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs every check, in order; resolves once all are done. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const { config } = options;
  const checks: DoctorCheck[] = [];
  checks.push(
    options.configErrors.length === 0
      ? ok('configuration', 'the environment holds every setting repodesk serve needs')
      : failed(
          'configuration',
          options.configErrors.join('\n'),
          'set the variables named above (repodesk serve --help lists them); `repodesk setup github` stores the GitHub ones',
        ),
  );

  const loaded = await loadRules(config.root, { now: options.now() });
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  const rules = loaded.rules;
  checks.push(
    rules
      ? ok('rules', `${loaded.ruleFiles.length} files under ${config.root}/rules are valid`)
      : failed(
          'rules',
          errors
            .slice(0, 5)
            .map((problem) => formatProblem(problem))
            .join('\n') + (errors.length > 5 ? `\n… and ${errors.length - 5} more` : ''),
          'fix the files named above; `repodesk validate` lists every problem',
        ),
  );

  checks.push(...(await githubChecks(options, rules)));
  checks.push(await smtpCheck(config, rules));
  checks.push(await imapCheck(config));
  checks.push(await siteCheck(config));
  const database = await checkDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  checks.push(
    database.ok ? ok('database', database.found) : failed('database', database.found, database.fix),
  );
  return checks;
}

async function githubChecks(options: DoctorOptions, rules: Rules | undefined): Promise<DoctorCheck[]> {
  const { config } = options;
  const names = ['github-credentials', 'repository', 'webhook-secret', 'labels', 'clock'];
  const auth = config.githubAuth;
  if (!auth || !config.repository) {
    return names.map((name) =>
      skipped(name, 'no GitHub credentials or repository configured (see the configuration check)'),
    );
  }
  const checks: DoctorCheck[] = [];
  const probe = new GithubProbe({ apiUrl: config.githubApiUrl, repository: config.repository, auth });
  // The default repository, then every other one desk.yaml lists (confidential queues), each with its probe.
  const repositoryProbes = new Map([[config.repository, probe]]);
  for (const name of rules?.desk.repositories ?? [])
    if (![...repositoryProbes.keys()].some((known) => known.toLowerCase() === name.toLowerCase()))
      repositoryProbes.set(name, new GithubProbe({ apiUrl: config.githubApiUrl, repository: name, auth }));
  const appProbe =
    auth.kind === 'app'
      ? new GithubProbe({
          apiUrl: config.githubApiUrl,
          auth: { kind: 'app', appId: auth.appId, privateKey: auth.privateKey },
        })
      : undefined;

  // Credentials, and what they may do.
  try {
    if (auth.kind === 'app' && appProbe) {
      const identity = await appProbe.identity('app');
      const app = { slug: identity.kind === 'app' ? identity.slug : '' };
      const installation = await appProbe.installation(Number(auth.installationId));
      const missing = Object.entries(requiredAppPermissions()).filter(
        ([permission, access]) => !grants(installation.permissions[permission], access),
      );
      const granted = Object.entries(installation.permissions)
        .map(([permission, access]) => `${permission}: ${access}`)
        .join(', ');
      checks.push(
        missing.length === 0
          ? ok('github-credentials', `GitHub App ${app.slug} (installation ${installation.id}): ${granted}`)
          : failed(
              'github-credentials',
              `GitHub App ${app.slug} (installation ${installation.id}) may only ${granted || 'nothing'}; missing ${missing
                .map(([permission, access]) => `${permission}: ${access}`)
                .join(', ')}`,
              `on GitHub, the App's settings, Permissions and events: grant ${missing
                .map(([permission, access]) => `${permission}: ${access}`)
                .join(', ')}, then accept the new permissions on the installation`,
            ),
      );
    } else {
      const identity = await probe.identity('token');
      const scopes = identity.kind === 'token' ? identity.scopes : undefined;
      const enough = scopes === undefined || scopes.includes('repo') || scopes.includes('public_repo');
      checks.push(
        enough
          ? ok(
              'github-credentials',
              `GITHUB_TOKEN of ${identity.kind === 'token' ? identity.login : ''}${scopes ? ` (scopes: ${scopes.join(', ') || 'none'})` : ''}`,
            )
          : failed(
              'github-credentials',
              `GITHUB_TOKEN of ${identity.kind === 'token' ? identity.login : ''} has scopes ${scopes?.join(', ') || 'none'}; issues need repo (or public_repo for a public repository)`,
              'create a token with the repo scope, or a fine-grained token with Issues: read and write and Metadata: read on the repository',
            ),
      );
    }
  } catch (error) {
    checks.push(
      failed(
        'github-credentials',
        `GitHub refused them: ${messageOf(error)}`,
        auth.kind === 'app'
          ? 'check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID (`repodesk setup github` stores them)'
          : 'GITHUB_TOKEN is wrong, expired or revoked: create a new one',
      ),
    );
  }
  const credentialsOk = checks.at(-1)?.status === 'ok';

  // The repository: reachable, and writable for issues.
  if (!credentialsOk) {
    checks.push(skipped('repository', 'skipped: the credentials failed'));
  } else {
    const found: string[] = [];
    const fixes: string[] = [];
    for (const [name, repositoryProbe] of repositoryProbes) {
      const outcome = await repositoryReach(
        repositoryProbe,
        name,
        auth.kind,
        name === config.repository ? 'GITHUB_REPOSITORY' : 'repositories in rules/desk.yaml',
      );
      found.push(outcome.found);
      if (outcome.fix) fixes.push(outcome.fix);
    }
    checks.push(
      fixes.length === 0
        ? ok('repository', found.join('\n'))
        : failed('repository', found.join('\n'), fixes.join('; ')),
    );
  }
  const repositoryOk = checks.at(-1)?.status === 'ok';

  // The webhook secret, and for an App the URL its webhooks go to.
  if (config.webhookSecrets.length === 0) {
    checks.push(
      failed(
        'webhook-secret',
        'WEBHOOK_SECRET is not set: every webhook from GitHub would be refused',
        'set WEBHOOK_SECRET to the secret of the GitHub webhook (or of the App)',
      ),
    );
  } else if (appProbe && credentialsOk) {
    try {
      const url = await appProbe.appWebhookUrl();
      const expected = config.publicBotUrl ? `${config.publicBotUrl}/api/github/webhooks` : undefined;
      checks.push(
        url === ''
          ? failed(
              'webhook-secret',
              'WEBHOOK_SECRET is set, but the App has no webhook URL: GitHub sends the bot nothing',
              `on GitHub, the App's settings: set the webhook URL to ${expected ?? '<PUBLIC_BOT_URL>/api/github/webhooks'} and its secret to WEBHOOK_SECRET`,
            )
          : expected && url !== expected
            ? failed(
                'webhook-secret',
                `WEBHOOK_SECRET is set; the App sends its webhooks to ${url || 'nowhere'}, not to ${expected}`,
                `on GitHub, the App's settings: set the webhook URL to ${expected}`,
              )
            : ok('webhook-secret', `WEBHOOK_SECRET is set; the App sends its webhooks to ${url}`),
      );
    } catch (error) {
      checks.push(
        failed('webhook-secret', `the App's webhook: ${messageOf(error)}`, 'check the App credentials'),
      );
    }
  } else {
    checks.push(
      ok(
        'webhook-secret',
        `WEBHOOK_SECRET is set (${config.webhookSecrets.length} secret${config.webhookSecrets.length > 1 ? 's' : ''}); GitHub's webhook on the repository must use the same`,
      ),
    );
  }

  // The desk's labels (statuses, priorities, types).
  if (!repositoryOk || !rules) {
    checks.push(skipped('labels', `skipped: ${rules ? 'the repository failed' : 'the rules are invalid'}`));
  } else {
    checks.push(await labelsCheck(repositoryProbes, rules, options.fix));
  }

  // The clock, against GitHub's Date header.
  const date = probe.serverDate() ?? appProbe?.serverDate();
  if (date === undefined) {
    checks.push(skipped('clock', 'skipped: GitHub gave no Date header'));
  } else {
    const skew = Math.round((options.now().getTime() - Date.parse(date)) / 1000);
    checks.push(
      Math.abs(skew) <= maxClockSkewSeconds
        ? ok('clock', `${Math.abs(skew)} s from GitHub's clock`)
        : failed(
            'clock',
            `this machine's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} GitHub's (${date}); more than ${maxClockSkewSeconds} s`,
            'synchronise the clock (timedatectl set-ntp true, or chrony/ntpd)',
          ),
    );
  }
  return checks;
}

/** Whether the credentials reach repository `name` and may write its issues: what was found, and the fix when not. */
async function repositoryReach(
  probe: GithubProbe,
  name: string,
  auth: 'token' | 'app',
  setting: string,
): Promise<{ found: string; fix?: string }> {
  try {
    const repository = await probe.repository();
    const permissions = repository.permissions;
    if (permissions && !permissions.push && !permissions.triage)
      return {
        found: `${repository.fullName} is reachable, but read-only for these credentials`,
        fix: `give the account at least triage (better write) access to ${name}`,
      };
    return { found: `${repository.fullName} is reachable` };
  } catch (error) {
    return {
      found: `${name}: ${messageOf(error)}`,
      fix:
        auth === 'app'
          ? `install the App on ${name}, or fix ${setting}`
          : `fix ${setting}, or give the token's account access to ${name}`,
    };
  }
}

/**
 * The desk labels in every repository of `probes` (created where missing with `fix`). A desk of one
 * repository gets one line; several get one line each, named by their repository.
 */
async function labelsCheck(
  probes: ReadonlyMap<string, GithubProbe>,
  rules: Rules,
  fix: boolean,
): Promise<DoctorCheck> {
  const wanted = [
    ...Object.values(rules.desk.statuses).map((status) => ({
      name: status.label,
      colour: labelColours.status,
    })),
    ...rules.desk.priorities.map((priority) => ({ name: priority.label, colour: labelColours.priority })),
    ...rules.desk.types.map((type) => ({ name: type.label, colour: labelColours.type })),
  ];
  const lines: string[] = [];
  let missingAnywhere = false;
  for (const [repository, probe] of probes) {
    const line = (text: string) => lines.push(probes.size > 1 ? `${repository}: ${text}` : text);
    try {
      const present = new Set((await probe.labels()).map((name) => name.toLowerCase()));
      const missing = wanted.filter((label) => !present.has(label.name.toLowerCase()));
      const names = missing.map((label) => `"${label.name}"`).join(', ');
      if (missing.length === 0) line(`the ${wanted.length} desk labels exist`);
      else if (!fix) {
        missingAnywhere = true;
        line(`${missing.length} of the ${wanted.length} desk labels are missing: ${names}`);
      } else {
        for (const label of missing)
          await probe.createLabel({ name: label.name, color: label.colour, description: 'repodesk' });
        line(`created the ${missing.length} missing desk labels: ${names}`);
      }
    } catch (error) {
      line(messageOf(error));
      return failed(
        'labels',
        lines.join('\n'),
        `check the credentials may write issues (issues: write)${probes.size > 1 ? ` in ${repository}` : ''}`,
      );
    }
  }
  return missingAnywhere
    ? failed('labels', lines.join('\n'), 'run `repodesk doctor --fix` to create them')
    : ok('labels', lines.join('\n'));
}

async function smtpCheck(config: BotConfig, rules: Rules | undefined): Promise<DoctorCheck> {
  if (!config.smtpUrl) return skipped('smtp', 'SMTP_URL is not set: repodesk sends no mail');
  const url = new URL(config.smtpUrl);
  const where = `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 25)}`;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
  });
  try {
    await transport.verify();
    const address = rules?.desk.mail?.address;
    if (!address)
      return ok('smtp', `logged in to ${where}; no desk address in rules/desk.yaml to send a test mail to`);
    await transport.sendMail({
      from: address,
      to: address,
      subject: 'repodesk doctor: test mail',
      text: 'repodesk doctor sent this mail to check the desk can send mail. Nothing to do.',
      headers: { 'auto-submitted': 'auto-generated', 'x-repodesk-doctor': '1' },
    });
    return ok('smtp', `logged in to ${where} and sent a test mail to ${address}`);
  } catch (error) {
    const details = error as { code?: string; responseCode?: number; response?: string };
    const auth = details.code === 'EAUTH';
    return failed(
      'smtp',
      `${where}: ${auth ? `login refused (${details.response ?? details.responseCode ?? ''})` : (details.response ?? messageOf(error))}`,
      auth
        ? 'fix the user and password in SMTP_URL (smtp://user:password@host:port; encode special characters)'
        : 'check the host and port of SMTP_URL, and that this machine may reach it',
    );
  } finally {
    transport.close();
  }
}

async function imapCheck(config: BotConfig): Promise<DoctorCheck> {
  if (!config.imapUrl) return skipped('imap', 'IMAP_URL is not set: no mailbox is polled');
  const url = new URL(config.imapUrl);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  const where = `${url.hostname}:${url.port || (url.protocol === 'imaps:' ? 993 : 143)}`;
  const client = new ImapFlow({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'imaps:' ? 993 : 143)),
    secure: url.protocol === 'imaps:',
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    ...(url.hostname === '127.0.0.1' || url.hostname === 'localhost' ? { doSTARTTLS: false } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    // A refused login leaves the socket open: close it, or the command never ends.
    client.close();
    const details = error as { authenticationFailed?: boolean; code?: string };
    return failed(
      'imap',
      `${where}: ${details.authenticationFailed ? 'login refused' : (details.code ?? messageOf(error))}`,
      details.authenticationFailed
        ? 'fix the user and password in IMAP_URL (imap://user:password@host:port/MAILBOX; encode special characters)'
        : 'check the host and port of IMAP_URL, and that this machine may reach it',
    );
  }
  try {
    const opened = await client.mailboxOpen(mailbox, { readOnly: true });
    return ok('imap', `logged in to ${where}; mailbox ${mailbox} holds ${opened.exists} messages`);
  } catch {
    return failed(
      'imap',
      `${where}: logged in, but there is no mailbox "${mailbox}"`,
      'fix the mailbox in the path of IMAP_URL (imap://user:password@host/INBOX), or create it',
    );
  } finally {
    await client.logout().catch(() => {});
  }
}

async function siteCheck(config: BotConfig): Promise<DoctorCheck> {
  if (!config.publicSiteUrl)
    return skipped('site', 'PUBLIC_SITE_URL is not set: the forms post from nowhere');
  try {
    const response = await fetch(config.publicSiteUrl, {
      redirect: 'follow',
      signal: AbortSignal.timeout(15_000),
    });
    await response.body?.cancel();
    return response.ok
      ? ok('site', `${config.publicSiteUrl} answers ${response.status}`)
      : failed(
          'site',
          `${config.publicSiteUrl} answers ${response.status}`,
          'deploy the help site (npm run build; actions/workflows/pages.yml), or fix PUBLIC_SITE_URL',
        );
  } catch (error) {
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = reason?.code ?? reason?.message;
    return failed(
      'site',
      `${config.publicSiteUrl} cannot be reached (${cause ?? messageOf(error)})`,
      'deploy the help site, or fix PUBLIC_SITE_URL',
    );
  }
}
