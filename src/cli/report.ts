// `repodesk report`: the service report of a period (service levels in business time with the sweep's
// own SLA engine, volume, agents, self-service, satisfaction, a forecast) from the support repository's
// issues and timelines, in text, JSON, CSV, Markdown or one self-contained HTML file; and `repodesk report
// feedback`, what readers of the help site said (searches that found nothing, article votes and comments,
// deflections), from the bot's store.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { plainText } from '../feedback/feedback-signal.ts';
import { buildFeedbackReport, type FeedbackReport } from '../feedback/feedback-report.ts';
import { loadConfig } from '../config/load-config.ts';
import { parseDuration } from '../sla/parse-duration.ts';
import { openFeedbackLog } from '../store/feedback-log.ts';
import { openStore } from '../store/open-store.ts';
import type { Command } from './command.ts';
import { runServiceReport, serviceUsage } from './service-report.ts';

const formats = ['text', 'json'] as const;
type Format = (typeof formats)[number];
const defaultTop = 20;

const feedbackUsage = `Usage: repodesk report feedback [--data-dir DIR] [--since 30d] [--top N] [--format text|json] [--now ISO-8601]

Reads the signals the help site sent to the bot (stored in the bot's data folder) and prints:
  - the searches that found nothing, grouped whatever the case, accents and punctuation, with counts;
  - the articles by share of "yes" to "was this helpful?", least helpful first, with readers' comments;
  - the deflections: articles a customer said solved the problem, so the request was not sent;
  - the assistant's conversations: how many ended on an article that solved the problem (deflected),
    which articles, and how many on a request form (escalated), which forms.
Readers' words are stored with e-mail addresses and phone numbers masked.

Options:
  --data-dir DIR    the bot's data folder, holding repodesk.sqlite (default: DATABASE_URL's PostgreSQL
                    when set, as for \`repodesk jobs\`; else DATA_DIR, else .data)
  --since PERIOD    how far back: 30d, 12h, 90m (default: 30d), or a date such as 2026-11-01
  --top N           at most N lines per list (default: ${defaultTop}); json lists everything
  --format FORMAT   text (default) or json
  --now ISO-8601    report as of this time (default: now)

Exit status: 0 on success, 1 when the data folder holds no store or cannot be read, 2 for bad usage.
`;

interface Options {
  dataDir: string;
  /** The bot's PostgreSQL (DATABASE_URL without --data-dir), read instead of dataDir. */
  databaseUrl?: string;
  from: number;
  to: number;
  sinceText: string;
  top: number;
  format: Format;
}

function parseArgs(argv: string[]): Options | string {
  const [subcommand, ...rest] = argv;
  if (subcommand !== 'feedback')
    return subcommand === undefined
      ? 'missing report name; expected: feedback'
      : `unknown report "${subcommand}"; expected: feedback`;
  const values: Record<string, string> = {};
  const allowed = ['--data-dir', '--since', '--top', '--format', '--now'];
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!allowed.includes(name)) return `unknown option "${arg}"; expected ${allowed.join(', ')}`;
    const value = inline ?? rest[(index += 1)];
    if (value === undefined || value === '') return `${name} needs a value`;
    values[name] = value;
  }
  const to = values['--now'] === undefined ? Date.now() : Date.parse(values['--now']);
  if (Number.isNaN(to))
    return `--now: expected an ISO-8601 time such as 2026-11-20T16:30:00Z, found "${values['--now']}"`;
  const sinceText = values['--since'] ?? '30d';
  let from: number;
  if (/^\d{4}-\d{2}-\d{2}/.test(sinceText)) {
    from = Date.parse(sinceText);
    if (Number.isNaN(from)) return `--since: "${sinceText}" is not a date; expected e.g. 2026-11-01`;
  } else {
    const duration = parseDuration(sinceText);
    if (!duration.ok) return `--since: ${duration.message}, or a date such as 2026-11-01`;
    from = to - duration.ms;
  }
  const top = Number(values['--top'] ?? defaultTop);
  if (!Number.isInteger(top) || top < 1)
    return `--top: expected a whole number of at least 1, found "${values['--top']}"`;
  const format = values['--format'] ?? 'text';
  const databaseUrl = loadConfig(process.env, { mode: 'offline' }).config.databaseUrl;
  if (!(formats as readonly string[]).includes(format))
    return `unknown format "${format}"; expected one of ${formats.join(', ')}`;
  return {
    dataDir: path.resolve(values['--data-dir'] ?? (process.env.DATA_DIR || '.data')),
    // The bot's store as `repodesk jobs` finds it: --data-dir's SQLite, else DATABASE_URL, else DATA_DIR's.
    ...(values['--data-dir'] === undefined && databaseUrl !== undefined ? { databaseUrl } : {}),
    from,
    to,
    sinceText,
    top,
    format: format as Format,
  };
}

const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 100)}%`);
const day = (isoTime: string) => isoTime.slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
// Customer text printed on one line, whatever was stored (rows from before the contract included).
const shown = (text: string, max = 200) => {
  const plain = plainText(text);
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
};

/** The report as people read it in a terminal. */
export function formatFeedbackText(report: FeedbackReport, sinceText: string, top: number): string {
  const total = (kind: string) => report.totals[kind] ?? 0;
  const lines = [`Help site feedback from ${report.from} to ${report.to} (since ${sinceText})`];
  if (Object.keys(report.totals).length === 0) {
    lines.push('', 'No signal from the help site in this period.');
    return lines.join('\n') + '\n';
  }
  const yes = total('article-helpful');
  const no = total('article-not-helpful');
  lines.push(
    `${plural(total('empty-search'), 'search', 'searches')} that found nothing, ` +
      `${plural(yes + no, 'vote')} (${yes} yes, ${no} no), ${plural(total('article-comment'), 'comment')}, ` +
      `${plural(total('deflection'), 'deflection')}`,
  );
  const more = (count: number) => (count > top ? [`  … and ${count - top} more (--top ${count})`] : []);

  lines.push('', 'Searches that found nothing, most frequent first');
  if (report.emptySearches.length === 0) lines.push('  none');
  else {
    lines.push(`  ${'count'.padStart(5)}  ${'lang'.padEnd(5)}  ${'last'.padEnd(10)}  search`);
    for (const search of report.emptySearches.slice(0, top)) {
      const variants = search.variants.length
        ? `  (also: ${search.variants.map((variant) => shown(variant, 60)).join(', ')})`
        : '';
      lines.push(
        `  ${String(search.count).padStart(5)}  ${search.langs.join(',').padEnd(5)}  ${day(search.lastAt)}  ${shown(search.query, 100)}${variants}`,
      );
    }
    lines.push(...more(report.emptySearches.length));
  }

  lines.push('', 'Articles by share of "yes" to "was this helpful?", least helpful first');
  if (report.articles.length === 0) lines.push('  none');
  else {
    lines.push(`  ${'yes'.padStart(4)}  ${'no'.padStart(4)}  ${'helpful'.padStart(7)}  article`);
    for (const article of report.articles.slice(0, top)) {
      lines.push(
        `  ${String(article.helpful).padStart(4)}  ${String(article.notHelpful).padStart(4)}  ${percent(article.helpfulRatio).padStart(7)}  ${article.lang}/${article.article}`,
      );
      for (const comment of article.comments.slice(0, top))
        lines.push(
          `        ${day(comment.at)}  ${comment.helpful ? 'yes' : 'no '}  “${shown(comment.comment)}”`,
        );
      if (article.comments.length > top)
        lines.push(
          `        … and ${article.comments.length - top} more comments (--format json lists them all)`,
        );
    }
    lines.push(...more(report.articles.length));
  }

  lines.push('', 'Deflections: articles that solved the problem before a request was sent');
  if (report.deflections.length === 0) lines.push('  none');
  else {
    lines.push(`  ${'count'.padStart(5)}  article (requests not sent, per form)`);
    for (const deflection of report.deflections.slice(0, top)) {
      const forms = Object.entries(deflection.forms)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([form, count]) => `${form} ${count}`)
        .join(', ');
      lines.push(
        `  ${String(deflection.count).padStart(5)}  ${deflection.lang}/${deflection.article} (${forms})`,
      );
    }
    lines.push(...more(report.deflections.length));
  }

  const assistant = report.assistant;
  lines.push(
    '',
    `Assistant: ${plural(assistant.deflected + assistant.escalated, 'conversation')} ended, ` +
      `${assistant.deflected} on an article that solved the problem (deflected), ` +
      `${assistant.escalated} on a request form (escalated)`,
  );
  for (const line of assistant.articles.slice(0, top))
    lines.push(`  ${String(line.count).padStart(5)}  ${line.lang}/${line.article}`);
  lines.push(...more(assistant.articles.length));
  for (const line of assistant.forms.slice(0, top))
    lines.push(`  ${String(line.count).padStart(5)}  form ${line.form}`);
  lines.push(...more(assistant.forms.length));
  return lines.join('\n') + '\n';
}

async function runFeedback(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`repodesk report: ${options}\nRun \`repodesk report --help\` for usage.\n`);
    return 2;
  }
  const file = path.join(options.dataDir, 'repodesk.sqlite');
  if (options.databaseUrl === undefined && !existsSync(file)) {
    process.stderr.write(
      `repodesk report: no store at ${file}; expected the data folder of the bot (DATA_DIR of \`repodesk serve\`); pass it with --data-dir DIR\n`,
    );
    return 1;
  }
  let report: FeedbackReport;
  try {
    const store = await openStore(
      options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir },
    );
    try {
      report = buildFeedbackReport(await openFeedbackLog(store).since(options.from), {
        from: options.from,
        to: options.to,
      });
    } finally {
      await store.close();
    }
  } catch (error) {
    process.stderr.write(`repodesk report: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(
    options.format === 'json'
      ? JSON.stringify(report, null, 2) + '\n'
      : formatFeedbackText(report, options.sinceText, options.top),
  );
  return 0;
}

export const command: Command = {
  summary:
    'the service report of a period (SLA, volume, agents, self-service, forecast); `report feedback`: help site signals',
  usage: `${serviceUsage}\n${feedbackUsage}`,
  run: (argv) => (argv[0] === 'feedback' ? runFeedback(argv) : runServiceReport(argv)),
};
