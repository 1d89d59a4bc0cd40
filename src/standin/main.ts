// Runs the GitHub stand-in alone:
//   node src/standin/main.ts --port 3000 --data-dir .data/standin \
//     --repo acme/support --user repodesk-bot:standin-bot-token --user camille-durand:camille-token \
//     --webhook http://127.0.0.1:8080/api/github/webhooks --webhook-secret dev-secret

import { parseArgs } from 'node:util';
import { startStandin, type StandinUserOption } from './start-standin.ts';

const usage = `Usage: node src/standin/main.ts [options]

A local GitHub-compatible tracker (issues, labels, comments, timeline) for the offline stack and tests.

Options:
  --port N                 port to listen on (default 3000; 0 picks a free one)
  --host H                 address to bind (default 127.0.0.1)
  --data-dir DIR           keep state in DIR/standin.sqlite (default: $DATA_DIR/standin, else in memory)
  --repo OWNER/NAME        a repository to serve (repeatable; default acme/support)
  --user LOGIN[:TOKEN]     an account; the first is the bot (repeatable; default repodesk-bot:standin-bot-token);
                           its token calls the API and signs in to the agent page (an account without one can not)
  --webhook URL            send issues and issue_comment webhooks to URL (repeatable)
  --webhook-secret S       secret to sign webhooks with (default: $WEBHOOK_SECRET)
  --allow-clock-override   honour the x-standin-now header and PUT /_standin/clock
  --content-limits         enforce GitHub's 80 a minute / 500 an hour content creation limits
  --no-admin               disable /_standin (stats, faults, deliveries)
  -h, --help               show this text
`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        repo: { type: 'string', multiple: true },
        user: { type: 'string', multiple: true },
        webhook: { type: 'string', multiple: true },
        'webhook-secret': { type: 'string' },
        'allow-clock-override': { type: 'boolean', default: false },
        'content-limits': { type: 'boolean', default: false },
        'no-admin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`standin: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`standin: --port must be a number from 0 to 65535; found "${values.port}"\n`);
    return 2;
  }
  const users: StandinUserOption[] | undefined = values.user?.map((spec) => {
    const [login = '', token] = spec.split(':');
    return token ? { login, token } : { login };
  });
  const secret = values['webhook-secret'] ?? process.env.WEBHOOK_SECRET;
  if (values.webhook && !secret) {
    process.stderr.write(
      'standin: --webhook needs --webhook-secret (or WEBHOOK_SECRET) to sign deliveries\n',
    );
    return 2;
  }
  const dataDir =
    values['data-dir'] ?? (process.env.DATA_DIR ? `${process.env.DATA_DIR}/standin` : undefined);
  const log = {
    info: (message: string, fields?: Record<string, unknown>) =>
      process.stdout.write(JSON.stringify({ level: 'info', message, ...fields }) + '\n'),
    error: (message: string, fields?: Record<string, unknown>) =>
      process.stderr.write(JSON.stringify({ level: 'error', message, ...fields }) + '\n'),
  };
  const standin = await startStandin({
    port,
    host: values.host,
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(values.repo ? { repos: values.repo } : {}),
    ...(users ? { users } : {}),
    webhooks: (values.webhook ?? []).map((url) => ({ url, secret: secret ?? '' })),
    allowClockOverride: values['allow-clock-override'],
    contentLimits: values['content-limits'],
    admin: !values['no-admin'],
    log,
  });
  process.stdout.write(
    [
      `GitHub stand-in on ${standin.url}`,
      `  API base URL (Octokit baseUrl): ${standin.url}`,
      `  agent page:                     ${standin.url}/`,
      ...Object.entries(standin.tokens).map(([login, token]) => `  token for ${login}: ${token}`),
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await standin.close();
  return 0;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
