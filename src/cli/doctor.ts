// `repodesk doctor`: checks a deployment (setup/run-doctor.ts) and prints each check with its fix.

import { parseArgs } from 'node:util';
import { withStoredCredentials } from '../config/credentials-file.ts';
import { loadConfig } from '../config/load-config.ts';
import { runDoctor, type DoctorCheck } from '../setup/run-doctor.ts';
import type { Command } from './command.ts';

const usage = `Usage: repodesk doctor [--fix] [--format text|json]

Checks what a real deployment needs, with the configuration \`repodesk serve\` reads (the environment,
and DATA_DIR/github-app.env written by \`repodesk setup github\`), and says how to fix each failure:
  configuration       every setting serve needs is set and well formed
  rules               rules/ under REPODESK_ROOT is valid (as \`repodesk validate\`)
  github-credentials  GitHub accepts the token or App; an App's installation grants issues: write and
                      metadata: read; a classic token has the repo scope
  repository          GITHUB_REPOSITORY, and every other repository rules/desk.yaml lists, is reachable
                      and not read-only
  webhook-secret      WEBHOOK_SECRET is set; an App sends its webhooks to PUBLIC_BOT_URL/api/github/webhooks
  labels              the desk's status, priority and type labels exist in every repository (--fix
                      creates the missing ones); a desk of several repositories gets a line for each
  clock               this machine's clock is within 30 s of GitHub's (its Date header)
  smtp                SMTP_URL logs in, and a test mail goes to the desk address (rules/desk.yaml mail.address)
  imap                IMAP_URL logs in and its mailbox exists
  site                PUBLIC_SITE_URL answers
  database            the store in DATA_DIR opens and passes its integrity check
A check whose setting is not configured, or that needs a check that failed, is skipped.

Options:
  --fix            create the missing labels in every repository of the desk (the only change the
                   doctor makes)
  --format FORMAT  text (default): one line per check, its finding and fix;
                   json: { ok, checks: [{ name, status: ok|failed|skipped, found, fix? }] }

Exit status: 0 when no check failed; 1 otherwise; 2 for bad usage.
`;

const marks: Record<DoctorCheck['status'], string> = { ok: 'ok     ', failed: 'FAILED ', skipped: 'skipped' };

function text(checks: DoctorCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    const [first = '', ...more] = check.found.split('\n');
    lines.push(`${marks[check.status]} ${check.name.padEnd(18)} ${first}`);
    for (const line of more) lines.push(`${' '.repeat(27)}${line}`);
    if (check.fix) lines.push(`${' '.repeat(27)}fix: ${check.fix}`);
  }
  const failures = checks.filter((check) => check.status === 'failed').length;
  lines.push(
    '',
    failures === 0
      ? `All ${checks.length - checks.filter((check) => check.status === 'skipped').length} checks passed (${checks.filter((check) => check.status === 'skipped').length} skipped).`
      : `${failures} of ${checks.length} checks failed.`,
  );
  return lines.join('\n') + '\n';
}

export const command: Command = {
  summary:
    'check a deployment (GitHub, webhook, labels, mail, site, clock, database, rules) and say how to fix it',
  usage,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { fix: { type: 'boolean', default: false }, format: { type: 'string', default: 'text' } },
      }));
    } catch (error) {
      process.stderr.write(
        `repodesk doctor: ${error instanceof Error ? error.message : String(error)}\nRun \`repodesk doctor --help\` for the options.\n`,
      );
      return 2;
    }
    if (values.format !== 'text' && values.format !== 'json') {
      process.stderr.write(`repodesk doctor: --format: expected text or json, found "${values.format}"\n`);
      return 2;
    }
    const { env } = withStoredCredentials(process.env);
    const { config, errors } = loadConfig(env, { mode: 'serve' });
    const checks = await runDoctor({ config, configErrors: errors, fix: values.fix, now: () => new Date() });
    const passed = checks.every((check) => check.status !== 'failed');
    process.stdout.write(
      values.format === 'json' ? JSON.stringify({ ok: passed, checks }, null, 2) + '\n' : text(checks),
    );
    return passed ? 0 : 1;
  },
};
