// `repodesk start` (`npm start`): with no GitHub credentials, the whole product on this machine (help site,
// bot, GitHub stand-in); with credentials, the bot as `repodesk serve` runs it.

import path from 'node:path';
import { withStoredCredentials } from '../config/credentials-file.ts';
import { loadConfig } from '../config/load-config.ts';
import { offlineBanner, startOfflineStack } from '../offline/offline-stack.ts';
import type { Command } from './command.ts';
import { readOption, command as serve, untilSignal } from './serve.ts';
import { createLogger } from '../config/logger.ts';

export const command: Command = {
  summary: 'start everything: offline stack without a GitHub token, else the bot',
  usage: `Usage: repodesk start [--root DIR] [--data-dir DIR] [--no-site]

Without GITHUB_TOKEN (or GitHub App credentials): starts the offline stack on localhost:
  - a local GitHub-compatible tracker with a page for agents (data in DATA_DIR/standin),
  - the bot, pointed at it with a generated token and webhook secret,
  - the local mail catcher the bot sends to, with a page to read the mail and answer as the customer,
  - the help site, built into DATA_DIR/site for the bot's address (reused while no source in site/,
    kb/, rules/ or src/ is newer and the bot keeps its address), served on localhost.
Every address is printed once all is up: site, agent page, the tracker's REST API, mail catcher, the bot
and its /healthz and /metrics. Ctrl+C stops everything.
Ports: site 4321, bot 8787 (PORT), tracker 3000, mail catcher 1080 (SMTP 1025); a busy port is replaced by a free one.
The bot sweeps SLA clocks and lifecycle rules every SWEEP_EVERY (default 15m; off: never), as serve does.
With GitHub credentials set (or stored by \`repodesk setup github\` in DATA_DIR): runs \`repodesk serve\`.
`,
  async run(argv) {
    const { env } = withStoredCredentials(process.env);
    if (env.GITHUB_TOKEN || env.GITHUB_APP_ID) return serve.run(argv);
    const { config, errors } = loadConfig(
      {
        ...env,
        REPODESK_ROOT: readOption(argv, '--root') ?? env.REPODESK_ROOT,
        DATA_DIR: readOption(argv, '--data-dir') ?? env.DATA_DIR,
      },
      { mode: 'offline' },
    );
    if (errors.length > 0) {
      process.stderr.write(
        `repodesk start: cannot start:\n${errors.map((error) => `  ${error}\n`).join('')}`,
      );
      return 2;
    }
    let stack;
    try {
      stack = await startOfflineStack({
        root: config.root,
        dataDir: config.dataDir,
        ports: {
          site: 4321,
          bot: env.PORT ? config.port : 8787,
          standin: 3000,
          mailWeb: 1080,
          mailSmtp: 1025,
        },
        withSite: !argv.includes('--no-site'),
        sweepEveryMs: config.sweepEveryMs,
        ...(config.alertTokens ? { alertTokens: config.alertTokens } : {}),
        env,
        progress: (line) => process.stdout.write(`${line}\n`),
      });
    } catch (error) {
      process.stderr.write(`repodesk start: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    process.stdout.write(offlineBanner(stack) + '\n');
    const relative = path.relative(process.cwd(), config.dataDir);
    const shown = relative === '' ? '.' : relative.startsWith('..') ? config.dataDir : relative;
    process.stdout.write(`(données / data: ${shown})\n`);
    await untilSignal(
      stack,
      createLogger({ write: (line) => process.stderr.write(`${line}\n`), level: 'warn' }),
    );
    return 0;
  },
};
