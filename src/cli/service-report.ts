// `repodesk report [--from D] [--to D] [--by …] [--format …] [--out FILE]`: the service report of a period.
// The edge of src/reporting: reads the rules, the issues and timelines through the Tracker port (with a
// cache of ETags and timelines between runs), the help site's signals from the bot's store when a data
// folder is given, then renders the pure engine's report. Reads only; the GitHub request count ends every
// run (stderr, or a field of the JSON).

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { buildReport, type Report } from '../reporting/build-report.ts';
import { groupings, type Grouping } from '../reporting/group-report.ts';
import { renderCsv, csvColumns } from '../reporting/render-csv.ts';
import { renderHtml } from '../reporting/render-html.ts';
import { renderMarkdown } from '../reporting/render-markdown.ts';
import { renderText } from '../reporting/render-text.ts';
import { reportDocument } from '../reporting/report-document.ts';
import { reportLanguages, reportTexts } from '../reporting/report-texts.ts';
import type { FeedbackEntry } from '../feedback/feedback-entry.ts';
import { loadConfig } from '../config/load-config.ts';
import { openFeedbackLog } from '../store/feedback-log.ts';
import { openSatisfactionLog } from '../store/satisfaction-log.ts';
import type { SatisfactionRating } from '../reporting/satisfaction.ts';
import { openStore } from '../store/open-store.ts';
import { calendarOf } from '../sweep/plan-ticket.ts';
import { repodeskLoginsOf } from '../sweep/run-sweep.ts';
import {
  emptySweepCache,
  parseSweepCache,
  serialiseSweepCache,
  type SweepCache,
} from '../sweep/sweep-cache.ts';
import { rulesOrProblems, trackerFromEnvironment } from '../sweep/sweep-environment.ts';
import type { ReportTicket } from '../reporting/measure-ticket.ts';
import type { Rules } from '../rules/types.ts';
import { readReportTickets } from './report-tickets.ts';

const formats = ['text', 'json', 'csv', 'html', 'markdown'] as const;
type Format = (typeof formats)[number];
const defaultDays = 30;

export const serviceUsage = `Usage: repodesk report [--from DATE] [--to DATE] [--by ${groupings.join('|')}]
                       [--format ${formats.join('|')}] [--out FILE] [--lang ${reportLanguages.join('|')}]
                       [--root DIR] [--repository OWNER/REPO] [--cache FILE] [--data-dir DIR] [--now ISO-8601]

The service report of a period, from the issues and timelines of every repository desk.yaml lists
(\`repositories\`: confidential queues; each issue counted once, in its own repository):
  - service levels in business time, each ticket on its own SLA calendar with the sweep's engine (the
    report and the SLA labels never disagree): first response, next response, resolution (median,
    90th percentile, mean), attainment per policy, breaches with links, reopen and one-touch rates,
    the backlog and its age at the end of the period;
  - volume per day and week, per channel, type, team, organisation, form and language, and the hour of
    the week requests arrive next to the agent-hours teams.yaml schedules;
  - agents (or teams only, desk.yaml reports.perAgent: false): tickets handled, public replies, median
    first response and resolution, CSAT;
  - satisfaction (CSAT), from the bot's store: the ratings of the resolution mail's survey, the score
    of the period and per week (per team and agent in their tables, per group with --by), and the
    customers' comments;
  - self-service, from the bot's data folder: searches that found nothing, votes, deflections and the
    deflection rate per form, articles read and found unhelpful;
  - a forecast of the next four weeks per team (SARIMA with weekly season and holidays), its 80 %
    interval, its error on the last 8 weeks (MAPE) and the agent-hours it needs.
A merged ticket (closed by GitHub as a duplicate) counts once, as created, never as resolved.

Options:
  --from DATE       first day of the period, YYYY-MM-DD in the desk's timezone, or an ISO-8601 time
                    (default: ${defaultDays} days before --to)
  --to DATE         last day of the period, included (default: now)
  --by DIMENSION    add the service table per ${groupings.join(', ')}
  --format FORMAT   text (default), json, csv (the --by table, default --by team), markdown (for an
                    issue), html (one self-contained file with charts)
  --out FILE        write the report to FILE instead of standard output
  --lang LANG       ${reportLanguages.join(' or ')} (default: the desk's first language)
  --root DIR        the repository root that holds rules/ (default: .)
  --repository R    the desk's default repository owner/repo (default: GITHUB_REPOSITORY); the
                    others desk.yaml lists are read with the same token
  --cache FILE      keep the ETags of the issue pages and the timelines read in FILE (every repository
                    in one file): a second report over an unchanged desk costs one 304 per 100 issues
                    of each repository (use its own file, not the sweep's)
  --data-dir DIR    the bot's data folder (default: DATA_DIR), for the help site's signals and the
                    satisfaction ratings; with DATABASE_URL set (and no --data-dir) they are read
                    from that PostgreSQL, as \`repodesk jobs\` does; without either the self-service
                    and satisfaction sections say they are not known
  --now ISO-8601    report as of this time (default: now)

CSV columns (one row per group): ${csvColumns.map(([name]) => name).join(', ')}
(times in business minutes, attainment from 0 to 1; see the README).

Environment: GITHUB_TOKEN (or GitHub App credentials), GITHUB_REPOSITORY, GITHUB_API_URL,
GITHUB_SERVER_URL (for the links to issues; default https://github.com), REPODESK_BOT_LOGIN,
REPODESK_OTHER_LOGINS, DATA_DIR: as for repodesk sweep; DATABASE_URL: as for repodesk serve.

Exit status: 0 on success, 1 when the rules, the environment, GitHub or the store fail, 2 for bad usage.
`;

interface Options {
  from?: string;
  to?: string;
  by?: Grouping;
  format: Format;
  out?: string;
  lang?: string;
  root: string;
  repository?: string;
  cache?: string;
  dataDir?: string;
  /** The bot's PostgreSQL (DATABASE_URL, no --data-dir): the help site's signals are read there. */
  databaseUrl?: string;
  now: number;
}

const valued = [
  '--from',
  '--to',
  '--by',
  '--format',
  '--out',
  '--lang',
  '--root',
  '--repository',
  '--cache',
  '--data-dir',
  '--now',
];

function parseArgs(argv: string[]): Options | string {
  const values: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!valued.includes(name))
      return arg.startsWith('-')
        ? `unknown option "${arg}"; expected ${valued.join(', ')}`
        : `unknown report "${arg}"; expected options, or: feedback`;
    const value = inline ?? argv[(index += 1)];
    if (value === undefined || value === '') return `${name} needs a value`;
    values[name] = value;
  }
  const format = values['--format'] ?? 'text';
  if (!(formats as readonly string[]).includes(format))
    return `--format: expected one of ${formats.join(', ')}, found "${format}"`;
  const by = values['--by'];
  if (by !== undefined && !(groupings as readonly string[]).includes(by))
    return `--by: expected one of ${groupings.join(', ')}, found "${by}"`;
  const lang = values['--lang'];
  if (lang !== undefined && !reportLanguages.includes(lang))
    return `--lang: expected ${reportLanguages.join(' or ')}, found "${lang}"`;
  const now = values['--now'] === undefined ? Date.now() : Date.parse(values['--now']);
  if (Number.isNaN(now))
    return `--now: expected an ISO-8601 time such as 2026-11-30T18:00:00Z, found "${values['--now']}"`;
  const options: Options = { format: format as Format, root: values['--root'] ?? '.', now };
  if (values['--from'] !== undefined) options.from = values['--from'];
  if (values['--to'] !== undefined) options.to = values['--to'];
  if (by !== undefined) options.by = by as Grouping;
  if (values['--out'] !== undefined) options.out = values['--out'];
  if (lang !== undefined) options.lang = lang;
  if (values['--repository'] !== undefined) options.repository = values['--repository'];
  if (values['--cache'] !== undefined) options.cache = values['--cache'];
  // The bot's store as `repodesk jobs` finds it: --data-dir's SQLite, else DATABASE_URL, else DATA_DIR's.
  const databaseUrl = loadConfig(process.env, { mode: 'offline' }).config.databaseUrl;
  const dataDir = values['--data-dir'] ?? (process.env.DATA_DIR || undefined);
  if (values['--data-dir'] === undefined && databaseUrl !== undefined) options.databaseUrl = databaseUrl;
  else if (dataDir !== undefined) options.dataDir = dataDir;
  return options;
}

/** A period bound: a local day in the desk's timezone (its first or last instant), or an ISO-8601 time. */
function parseBound(name: string, text: string, timezone: string, edge: 'start' | 'end'): number | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone: timezone });
    if (!day.isValid) return `${name}: "${text}" is not a day of the calendar; expected e.g. 2026-11-01`;
    return (edge === 'start' ? day.startOf('day') : day.endOf('day')).toMillis();
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    return `${name}: expected a day such as 2026-11-01 or an ISO-8601 time such as 2026-11-30T18:00:00Z, found "${text}"`;
  return ms;
}

interface ReportCache extends SweepCache {
  /** The login the token wrote as when the cache was saved: spares GET /user on the next run. */
  selfLogin?: string;
  /** The timelines of the desk's other repositories (issue numbers are per repository), by `owner/repo`. */
  others: Record<string, SweepCache>;
}

async function readCache(file: string, scope: string): Promise<ReportCache> {
  try {
    const text = await readFile(file, 'utf8');
    const cache: ReportCache = { ...parseSweepCache(text, scope), others: {} };
    const { selfLogin, others } = JSON.parse(text) as { selfLogin?: unknown; others?: unknown };
    if (cache.scope === scope && others !== null && typeof others === 'object')
      for (const [name, other] of Object.entries(others))
        cache.others[name] = parseSweepCache(JSON.stringify(other), `report:${name}`);
    if (typeof selfLogin === 'string' && selfLogin !== '' && Object.keys(cache.tickets).length > 0)
      cache.selfLogin = selfLogin;
    return cache;
  } catch {
    return { ...emptySweepCache(scope), others: {} };
  }
}

/** The repositories a report reads: `own` (the default), then the others desk.yaml lists. */
function reportedRepositories(desk: Rules['desk'], own: string): string[] {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const others = (desk.repositories ?? []).filter((name) => !same(name, own) && !same(name, desk.repository));
  return [own, ...others];
}

/** What the report reads from the bot's store: the help site's signals and the survey's ratings. */
async function readStoreSignals(
  where: { dataDir: string } | { databaseUrl: string },
  from: number,
): Promise<{ feedback: FeedbackEntry[]; ratings: SatisfactionRating[] } | string> {
  if ('dataDir' in where) {
    const file = path.join(where.dataDir, 'repodesk.sqlite');
    if (!existsSync(file))
      return `no store at ${file}; expected the data folder of the bot (DATA_DIR of \`repodesk serve\`); pass it with --data-dir DIR, or leave it out to report without the help site's signals`;
  }
  try {
    const store = await openStore(where);
    try {
      const feedback = await openFeedbackLog(store).since(from);
      const ratings = (await openSatisfactionLog(store).since(from)).map((stored): SatisfactionRating => ({
        number: stored.issueNumber,
        ...(stored.repository === undefined ? {} : { repository: stored.repository }),
        rating: stored.rating,
        at: stored.at,
        ...(stored.comment === undefined ? {} : { comment: stored.comment }),
      }));
      return { feedback, ratings };
    } finally {
      await store.close();
    }
  } catch (error) {
    return (error as Error).message;
  }
}

function render(report: Report, options: Options, lang: string, requests: object): string {
  switch (options.format) {
    case 'json':
      return JSON.stringify({ ...report, requests }, null, 2) + '\n';
    case 'csv':
      return renderCsv(report.groups?.lines ?? []);
    case 'markdown':
      return renderMarkdown(reportDocument(report, lang));
    case 'html':
      return renderHtml(reportDocument(report, lang));
    case 'text':
      return renderText(reportDocument(report, lang));
  }
}

/** Runs `repodesk report` (the service report); resolves to the exit code. */
export async function runServiceReport(argv: string[]): Promise<number> {
  const fail = (message: string, code: number) => {
    process.stderr.write(`repodesk report: ${message}\n`);
    return code;
  };
  const options = parseArgs(argv);
  if (typeof options === 'string') return fail(`${options}\nRun \`repodesk report --help\` for usage.`, 2);
  const loaded = await rulesOrProblems(path.resolve(options.root), new Date(options.now));
  if ('problems' in loaded)
    return fail(
      `the rules are invalid (repodesk validate shows the same list):\n${loaded.problems.map((problem) => `  ${problem}`).join('\n')}`,
      1,
    );
  const { rules } = loaded;
  const timezone = calendarOf(rules, rules.desk.lifecycle.calendar).timezone;
  const to = options.to === undefined ? options.now : parseBound('--to', options.to, timezone, 'end');
  if (typeof to === 'string') return fail(to, 2);
  const from =
    options.from === undefined
      ? DateTime.fromMillis(to, { zone: timezone }).minus({ days: defaultDays }).startOf('day').toMillis()
      : parseBound('--from', options.from, timezone, 'start');
  if (typeof from === 'string') return fail(from, 2);
  if (from > to)
    return fail(
      `--from ${new Date(from).toISOString()} is after --to ${new Date(to).toISOString()}; the period must start before it ends`,
      2,
    );
  const by = options.by ?? (options.format === 'csv' ? 'team' : undefined);
  if (by === 'agent' && !rules.desk.reports.perAgent)
    return fail(
      '--by agent: this desk shows teams only (rules/desk.yaml reports.perAgent: false); use --by team, or set reports.perAgent: true',
      2,
    );
  const lang = options.lang ?? rules.desk.languages[0] ?? 'en';

  let feedback: FeedbackEntry[] | undefined;
  let ratings: SatisfactionRating[] | undefined;
  const where =
    options.databaseUrl !== undefined
      ? { databaseUrl: options.databaseUrl }
      : options.dataDir !== undefined
        ? { dataDir: path.resolve(options.dataDir) }
        : undefined;
  if (where !== undefined) {
    const read = await readStoreSignals(where, from);
    if (typeof read === 'string') return fail(read, 1);
    ({ feedback, ratings } = read);
  }

  const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? '';
  const scope = `report:${repository}`;
  const cache: ReportCache = options.cache
    ? await readCache(options.cache, scope)
    : { ...emptySweepCache(scope), others: {} };
  const pages = new Map(Object.entries(cache.pages));
  const env = { ...process.env };
  if (!env.REPODESK_BOT_LOGIN && cache.selfLogin) env.REPODESK_BOT_LOGIN = cache.selfLogin;
  const environment = trackerFromEnvironment(env, options.repository, pages);
  if ('problems' in environment) return fail(environment.problems.join('\nrepodesk report: '), 1);
  const { tracker } = environment;
  const server = (process.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const progress = process.stderr.isTTY
    ? (read: number, toRead: number) => {
        if (read % 100 === 0 || read === toRead) process.stderr.write(`\rtimelines read: ${read}/${toRead}`);
        if (read === toRead) process.stderr.write('\n');
      }
    : undefined;

  let report: Report;
  const trackers = new Set([tracker]);
  try {
    const repodeskLogins = await repodeskLoginsOf(tracker);
    // Every repository of the desk (confidential queues): each issue counted once, keyed by its repository.
    const tickets: ReportTicket[] = [];
    for (const name of reportedRepositories(rules.desk, environment.repository)) {
      const own = name === environment.repository;
      const key = name.toLowerCase();
      const repositoryCache = own ? cache : (cache.others[key] ??= emptySweepCache(`report:${key}`));
      const repositoryTracker = tracker.forRepository(name);
      trackers.add(repositoryTracker);
      tickets.push(
        ...(await readReportTickets({
          tracker: repositoryTracker,
          ...(own ? {} : { repository: key }),
          cache: repositoryCache,
          agentLogins: rules.teams.agents.map((agent) => agent.login),
          from,
          to,
          issueUrl: (number) => `${server}/${name}/issues/${number}`,
          ...(progress ? { onTimeline: progress } : {}),
        })),
      );
    }
    report = buildReport({
      tickets,
      rules,
      repodeskLogins,
      repository: environment.repository,
      from,
      to,
      now: options.now,
      ...(by ? { by } : {}),
      ...(feedback ? { feedback } : {}),
      ...(ratings ? { ratings } : {}),
    });
    if (options.cache) {
      await mkdir(path.dirname(path.resolve(options.cache)), { recursive: true });
      await writeFile(
        options.cache,
        serialiseSweepCache({ ...cache, selfLogin: repodeskLogins[0] } as SweepCache, pages),
      );
    }
  } catch (error) {
    return fail((error as Error).message, 1);
  }
  const counts = { requests: 0, notModified: 0, writes: 0 };
  for (const each of trackers) {
    const { requests, notModified, writes } = each.requestCounts();
    counts.requests += requests;
    counts.notModified += notModified;
    counts.writes += writes;
  }
  const requests = { requests: counts.requests, notModified: counts.notModified, writes: counts.writes };
  const output = render(report, options, lang, requests);
  if (options.out) {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, output);
  } else {
    process.stdout.write(output);
  }
  if (options.format !== 'json' || options.out)
    process.stderr.write(`${reportTexts(lang).requestsFooter(counts.requests, counts.notModified)}\n`);
  return 0;
}
