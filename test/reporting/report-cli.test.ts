// `repodesk report` as a manager runs it: the real binary against the GitHub stand-in, on a November of
// tickets written at chosen instants, whose answers were worked out by hand on the fixture's calendars
// (Paris, Monday to Friday 09:00–17:00, UTC+1 in November; `always`, 24×7): a first response across a
// weekend, a resolution paused while pending, a reopened ticket, a merged one, a late urgent one, and a
// ticket from October still open.

import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reporting/build-report.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { openFeedbackLog } from '../../src/store/feedback-log.ts';
import { openSatisfactionLog } from '../../src/store/satisfaction-log.ts';
import { openStore } from '../../src/store/open-store.ts';
import { writeHistory, type TicketScript } from './desk-history.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const minute = 60_000;
const hour = 60 * minute;
let clock = Date.parse('2026-10-01T00:00:00Z');
let standin: Standin;
let numbers: number[];
let folder: string;

const normal = ['status: new', 'priority: normal', 'team: billing'];
const history: TicketScript[] = [
  // O: opened in October, never answered: still open, its clocks breached.
  { title: 'Ancienne demande', at: '2026-10-15T08:00:00Z', labels: normal, steps: [] },
  // A: Friday 16:00 Paris, answered Monday 10:00: 1 h on Friday + 1 h on Monday = 2 business hours.
  {
    title: 'Across a weekend',
    at: '2026-11-20T15:00:00Z',
    labels: normal,
    facts: 'channel=web sender=unverified language=fr form=incident',
    steps: [{ at: '2026-11-23T09:00:00Z', reply: 'Bonjour', status: 'open' }],
  },
  // B: answered after 1 h and set pending until Thursday 09:00, resolved at 11:00: 1 h + 2 h = 3 h.
  {
    title: 'Paused while pending',
    at: '2026-11-03T08:00:00Z',
    labels: normal,
    facts: 'channel=web sender=unverified language=fr form=incident',
    steps: [
      { at: '2026-11-03T09:00:00Z', reply: 'Pouvez-vous préciser ?', status: 'pending' },
      { at: '2026-11-05T08:00:00Z', status: 'open' },
      { at: '2026-11-05T10:00:00Z', status: 'resolved' },
    ],
  },
  // C: answered after 30 min, resolved at 1 h, reopened next morning, resolved again 1 h later: 2 h.
  {
    title: 'Reopened',
    at: '2026-11-09T08:00:00Z',
    labels: normal,
    facts: 'channel=email language=en',
    steps: [
      { at: '2026-11-09T08:30:00Z', reply: 'Voici la marche à suivre.' },
      { at: '2026-11-09T09:00:00Z', status: 'resolved' },
      { at: '2026-11-10T08:00:00Z', status: 'open' },
      { at: '2026-11-10T09:00:00Z', status: 'resolved' },
    ],
  },
  // D: merged into another ticket two hours later, never answered.
  {
    title: 'Merged duplicate',
    at: '2026-11-11T08:00:00Z',
    labels: normal,
    facts: 'channel=email language=fr',
    steps: [{ at: '2026-11-11T10:00:00Z', close: 'duplicate' }],
  },
  // F: answered after 30 min; the customer writes at 10:00, the next reply comes at 13:00: 3 h.
  {
    title: 'Next response',
    at: '2026-11-16T08:00:00Z',
    labels: normal,
    facts: 'channel=web sender=unverified language=fr form=question',
    steps: [
      { at: '2026-11-16T08:30:00Z', reply: 'Bonjour', status: 'open' },
      { at: '2026-11-16T09:00:00Z', customer: 'Cela ne marche toujours pas.' },
      { at: '2026-11-16T12:00:00Z', reply: 'Essayez ceci.' },
    ],
  },
  // G: urgent (24×7, first response 1 h, resolution 8 h), answered after 2 h 30: late; never resolved.
  {
    title: 'Urgent @someone #12',
    at: '2026-11-23T10:00:00Z',
    labels: ['status: new', 'priority: urgent', 'team: it'],
    steps: [{ at: '2026-11-23T12:30:00Z', as: 'hugo', reply: 'Nous regardons.', status: 'open' }],
  },
  // Last month's report, published by the monthly workflow in the same repository: no ticket.
  {
    title: 'Service report 2026-10-01 – 2026-10-31',
    at: '2026-11-01T06:00:00Z',
    labels: ['repodesk-report'],
    steps: [{ at: '2026-11-01T06:00:01Z', as: 'bot', close: 'completed' }],
  },
];

async function repodesk(args: string[], env: Record<string, string> = {}) {
  const { REPODESK_BOT_LOGIN: _ignored, DATA_DIR: _data, ...inherited } = process.env;
  const environment = {
    ...inherited,
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
    GITHUB_SERVER_URL: 'https://github.example',
    ...env,
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'report', ...args], {
      env: environment,
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const november = [
  '--root',
  root,
  '--from',
  '2026-11-01',
  '--to',
  '2026-11-30',
  '--now',
  '2026-12-01T12:00:00Z',
];

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille', token: 'camille-token' },
      { login: 'hugo', token: 'hugo-token' },
    ],
    now: () => clock,
  });
  numbers = await writeHistory(standin, (iso) => (clock = Date.parse(iso)), history);
  clock = Date.parse('2026-12-01T12:00:00Z');
  folder = await mkdtemp(path.join(os.tmpdir(), 'repodesk-report-'));
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
  await rm(folder, { recursive: true, force: true });
});

describe('repodesk report over a generated November', () => {
  let report: Report & { requests: { requests: number; notModified: number; writes: number } };
  beforeAll(async () => {
    const result = await repodesk([...november, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    report = JSON.parse(result.stdout);
  }, 60_000);

  it('counts first responses in business time: 2 h across a weekend, the late urgent one on 24×7', () => {
    const times = report.serviceLevels.clocks.firstResponse.times;
    // Answered in November: 30 min (C), 30 min (F), 1 h (B), 2 h (A), 2 h 30 (G).
    expect(times.count).toBe(5);
    expect(times.median).toBe(1 * hour);
    expect(times.mean).toBe(78 * minute);
    expect(times.p90).toBe(138 * minute);
    expect(report.serviceLevels.clocks.firstResponse.attainment).toEqual({
      count: 5,
      within: 4,
      missed: 1,
      rate: 0.8,
    });
  });

  it('does not count the time a ticket waits for the customer, and adds up a reopened ticket’s two stretches', () => {
    const resolution = report.serviceLevels.clocks.resolution;
    // B: 1 h + 2 h (pending paused the clock); C: 1 h + 1 h (reopened). Merged D never counts.
    expect(resolution.times.count).toBe(2);
    expect(resolution.times.median).toBe(2.5 * hour);
    // B and C within 5 business days; G (urgent, 8 h) and O (October) missed in November.
    expect(resolution.attainment).toEqual({ count: 4, within: 2, missed: 2, rate: 0.5 });
    expect(report.serviceLevels.clocks.nextResponse.times).toMatchObject({ count: 1, median: 3 * hour });
  });

  it('lists every breach with its link, late or still open', () => {
    const [o, , , , , , g] = numbers;
    expect(
      report.serviceLevels.breaches.map((breach) => [breach.number, breach.clock, breach.state]),
    ).toEqual([
      [o, 'firstResponse', 'open'],
      [o, 'resolution', 'open'],
      [g, 'firstResponse', 'late'],
      [g, 'resolution', 'open'],
    ]);
    expect(report.serviceLevels.breaches[2]).toMatchObject({
      url: `https://github.example/acme/support/issues/${g}`,
      policy: 'urgent',
      target: '1h',
      elapsedMs: 2.5 * hour,
    });
  });

  it('reopen and one-touch rates: of B and C, C was reopened and B solved after one reply', () => {
    expect(report.serviceLevels.reopened).toEqual({ of: 2, count: 1, rate: 0.5 });
    expect(report.serviceLevels.oneTouch).toEqual({ of: 2, count: 1, rate: 0.5 });
  });

  it('the backlog at the end of November: A, F, G and October’s O, never the merged D', () => {
    const backlog = report.serviceLevels.backlog;
    expect(backlog.open).toBe(4);
    expect(backlog.byStatus).toEqual({ new: 1, open: 3 });
    expect(backlog.ages.find((age) => age.band === '>=30d')?.count).toBe(1);
  });

  it('counts the merged ticket once as created, never as resolved or closed', () => {
    expect(report.volume.totals).toEqual({ created: 6, resolved: 3, closed: 0, merged: 1 });
    const day = (date: string) => report.volume.days.find((line) => line.day === date);
    expect(day('2026-11-11')).toEqual({ day: '2026-11-11', created: 1, resolved: 0, closed: 0 });
    expect(day('2026-11-10')).toEqual({ day: '2026-11-10', created: 0, resolved: 1, closed: 0 });
    expect(report.volume.days).toHaveLength(30);
  });

  it('counts requests per channel and form from the facts markers of repodesk’s own issues', () => {
    expect(report.volume.by.channel).toEqual([
      { value: 'web', count: 3 },
      { value: 'email', count: 2 },
      { value: 'github', count: 1 },
    ]);
    expect(report.volume.by.form).toEqual([
      { value: '—', count: 3 },
      { value: 'incident', count: 2 },
      { value: 'question', count: 1 },
    ]);
    expect(report.volume.by.team).toEqual([
      { value: 'billing', count: 5 },
      { value: 'it', count: 1 },
    ]);
  });

  it('credits agents with their replies and first responses; CSAT stays empty', () => {
    expect(report.agents.mode).toBe('agents');
    const camille = report.agents.agents.find((line) => line.login === 'camille');
    expect(camille).toMatchObject({ handled: 4, publicReplies: 5, csat: null });
    expect(camille?.firstResponse).toMatchObject({ count: 4, median: 45 * minute });
    expect(report.agents.agents.find((line) => line.login === 'hugo')).toMatchObject({
      handled: 1,
      publicReplies: 1,
    });
    expect(report.satisfaction).toBeNull();
  });

  it('skips the report issues the monthly workflow publishes (label repodesk-report)', () => {
    expect(report.tickets).toEqual({ listed: 7, measured: 7 });
  });

  it('states the GitHub requests it made and never writes', () => {
    expect(report.requests.writes).toBe(0);
    expect(report.requests.requests).toBeGreaterThan(0);
  });
});

describe('repodesk report: cache, settings, the bot store and bad input', () => {
  it('a second report with --cache reads no timeline: one 304 per page of 100 issues, nothing else', async () => {
    const cache = path.join(folder, 'report-cache.json');
    const first = await repodesk([...november, '--format', 'json', '--cache', cache]);
    expect(first.code).toBe(0);
    standin.resetStats();
    const second = await repodesk([...november, '--format', 'json', '--cache', cache]);
    expect(second.code).toBe(0);
    // Eight issues: one page, answered 304; the login the token writes as comes from the cache too.
    expect(JSON.parse(second.stdout).requests).toEqual({ requests: 1, notModified: 1, writes: 0 });
    expect(standin.stats().total).toBe(1);
    expect(JSON.parse(second.stdout).serviceLevels).toEqual(JSON.parse(first.stdout).serviceLevels);
  });

  it('a ticket changed since the cached run is read again, and only that one', async () => {
    const cache = path.join(folder, 'report-cache-2.json');
    await repodesk([...november, '--format', 'json', '--cache', cache]);
    clock = Date.parse('2026-12-01T12:30:00Z');
    await fetch(`${standin.url}/repos/acme/support/issues/${numbers[1]}/comments`, {
      method: 'POST',
      headers: { authorization: 'token camille-token' },
      body: JSON.stringify({ body: 'Note interne' }),
    });
    standin.resetStats();
    const again = await repodesk([...november, '--format', 'json', '--cache', cache]);
    expect(again.code).toBe(0);
    const byRoute = standin.stats().requests;
    expect(byRoute['GET /repos/{owner}/{repo}/issues/{issue_number}/timeline']).toBe(1);
  });

  it('a desk with reports.perAgent: false shows teams only and refuses --by agent', async () => {
    const desk = path.join(folder, 'teams-only');
    await cp(root, desk, { recursive: true });
    const deskFile = path.join(desk, 'rules/desk.yaml');
    await writeFile(deskFile, `${await readFile(deskFile, 'utf8')}\nreports:\n  perAgent: false\n`);
    const result = await repodesk([...november, '--root', desk, '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.agents.mode).toBe('teams');
    expect(report.agents.agents).toEqual([]);
    expect(report.agents.teams.map((line) => [line.team, line.handled])).toEqual([
      ['billing', 4],
      ['it', 1],
    ]);
    const text = await repodesk([...november, '--root', desk, '--lang', 'en']);
    expect(text.stdout).toContain('This desk shows teams only (desk.yaml reports.perAgent: false).');
    expect(text.stdout).not.toContain('@camille');
    const refused = await repodesk([...november, '--root', desk, '--by', 'agent']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'repodesk report: --by agent: this desk shows teams only (rules/desk.yaml reports.perAgent: false); use --by team, or set reports.perAgent: true\n',
    );
  });

  it('without the bot’s data folder says the self-service figures are missing; with it, deflections per form', async () => {
    const without = await repodesk([...november, '--lang', 'en']);
    expect(without.stdout).toContain(
      "Not known: the help site's signals live in the bot's data folder, which this run did not read (pass --data-dir; a GitHub Actions run has none).",
    );
    expect(without.stdout).toContain(
      "Not known: the ratings of the resolution mail's survey live in the bot's store, which this run did not read (pass --data-dir, or set DATABASE_URL; a GitHub Actions run has none).",
    );
    const dataDir = path.join(folder, 'data');
    const store = await openStore({ dataDir });
    const log = openFeedbackLog(store);
    const at = Date.parse('2026-11-12T10:00:00Z');
    for (const entry of [
      { kind: 'deflection', lang: 'fr', article: 'reinitialiser-mot-de-passe', form: 'incident', at },
      { kind: 'deflection', lang: 'fr', article: 'reinitialiser-mot-de-passe', form: 'incident', at },
      { kind: 'article-not-helpful', lang: 'fr', article: 'vpn', at },
      { kind: 'article-not-helpful', lang: 'fr', article: 'vpn', at },
      { kind: 'article-helpful', lang: 'fr', article: 'reinitialiser-mot-de-passe', at },
      { kind: 'empty-search', lang: 'fr', query: 'imprimante', at },
      { kind: 'empty-search', lang: 'fr', query: 'Imprimante !', at },
      // The assistant: two conversations solved by an article, one sent to a form.
      { kind: 'assistant', lang: 'fr', outcome: 'deflected', article: 'vpn', at },
      { kind: 'assistant', lang: 'en', outcome: 'deflected', article: 'vpn', at },
      { kind: 'assistant', lang: 'fr', outcome: 'escalated', form: 'incident', at },
      // Before the period: not counted.
      {
        kind: 'deflection',
        lang: 'fr',
        article: 'vpn',
        form: 'question',
        at: Date.parse('2026-10-20T10:00:00Z'),
      },
    ] as const)
      await log.add(entry);
    await store.close();
    const result = await repodesk([...november, '--format', 'json', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    const self = (JSON.parse(result.stdout) as Report).selfService;
    expect(self.recorded).toBe(true);
    expect(self.emptySearchCount).toBe(2);
    expect(self.emptySearches).toHaveLength(1);
    // Two deflections against the three requests the site's forms sent (incident 2, question 1).
    expect(self.deflectionRate).toEqual({ of: 5, count: 2, rate: 0.4 });
    expect(self.byForm).toEqual([
      { form: 'incident', deflections: 2, requests: 2, rate: { of: 4, count: 2, rate: 0.5 } },
      { form: 'question', deflections: 0, requests: 1, rate: { of: 1, count: 0, rate: 0 } },
    ]);
    expect(self.candidates[0]).toEqual({
      article: 'vpn',
      lang: 'fr',
      notHelpful: 2,
      helpful: 0,
      deflections: 0,
      comments: 0,
    });
    // The assistant's outcomes are their own line, not counted as the form suggestions' deflections.
    expect(self.assistant).toEqual({ deflected: 2, escalated: 1, solved: { of: 3, count: 2, rate: 2 / 3 } });
    const english = await repodesk([...november, '--data-dir', dataDir, '--lang', 'en']);
    expect(english.stdout).toContain(
      'Assistant: 2 solved by an article (deflected), 1 sent to a request form (escalated); 66.7% solved',
    );
    const french = await repodesk([...november, '--data-dir', dataDir, '--lang', 'fr']);
    // French puts a narrow no-break space before the percent sign.
    expect(french.stdout.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      'Assistant : 2 résolues par un article (demandes évitées), 1 orientées vers un formulaire (escaladées) ; 66,7 % résolues',
    );
  });

  it('with the bot’s store: CSAT of the period, per week, team, agent and group, and the comments, in every format', async () => {
    const dataDir = path.join(folder, 'data-csat');
    const store = await openStore({ dataDir });
    const log = openSatisfactionLog(store);
    const [o, a, b, c] = numbers;
    const rate = async (number: number, rating: 'good' | 'bad', at: string, comment?: string) => {
      const ref = `RD-TEST-${String(number).padStart(4, '0')}`;
      await log.rate({ ref, issueNumber: number, rating, lang: 'fr', at: Date.parse(at) });
      if (comment) await log.comment(ref, comment);
    };
    await rate(b!, 'bad', '2026-11-05T11:00:00Z');
    // The last click counts: B was rated bad, then good.
    await rate(b!, 'good', '2026-11-05T12:00:00Z', 'Merci, très clair.');
    await rate(c!, 'bad', '2026-11-10T10:00:00Z', 'Il a fallu rouvrir la demande.');
    await rate(a!, 'good', '2026-11-23T10:00:00Z');
    // October's ticket rated before the period: not counted.
    await rate(o!, 'good', '2026-10-20T10:00:00Z', 'Hors période');
    await store.close();
    const args = [...november, '--data-dir', dataDir, '--lang', 'en'];

    const json = await repodesk([...args, '--format', 'json', '--by', 'team']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.satisfaction).toMatchObject({ good: 2, bad: 1 });
    expect(report.satisfaction?.score).toBeCloseTo(2 / 3);
    expect(report.satisfaction?.comments).toEqual([
      { number: c, rating: 'bad', at: '2026-11-10T10:00:00.000Z', comment: 'Il a fallu rouvrir la demande.' },
      { number: b, rating: 'good', at: '2026-11-05T12:00:00.000Z', comment: 'Merci, très clair.' },
    ]);
    const weeks = report.satisfaction!.weeks.filter((week) => week.good + week.bad > 0);
    expect(weeks.map((week) => [week.good, week.bad])).toEqual([
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(report.agents.agents.find((line) => line.login === 'camille')?.csat).toMatchObject({
      good: 2,
      bad: 1,
    });
    expect(report.agents.agents.find((line) => line.login === 'hugo')?.csat).toEqual({
      good: 0,
      bad: 0,
      score: null,
    });
    expect(report.agents.teams.find((line) => line.team === 'billing')?.csat).toMatchObject({
      good: 2,
      bad: 1,
    });
    expect(report.groups?.lines.find((line) => line.group === 'billing')?.csat).toMatchObject({
      good: 2,
      bad: 1,
    });

    const csv = await repodesk([...args, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^billing,.*,2,1,0\.6667$/);
    expect(csv.stdout.split('\r\n')[2]).toMatch(/^it,.*,0,0,$/);

    for (const format of ['text', 'markdown', 'html']) {
      const output = (await repodesk([...args, '--format', format])).stdout;
      expect(output, format).toContain('2 good, 1 bad (3 ratings in the period; the last click counts).');
      expect(output, format).toContain("Customers' comments");
      expect(output, format).toContain('Il a fallu rouvrir la demande.');
      expect(output, format).toContain('CSAT per week');
      expect(output, format).not.toContain('Hors période');
    }
    const french = await repodesk([...november, '--data-dir', dataDir]);
    // French puts a narrow no-break space before the percent sign.
    expect(french.stdout.replace(/[\u00a0\u202f]/g, ' ')).toContain(
      '2 satisfaits, 1 pas satisfaits (3 avis sur la période ; le dernier clic compte).',
    );
  }, 180_000);

  it.each([
    [
      ['--by', 'weather'],
      '--by: expected one of team, agent, type, channel, organisation, priority, found "weather"',
    ],
    [['--format', 'pdf'], '--format: expected one of text, json, csv, html, markdown, found "pdf"'],
    [['--lang', 'de'], '--lang: expected en or fr, found "de"'],
    [
      ['--from', '2026-12-01'],
      '--from 2026-11-30T23:00:00.000Z is after --to 2026-11-30T22:59:59.999Z; the period must start before it ends',
    ],
    [['--from', '2026-02-30'], '--from: "2026-02-30" is not a day of the calendar; expected e.g. 2026-11-01'],
    [
      ['--to', 'yesterday'],
      '--to: expected a day such as 2026-11-01 or an ISO-8601 time such as 2026-11-30T18:00:00Z, found "yesterday"',
    ],
    [['monthly'], 'unknown report "monthly"; expected options, or: feedback'],
  ])('refuses %j with a message saying what was expected', async (args, message) => {
    const result = await repodesk([...november, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`repodesk report: ${message}`);
  });

  it('--help lists the service report and the feedback report', async () => {
    const help = await repodesk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Usage: repodesk report [--from DATE] [--to DATE] [--by team|agent|type|channel|organisation|priority]',
    );
    expect(help.stdout).toContain('Usage: repodesk report feedback');
  });

  it('csv: one row per team with the documented columns; markdown: titles made inert; text: the request count on stderr', async () => {
    const csv = await repodesk([...november, '--format', 'csv']);
    const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
    expect(header).toBe(
      'group,created,resolved,backlog,first_response_count,first_response_median_min,first_response_p90_min,first_response_mean_min,resolution_count,resolution_median_min,resolution_p90_min,resolution_mean_min,clocks,within_target,missed,attainment,csat_good,csat_bad,csat',
    );
    expect(rows).toEqual([
      // Billing: A, B, C, F answered, F's next response, B and C resolved within; O's resolution missed.
      'billing,5,2,3,4,45.0,102.0,60.0,2,150.0,174.0,150.0,8,7,1,0.8750,,,',
      // IT: G, answered late and still unresolved past its 8 hours.
      'it,1,0,1,1,150.0,150.0,150.0,0,,,,2,0,2,0.0000,,,',
    ]);
    const markdown = await repodesk([...november, '--format', 'markdown', '--lang', 'en']);
    expect(markdown.stdout).toContain('Urgent @\u200dsomeone #\u200d12');
    expect(markdown.stdout).not.toMatch(/@someone|#12/);
    const text = await repodesk(november);
    expect(text.stderr).toMatch(/^\d+ requêtes GitHub \(\d+ non modifiées\)\n$/);
  });
});
