// `repodesk setup github`: creates the desk's GitHub App from a manifest in the operator's browser and
// stores its credentials (setup/github-app-setup.ts); the manifest asks for what the code needs
// (tracker/app-permissions.ts, the webhook handlers' events).

import { parseArgs } from 'node:util';
import { handledEvents } from '../channels/github/handlers/index.ts';
import { dataDirOf } from '../config/credentials-file.ts';
import { appNameMaxLength, defaultAppName, eventsOf } from '../setup/app-manifest.ts';
import { runGithubAppSetup } from '../setup/github-app-setup.ts';
import { requiredAppPermissions } from '../tracker/app-permissions.ts';
import type { Command } from './command.ts';

const usage = `Usage: repodesk setup github [--repo OWNER/REPO] [--org ORG] [--bot-url URL] [--name NAME]
                            [--site-url URL] [--github-url URL] [--port N] [--timeout MINUTES] [--force]

Creates the desk's GitHub App with GitHub's manifest flow, in your browser: open the local page it prints
(signed in to GitHub), check the App GitHub shows, create it, then install it on the support repository.
The App asks for exactly what repodesk uses: issues: write and metadata: read, the issues and issue_comment
events, its webhook sent to <bot URL>/api/github/webhooks.

The credentials are stored in DATA_DIR/github-app.env (mode 0600): GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY,
GITHUB_APP_INSTALLATION_ID, WEBHOOK_SECRET, GITHUB_REPOSITORY, and the App's slug and client id and secret.
repodesk serve, start, doctor and privacy read that file; a variable set in the environment wins over it.
The webhook secret is printed once, here. Run again while the installation is missing, it only records it.

Options:
  --repo OWNER/REPO   the support repository (default: GITHUB_REPOSITORY)
  --org ORG           create the App for this organisation (default: for your own account)
  --bot-url URL       the bot's public URL, where GitHub sends webhooks (default: PUBLIC_BOT_URL)
  --name NAME         the App's name, ${appNameMaxLength} characters at most (default: repodesk-<owner>-<repo>; GitHub lets
                      you change it before creating)
  --site-url URL      the App's homepage (default: PUBLIC_SITE_URL, else the repository's page)
  --github-url URL    GitHub's web address (default: https://github.com, or GITHUB_API_URL without /api/v3)
  --port N            the local page's port, also in the App's return addresses (default 8790; 0: any)
  --timeout MINUTES   how long to wait for the browser (default 15)
  --force             create another App even though credentials are stored (the old file is kept, renamed)

Environment: GITHUB_API_URL (default https://api.github.com), DATA_DIR (default .data).
Exit status: 0 once the App is created, stored and installed on the repository; 1 otherwise; 2 for bad usage.
`;

/** github.com for api.github.com, the host of a GHES `/api/v3`, else the API's own address (the stand-in). */
export function webUrlOf(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, '');
  if (trimmed === 'https://api.github.com') return 'https://github.com';
  return trimmed.replace(/\/api\/v3$/, '');
}

function fail(message: string): number {
  process.stderr.write(
    `repodesk setup github: ${message}\nRun \`repodesk setup github --help\` for the options.\n`,
  );
  return 2;
}

export const command: Command = {
  summary: 'create the GitHub App from a manifest (browser flow) and store its credentials',
  usage,
  async run(argv) {
    const [target, ...rest] = argv;
    if (target !== 'github')
      return fail(`expected "github" (the only thing to set up), found "${target ?? ''}"`);
    let values;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          repo: { type: 'string' },
          org: { type: 'string' },
          'bot-url': { type: 'string' },
          name: { type: 'string' },
          'site-url': { type: 'string' },
          'github-url': { type: 'string' },
          port: { type: 'string', default: '8790' },
          timeout: { type: 'string', default: '15' },
          force: { type: 'boolean', default: false },
        },
      }));
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    const env = process.env;
    const repository = values.repo ?? env.GITHUB_REPOSITORY ?? '';
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
      return fail(
        `--repo: expected the support repository as OWNER/REPO (or GITHUB_REPOSITORY), found "${repository}"`,
      );
    const botUrl = (values['bot-url'] ?? env.PUBLIC_BOT_URL ?? '').replace(/\/+$/, '');
    if (!URL.canParse(botUrl))
      return fail(
        `--bot-url: expected the bot's public URL, where GitHub sends webhooks (or PUBLIC_BOT_URL), e.g. https://desk.example.org, found "${botUrl}"`,
      );
    const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    const webUrl = (values['github-url'] ?? webUrlOf(apiUrl)).replace(/\/+$/, '');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      return fail(`--port: expected a number from 0 to 65535, found "${values.port}"`);
    const minutes = Number(values.timeout);
    if (!Number.isFinite(minutes) || minutes <= 0)
      return fail(`--timeout: expected minutes above 0, found "${values.timeout}"`);
    const name = values.name ?? defaultAppName(repository);
    if (name.length === 0 || name.length > appNameMaxLength)
      return fail(`--name: expected 1 to ${appNameMaxLength} characters, found ${name.length}`);
    const homepage = (values['site-url'] ?? env.PUBLIC_SITE_URL ?? `${webUrl}/${repository}`).replace(
      /\/+$/,
      '',
    );
    try {
      return await runGithubAppSetup({
        apiUrl,
        webUrl,
        repository,
        ...(values.org ? { organisation: values.org } : {}),
        name,
        homepage,
        webhookUrl: `${botUrl}/api/github/webhooks`,
        permissions: requiredAppPermissions(),
        events: eventsOf(handledEvents()),
        dataDir: dataDirOf(env),
        port,
        timeoutMs: minutes * 60_000,
        force: values.force,
        out: (line) => process.stdout.write(`${line}\n`),
        now: () => new Date(),
      });
    } catch (error) {
      process.stderr.write(
        `repodesk setup github: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
  },
};
