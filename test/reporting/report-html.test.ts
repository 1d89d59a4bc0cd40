// The HTML report as a manager opens it: written by the real `repodesk report --format html --out` over
// ten weeks of a generated desk on the GitHub stand-in, then opened from disk in Chromium. It loads nothing
// from anywhere, runs no script, logs no console error, passes axe (WCAG 2.2 AA and best practices), and
// every chart is a titled figure followed by the table of its data, in French and in English.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { axeViolations } from '../site/support/axe.ts';
import { launchBrowser, type Browser } from '../site/support/browser.ts';
import { writeHistory } from './desk-history.ts';
import { generateDesk } from './generate-desk.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const end = Date.parse('2026-11-30T18:00:00Z');
let standin: Standin;
let browser: Browser;
let folder: string;

beforeAll(async () => {
  const rules = (await loadRules(root, { now: new Date(end) })).rules!;
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      ...rules.teams.agents.map((agent) => ({ login: agent.login, token: `${agent.login}-token` })),
    ],
    allowClockOverride: true,
  });
  await writeHistory(standin, undefined, generateDesk(rules, { count: 300, weeks: 10, end }));
  folder = await mkdtemp(path.join(os.tmpdir(), 'repodesk-report-html-'));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
  await rm(folder, { recursive: true, force: true });
});

async function htmlReport(lang: string): Promise<string> {
  const file = path.join(folder, `report.${lang}.html`);
  const { REPODESK_BOT_LOGIN: _ignored, DATA_DIR: _data, ...inherited } = process.env;
  await run(
    process.execPath,
    [
      bin,
      'report',
      '--root',
      root,
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-30',
      '--now',
      '2026-11-30T18:00:00Z',
      '--format',
      'html',
      '--lang',
      lang,
      '--by',
      'team',
      '--out',
      file,
    ],
    {
      env: {
        ...inherited,
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: standin.url,
      },
      timeout: 60_000,
    },
  );
  return file;
}

describe.each(['fr', 'en'])('the HTML report in %s', (lang) => {
  let file: string;
  beforeAll(async () => {
    file = await htmlReport(lang);
  }, 60_000);

  it('is one file with no script and no reference to anything outside it', async () => {
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(?:src|href)="(?!https:\/\/github\.com\/acme\/support\/issues\/)[^"#]/);
    expect(html).toContain(`<html lang="${lang}">`);
  });

  it('opens in Chromium with no console error and no request, and passes axe', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    try {
      await page.goto(pathToFileURL(file).href);
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('gives every chart a title and its data as a table right after it', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      const charts = await page.locator('figure').evaluateAll((figures) =>
        figures.map((figure) => ({
          title: figure.querySelector('figcaption')?.textContent ?? '',
          label: figure.querySelector('svg')?.getAttribute('aria-label') ?? '',
          table: figure.nextElementSibling?.querySelector('table caption')?.textContent ?? '',
        })),
      );
      // Daily volume, attainment per policy, two hour-of-week maps, one forecast per team and the desk.
      expect(charts.length).toBeGreaterThanOrEqual(6);
      for (const chart of charts) {
        expect(chart.title).not.toBe('');
        expect(chart.label).toBe(chart.title);
        expect(chart.table).not.toBe('');
      }
    } finally {
      await page.close();
    }
  });
});
