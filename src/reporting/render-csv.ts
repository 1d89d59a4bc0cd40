// The `--by` table as CSV (RFC 4180: comma-separated, CRLF line ends, quoted when needed) for a
// spreadsheet: one row per group, raw numbers (business time in minutes, shares from 0 to 1, empty when
// unknown), English column names that do not change with --lang. The columns are listed in
// `csvColumns` (and in the README and `repodesk report --help`).

import type { GroupLine } from './group-report.ts';
import type { Summary } from './summarise.ts';

/** The columns, in order, with what each holds. */
export const csvColumns: [name: string, meaning: string][] = [
  ['group', 'the value of the --by dimension (— when the ticket has none)'],
  ['created', 'tickets created in the period'],
  ['resolved', 'tickets resolved in the period (merged ones never)'],
  ['backlog', 'tickets open at the end of the period'],
  ['first_response_count', 'first responses given in the period'],
  ['first_response_median_min', 'median business minutes to first response'],
  ['first_response_p90_min', '90th percentile, business minutes'],
  ['first_response_mean_min', 'mean, business minutes'],
  ['resolution_count', 'resolutions in the period'],
  ['resolution_median_min', 'median business minutes to resolution'],
  ['resolution_p90_min', '90th percentile, business minutes'],
  ['resolution_mean_min', 'mean, business minutes'],
  ['clocks', 'SLA clocks counted in the period (every clock)'],
  ['within_target', 'clocks within target'],
  ['missed', 'clocks late or breached (the breaches)'],
  ['attainment', 'within_target / clocks, 0 to 1'],
  [
    'csat_good',
    "good ratings of the group's tickets in the period (empty when the bot's store was not read)",
  ],
  ['csat_bad', 'bad ratings, likewise'],
  ['csat', 'csat_good / (csat_good + csat_bad), 0 to 1'],
];

function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const minutes = (value: number | null) => (value === null ? '' : (value / 60_000).toFixed(1));
const times = (summary: Summary) => [
  String(summary.count),
  minutes(summary.median),
  minutes(summary.p90),
  minutes(summary.mean),
];

/** The group lines as CSV text. */
export function renderCsv(lines: readonly GroupLine[]): string {
  const rows = [
    csvColumns.map(([name]) => name),
    ...lines.map((line) => [
      line.group,
      String(line.created),
      String(line.resolved),
      String(line.backlog),
      ...times(line.firstResponse),
      ...times(line.resolution),
      String(line.attainment.count),
      String(line.attainment.within),
      String(line.attainment.missed),
      line.attainment.rate === null ? '' : line.attainment.rate.toFixed(4),
      line.csat === null ? '' : String(line.csat.good),
      line.csat === null ? '' : String(line.csat.bad),
      line.csat === null || line.csat.score === null ? '' : line.csat.score.toFixed(4),
    ]),
  ];
  return rows.map((row) => row.map(quoted).join(',')).join('\r\n') + '\r\n';
}
