// The report laid out once for every human format: a title, then sections of notes and tables, in the
// reader's language. Text, Markdown and HTML render this same document (render-*.ts), so the three never
// say different things; HTML adds a chart above the tables that carry one (the table stays: it is the
// chart's accessible data, and what a reader without SVG gets).

import { slaClocks, statusIds } from '../rules/types.ts';
import type { WorkLine } from './agent-report.ts';
import type { Report } from './build-report.ts';
import type { ForecastDay } from './forecast-volume.ts';
import { localDay } from './report-period.ts';
import { formatBusinessTime, formatShare, reportTexts } from './report-texts.ts';
import type { Summary } from './summarise.ts';
import { volumeDimensions } from './volume-report.ts';

export type Chart = { title: string } & (
  | { kind: 'daily'; days: { day: string; created: number; resolved: number }[] }
  | { kind: 'attainment'; policies: { policy: string; clock: string; rate: number }[] }
  | { kind: 'heat-map'; cells: { weekday: string; hour: number; value: number }[]; weekdays: string[] }
  | { kind: 'forecast'; days: ForecastDay[] }
);

export interface DocumentTable {
  caption: string;
  columns: string[];
  /** Which columns hold numbers (aligned right). */
  numeric: boolean[];
  rows: string[][];
  chart?: Chart;
}

export interface DocumentSection {
  id: string;
  heading: string;
  notes: string[];
  tables: DocumentTable[];
  links?: { text: string; url: string }[];
}

export interface ReportDocument {
  lang: string;
  title: string;
  subtitle: string[];
  sections: DocumentSection[];
}

/** The report as sections and tables in `lang`. */
export function reportDocument(
  report: Report,
  lang: string,
  repositoryName = report.repository,
): ReportDocument {
  const t = reportTexts(lang);
  const c = t.columns;
  const count = (value: number) => new Intl.NumberFormat(lang).format(value);
  const decimal = (value: number | null) =>
    value === null ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
  const times = (summary: Summary) => [
    count(summary.count),
    formatBusinessTime(summary.median),
    formatBusinessTime(summary.p90),
    formatBusinessTime(summary.mean),
  ];
  const table = (
    caption: string,
    columns: string[],
    rows: string[][],
    /** The first numeric column (every one after it is too), or the list of numeric columns. */
    numeric: number | number[],
    chart?: Chart,
  ): DocumentTable => ({
    caption,
    columns,
    numeric: columns.map((_, index) =>
      typeof numeric === 'number' ? index >= numeric : numeric.includes(index),
    ),
    rows,
    ...(chart ? { chart } : {}),
  });
  const levels = report.serviceLevels;
  const sections: DocumentSection[] = [];

  sections.push({
    id: 'service-levels',
    heading: t.sections.serviceLevels,
    notes: [
      `${t.reopenRate}: ${formatShare(levels.reopened.rate, lang)} (${levels.reopened.count}/${levels.reopened.of})`,
      `${t.oneTouchRate}: ${formatShare(levels.oneTouch.rate, lang)} (${levels.oneTouch.count}/${levels.oneTouch.of})`,
      ...(levels.withoutPolicy > 0 ? [t.withoutPolicy(levels.withoutPolicy)] : []),
    ],
    tables: [
      table(
        t.sections.serviceLevels,
        [c.measure, c.count, c.median, c.p90, c.mean, c.attainment, c.missed],
        slaClocks.map((clock) => [
          t.clocks[clock],
          ...times(levels.clocks[clock].times),
          formatShare(levels.clocks[clock].attainment.rate, lang),
          count(levels.clocks[clock].attainment.missed),
        ]),
        1,
      ),
      table(
        t.sections.attainmentByPolicy,
        [c.policy, c.clock, c.target, c.within, c.missed, c.attainment, c.median, c.p90],
        levels.policies.flatMap((policy) =>
          slaClocks.flatMap((clock) => {
            const levelsOf = policy.clocks[clock];
            if (!levelsOf) return [];
            return [
              [
                policy.name[lang] ?? policy.policy,
                t.clocks[clock],
                policy.targets[clock] ?? '',
                count(levelsOf.attainment.within),
                count(levelsOf.attainment.missed),
                formatShare(levelsOf.attainment.rate, lang),
                formatBusinessTime(levelsOf.times.median),
                formatBusinessTime(levelsOf.times.p90),
              ],
            ];
          }),
        ),
        3,
        {
          title: t.chartAttainment,
          kind: 'attainment',
          policies: levels.policies.flatMap((policy) =>
            slaClocks.flatMap((clock) => {
              const rate = policy.clocks[clock]?.attainment.rate;
              return rate === null || rate === undefined
                ? []
                : [{ policy: policy.name[lang] ?? policy.policy, clock: t.clocks[clock], rate }];
            }),
          ),
        },
      ),
    ],
  });

  sections.push({
    id: 'breaches',
    heading: t.sections.breaches,
    notes: levels.breaches.length === 0 ? [t.noBreach] : [],
    tables:
      levels.breaches.length === 0
        ? []
        : [
            table(
              t.sections.breaches,
              [c.ticket, c.policy, c.clock, c.target, c.counted, c.due, c.state],
              levels.breaches.map((breach) => [
                `#${breach.number} ${breach.title}`,
                breach.policy,
                t.clocks[breach.clock],
                breach.target,
                formatBusinessTime(breach.elapsedMs),
                breach.dueAt.slice(0, 16).replace('T', ' '),
                t.breachStates[breach.state],
              ]),
              [4],
            ),
          ],
    links: levels.breaches.map((breach) => ({ text: `#${breach.number}`, url: breach.url })),
  });

  sections.push({
    id: 'backlog',
    heading: t.sections.backlog,
    notes: [
      `${c.backlog}: ${count(levels.backlog.open)}`,
      `${t.backlogAge}: ${c.median} ${decimal(levels.backlog.ageDays.median)}, ${c.p90} ${decimal(levels.backlog.ageDays.p90)}`,
    ],
    tables: [
      table(
        `${t.sections.backlog}: ${t.backlogAge}`,
        [t.backlogAge, c.count],
        levels.backlog.ages.map((age) => [t.ages[age.band], count(age.count)]),
        1,
      ),
      table(
        `${t.sections.backlog}: ${c.state}`,
        [c.state, c.count],
        statusIds.flatMap((status) => {
          const value = levels.backlog.byStatus[status];
          return value === undefined ? [] : [[t.statuses[status], count(value)]];
        }),
        1,
      ),
    ],
  });

  const volume = report.volume;
  sections.push({
    id: 'volume',
    heading: t.sections.volume,
    notes: [
      `${c.created}: ${count(volume.totals.created)}, ${c.resolved}: ${count(volume.totals.resolved)}, ${c.closed}: ${count(volume.totals.closed)}`,
      ...(volume.totals.merged > 0 ? [t.merged(volume.totals.merged)] : []),
    ],
    tables: [
      table(
        t.sections.perDay,
        [c.day, c.created, c.resolved, c.closed],
        volume.days.map((line) => [line.day, count(line.created), count(line.resolved), count(line.closed)]),
        1,
        { title: t.chartDaily, kind: 'daily', days: volume.days },
      ),
      table(
        t.sections.perWeek,
        [c.week, c.created, c.resolved, c.closed],
        volume.weeks.map((line) => [
          line.week,
          count(line.created),
          count(line.resolved),
          count(line.closed),
        ]),
        1,
      ),
      ...volumeDimensions.map((dimension) =>
        table(
          `${c.created} / ${t.dimensions[dimension]}`,
          [t.dimensions[dimension], c.created],
          volume.by[dimension].map((line) => [line.value, count(line.count)]),
          1,
        ),
      ),
    ],
  });

  const heat = volume.heatMap;
  const heatRows = (grid: number[][]) =>
    grid.map((row, weekday) => [t.weekdays[weekday]!, ...row.map((value) => decimal(value))]);
  const heatCells = (grid: number[][]) =>
    grid.flatMap((row, weekday) =>
      row.map((value, hour) => ({ weekday: t.weekdays[weekday]!, hour, value })),
    );
  const hours = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
  sections.push({
    id: 'hour-of-week',
    heading: t.sections.heatMap,
    notes: [heat.timezone],
    tables: [
      table(`${c.arrivals} (${heat.timezone})`, [t.columns.day, ...hours], heatRows(heat.arrivals), 1, {
        title: t.chartHeatArrivals,
        kind: 'heat-map',
        cells: heatCells(heat.arrivals),
        weekdays: t.weekdays,
      }),
      table(`${c.agentHours} (${heat.timezone})`, [t.columns.day, ...hours], heatRows(heat.agentHours), 1, {
        title: t.chartHeatAgents,
        kind: 'heat-map',
        cells: heatCells(heat.agentHours),
        weekdays: t.weekdays,
      }),
    ],
  });

  if (report.groups) {
    const by = t.dimensions[report.groups.by];
    sections.push({
      id: 'groups',
      heading: t.sections.groups(by),
      notes: [],
      tables: [
        table(
          t.sections.groups(by),
          [
            by,
            c.created,
            c.resolved,
            c.backlog,
            c.firstResponseMedian,
            c.resolutionMedian,
            c.attainment,
            c.breaches,
          ],
          report.groups.lines.map((line) => [
            line.group,
            count(line.created),
            count(line.resolved),
            count(line.backlog),
            formatBusinessTime(line.firstResponse.median),
            formatBusinessTime(line.resolution.median),
            formatShare(line.attainment.rate, lang),
            count(line.breaches),
          ]),
          1,
        ),
      ],
    });
  }

  const agents = report.agents;
  const workColumns = [c.handled, c.replies, c.firstResponseMedian, c.resolutionMedian, c.csat];
  const work = (line: WorkLine) => [
    count(line.handled),
    count(line.publicReplies),
    formatBusinessTime(line.firstResponse.median),
    formatBusinessTime(line.resolution.median),
    line.csat === null ? '' : formatShare(line.csat.score, lang),
  ];
  sections.push({
    id: 'agents',
    heading: agents.mode === 'agents' ? t.sections.agents : t.sections.teams,
    notes: agents.mode === 'teams' ? [t.teamsOnly] : [],
    tables: [
      ...(agents.mode === 'agents'
        ? [
            table(
              t.sections.agents,
              [c.agent, c.team, ...workColumns],
              agents.agents.map((line) => [
                `${line.name} (@${line.login})`,
                line.teams.join(', '),
                ...work(line),
              ]),
              2,
            ),
          ]
        : []),
      table(
        t.sections.teams,
        [c.team, ...workColumns],
        agents.teams.map((line) => [line.name?.[lang] ?? line.team, ...work(line)]),
        1,
      ),
    ],
  });

  const self = report.selfService;
  sections.push({
    id: 'self-service',
    heading: t.sections.selfService,
    notes: self.recorded
      ? [
          `${t.emptySearches}: ${count(self.emptySearchCount)}. ${t.searchesNote}`,
          t.votes(self.votes.helpful, self.votes.notHelpful),
          `${t.deflectionRate}: ${formatShare(self.deflectionRate.rate, lang)} (${self.deflections}/${self.deflectionRate.of})`,
          t.assistant(
            self.assistant.deflected,
            self.assistant.escalated,
            formatShare(self.assistant.solved.rate, lang),
          ),
        ]
      : [t.selfServiceMissing],
    tables: self.recorded
      ? [
          table(
            t.emptySearches,
            [c.search, c.count],
            self.emptySearches.slice(0, 20).map((line) => [line.query, count(line.count)]),
            1,
          ),
          table(
            t.deflectionRate,
            [c.form, c.deflections, c.requests, c.rate],
            self.byForm.map((line) => [
              line.form,
              count(line.deflections),
              count(line.requests),
              formatShare(line.rate.rate, lang),
            ]),
            1,
          ),
          table(
            t.candidates,
            [c.article, c.notHelpful, c.helpful, c.deflections, c.comments],
            self.candidates
              .slice(0, 20)
              .map((line) => [
                `${line.lang}/${line.article}`,
                count(line.notHelpful),
                count(line.helpful),
                count(line.deflections),
                count(line.comments),
              ]),
            1,
          ),
        ]
      : [],
  });

  const csat = report.satisfaction;
  sections.push({
    id: 'satisfaction',
    heading: t.sections.satisfaction,
    notes:
      csat === null
        ? [t.satisfactionMissing]
        : [t.satisfactionScore(formatShare(csat.score, lang), csat.good, csat.bad)],
    tables:
      csat === null
        ? []
        : [
            table(
              t.satisfactionPerWeek,
              [c.week, c.good, c.bad, c.csat],
              csat.weeks.map((week) => [
                week.week,
                count(week.good),
                count(week.bad),
                formatShare(week.score, lang),
              ]),
              1,
            ),
            table(
              t.satisfactionComments,
              [c.ticket, c.rating, c.day, c.comment],
              csat.comments.map((line) => [
                // A confidential queue's ticket by its repository: its #N is not the default's #N.
                `${line.repository ?? ''}#${line.number}`,
                t.ratings[line.rating],
                line.at.slice(0, 10),
                line.comment,
              ]),
              [],
            ),
          ],
  });

  const forecastTables: DocumentTable[] = [];
  const forecastNotes: string[] = [];
  for (const team of report.forecast) {
    const name =
      team.team === '*'
        ? t.wholeDesk
        : (report.agents.teams.find((line) => line.team === team.team)?.name?.[lang] ?? team.team);
    const forecast = team.forecast;
    if (forecast.status !== 'ok') {
      forecastNotes.push(`${name}: ${t.notEnoughHistory(forecast.historyDays, forecast.neededDays)}`);
      continue;
    }
    forecastNotes.push(
      `${name}: ${forecast.backtest.mape === null ? t.noBacktest : t.backtest(formatShare(forecast.backtest.mape, lang), forecast.backtest.weeks.length)} ` +
        (team.hoursPerTicket === null ? t.noHandlingRate : t.hoursPerTicket(decimal(team.hoursPerTicket))),
    );
    const hoursOf = new Map(team.hoursNeeded.map((week) => [week.week, week.hours]));
    forecastTables.push(
      table(
        `${t.sections.forecast}: ${name}`,
        [c.week, c.forecast, c.low, c.high, c.hoursNeeded],
        forecast.weeks.map((week) => [
          week.week,
          decimal(week.forecast),
          decimal(week.low),
          decimal(week.high),
          decimal(hoursOf.get(week.week) ?? null),
        ]),
        1,
        { title: t.chartForecast(name), kind: 'forecast', days: forecast.days },
      ),
    );
  }
  sections.push({
    id: 'forecast',
    heading: t.sections.forecast,
    notes: forecastNotes,
    tables: forecastTables,
  });

  return {
    lang,
    title: `${t.title}: ${repositoryName}`,
    subtitle: [
      t.period(
        localDay(Date.parse(report.from), report.timezone),
        localDay(Date.parse(report.to), report.timezone),
        report.timezone,
      ),
      t.evaluated(report.evaluatedAt),
      t.ticketsRead(report.tickets.listed, report.tickets.measured),
    ],
    sections,
  };
}
