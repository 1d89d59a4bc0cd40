// `repodesk report` as data: every ticket measured with the sweep's engines at the end of the period (or
// now, when the period ends later), then service levels, volume, agents, self-service, satisfaction and
// the forecast. Pure: the issues with their timelines, the rules, the store's signals and an explicit
// `now` in; the report out. Renderers (render-*.ts) turn it into text, Markdown, CSV or HTML.

import type { Rules } from '../rules/types.ts';
import type { FeedbackEntry } from '../feedback/feedback-entry.ts';
import { calendarOf } from '../sweep/plan-ticket.ts';
import { indexLabels } from '../sweep/ticket-facts.ts';
import { agentReport, type AgentReport } from './agent-report.ts';
import { groupReport, type GroupLine, type Grouping } from './group-report.ts';
import { measureTicket, type ReportTicket, type TicketMeasures } from './measure-ticket.ts';
import type { ReportPeriod } from './report-period.ts';
import type { SatisfactionRating } from './satisfaction.ts';
import { ratingsInPeriod, satisfactionReport, type SatisfactionReport } from './satisfaction-report.ts';
import { selfServiceReport, type SelfServiceReport } from './self-service-report.ts';
import { serviceLevels, type ServiceLevels } from './service-levels.ts';
import { teamForecasts, type TeamForecast } from './team-forecasts.ts';
import { volumeReport, type VolumeReport } from './volume-report.ts';

export interface ReportInput {
  tickets: readonly ReportTicket[];
  rules: Rules;
  /** The logins repodesk writes as: facts markers count only in their issues. */
  repodeskLogins: readonly string[];
  repository: string;
  /** The period, epoch milliseconds, both ends included. */
  from: number;
  to: number;
  now: number;
  by?: Grouping;
  /** The help site's signals from the bot's store; undefined when no data folder was read. */
  feedback?: readonly FeedbackEntry[];
  /** CSAT ratings from the bot's store; undefined when no store was read. */
  ratings?: readonly SatisfactionRating[];
}

export interface Report {
  repository: string;
  from: string;
  to: string;
  /** The instant clocks were evaluated at: the end of the period, or now when that is earlier. */
  evaluatedAt: string;
  timezone: string;
  tickets: {
    /** Issues listed (every state). */
    listed: number;
    /** Issues whose timeline was read (they touch the period). */
    measured: number;
  };
  serviceLevels: ServiceLevels;
  volume: VolumeReport;
  agents: AgentReport;
  selfService: SelfServiceReport;
  /** Null when no ratings are known (no store read). */
  satisfaction: SatisfactionReport | null;
  forecast: TeamForecast[];
  /** The `--by` table, when asked for. */
  groups?: { by: Grouping; lines: GroupLine[] };
}

/** Builds the report of the period. */
export function buildReport(input: ReportInput): Report {
  const { rules } = input;
  const end = Math.min(input.to, input.now);
  const timezone = calendarOf(rules, rules.desk.lifecycle.calendar).timezone;
  const period: ReportPeriod = { from: input.from, to: end, timezone };
  const index = indexLabels(rules);
  const measures: TicketMeasures[] = input.tickets
    .filter((ticket) => Date.parse(ticket.history.createdAt) <= end)
    .map((ticket) => measureTicket(ticket, rules, index, input.repodeskLogins, end));
  const ratings = ratingsInPeriod(input.ratings, period);
  const report: Report = {
    repository: input.repository,
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    evaluatedAt: new Date(end).toISOString(),
    timezone,
    tickets: {
      listed: input.tickets.length,
      measured: input.tickets.filter((ticket) => ticket.timelineRead).length,
    },
    serviceLevels: serviceLevels(measures, rules, period),
    volume: volumeReport(measures, rules, period),
    agents: agentReport(measures, rules, period, ratings),
    selfService: selfServiceReport(input.feedback, measures, period),
    satisfaction: satisfactionReport(ratings, period),
    forecast: teamForecasts(measures, rules, period),
  };
  if (input.by) report.groups = { by: input.by, lines: groupReport(measures, input.by, period, ratings) };
  return report;
}
