// The screenshot of the HTML report in the README: sixteen weeks of a generated desk on the repository's
// own rules (the Cassiopée template), written to the GitHub stand-in, reported for November by the real
// `repodesk report --format html`, opened in Chromium. Run: `node test/reporting/take-report-screenshot.ts`.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadRules } from '../../src/rules/load-rules.ts';
import { startStandin } from '../../src/standin/start-standin.ts';
import { launchBrowser } from '../site/support/browser.ts';
import { writeHistory } from './desk-history.ts';
import { generateDesk } from './generate-desk.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const end = Date.parse('2026-11-30T17:00:00Z');
const rules = (await loadRules(repo, { now: new Date(end) })).rules!;
const standin = await startStandin({
  users: [
    { login: 'repodesk-bot', token: 'bot-token' },
    ...rules.teams.agents.map((agent) => ({ login: agent.login, token: `${agent.login}-token` })),
  ],
  repos: [rules.desk.repository],
  allowClockOverride: true,
  validateResponses: false,
});
const folder = await mkdtemp(path.join(os.tmpdir(), 'repodesk-report-shot-'));
try {
  await writeHistory(standin, undefined, generateDesk(rules, { count: 1200, weeks: 16, end }), {
    repository: rules.desk.repository,
  });
  const file = path.join(folder, 'report.html');
  await run(
    process.execPath,
    [
      path.join(repo, 'bin/repodesk.js'),
      'report',
      '--root',
      repo,
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-30',
      '--now',
      '2026-11-30T17:00:00Z',
      '--format',
      'html',
      '--out',
      file,
    ],
    {
      env: {
        ...process.env,
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: rules.desk.repository,
        GITHUB_API_URL: standin.url,
      },
    },
  );
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.goto(pathToFileURL(file).href);
    const target = path.join(repo, 'docs/screenshots/report-desktop.png');
    await page.screenshot({ path: target });
    console.log(`wrote ${path.relative(repo, target)}`);
    if (process.argv.includes('--keep')) await run('cp', [file, '/tmp/report-screenshot.html']);
  } finally {
    await browser.close();
  }
} finally {
  await standin.close();
  await rm(folder, { recursive: true, force: true });
}
