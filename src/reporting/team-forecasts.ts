// The forecast of the next four weeks per team and for the whole desk (see forecast-volume.ts), with the
// agent-hours it will take at the current median handling rate: over the weeks of the period, the agent-
// hours teams.yaml scheduled for the team's members (working hours, less out-of-office days and the team
// calendar's holidays) per ticket the team resolved; its median, times the forecast.

import { DateTime } from 'luxon';
import type { Agent, Calendar, Rules } from '../rules/types.ts';
import { weekDays } from '../rules/types.ts';
import { calendarOf } from '../sweep/plan-ticket.ts';
import { addDays, forecastVolume, type DailyCount, type VolumeForecast } from './forecast-volume.ts';
import { inPeriod } from './in-period.ts';
import type { TicketMeasures } from './measure-ticket.ts';
import { localDay, localWeek, periodWeeks, type ReportPeriod } from './report-period.ts';
import { summarise } from './summarise.ts';

export interface TeamForecast {
  /** A team id, or `*` for the whole desk. */
  team: string;
  calendar: string;
  forecast: VolumeForecast;
  /** Median scheduled agent-hours per resolved ticket over the period's weeks; null without resolutions. */
  hoursPerTicket: number | null;
  /** Agent-hours needed per forecast week at that rate. */
  hoursNeeded: { week: string; hours: number }[];
}

const hourMs = 3_600_000;

/** Working hours of `agent` on a local `day`, none on their days off and the calendar's holidays. */
function agentHoursOn(agent: Agent, day: string, holidays: ReadonlySet<string>): number {
  if (holidays.has(day)) return 0;
  if (agent.outOfOffice.some((away) => away.from <= day && day <= away.to)) return 0;
  const date = DateTime.fromISO(day, { zone: agent.timezone });
  let total = 0;
  for (const range of agent.workingHours[weekDays[date.weekday - 1]!] ?? []) {
    const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(range);
    if (!match) continue;
    const start = date.set({ hour: Number(match[1]), minute: Number(match[2]) }).toMillis();
    const end =
      match[3] === '24'
        ? date.plus({ days: 1 }).toMillis()
        : date.set({ hour: Number(match[3]), minute: Number(match[4]) }).toMillis();
    total += Math.max(0, end - start) / hourMs;
  }
  return total;
}

const holidaySet = (calendar: Calendar) => new Set((calendar.holidays ?? []).map((holiday) => holiday.date));

/** Forecasts for each team and the desk, from every ticket listed (created up to the end of the period). */
export function teamForecasts(
  tickets: readonly TicketMeasures[],
  rules: Rules,
  period: ReportPeriod,
): TeamForecast[] {
  const lastDay = addDays(localDay(period.to + 1, period.timezone), -1);
  const series = (team: string | undefined): DailyCount[] => {
    const counts = new Map<string, number>();
    let firstDay: string | undefined;
    for (const ticket of tickets) {
      if (team !== undefined && ticket.dimensions.team !== team) continue;
      const day = localDay(ticket.createdAt, period.timezone);
      if (day > lastDay) continue;
      counts.set(day, (counts.get(day) ?? 0) + 1);
      if (firstDay === undefined || day < firstDay) firstDay = day;
    }
    const days: DailyCount[] = [];
    for (let day = firstDay; day !== undefined && day <= lastDay; day = addDays(day, 1))
      days.push({ day, count: counts.get(day) ?? 0 });
    return days;
  };
  const deskCalendar = calendarOf(rules, rules.desk.lifecycle.calendar);
  const targets: { team: string; calendar: Calendar; members: Agent[] }[] = [
    { team: '*', calendar: deskCalendar, members: rules.teams.agents },
    ...rules.teams.teams.map((team) => ({
      team: team.id,
      calendar: calendarOf(rules, team.calendar),
      members: rules.teams.agents.filter((agent) =>
        team.members.some((member) => member.toLowerCase() === agent.login.toLowerCase()),
      ),
    })),
  ];
  const weeks = periodWeeks(period);
  return targets.map(({ team, calendar, members }) => {
    const holidays = holidaySet(calendar);
    const forecast = forecastVolume(series(team === '*' ? undefined : team), (day) => holidays.has(day));
    const resolvedPerWeek = new Map<string, number>();
    for (const ticket of tickets) {
      if (ticket.merged || (team !== '*' && ticket.dimensions.team !== team)) continue;
      for (const at of ticket.resolutions) {
        if (!inPeriod(at, period)) continue;
        const week = localWeek(at, period.timezone);
        resolvedPerWeek.set(week, (resolvedPerWeek.get(week) ?? 0) + 1);
      }
    }
    const rates = weeks.flatMap((week) => {
      const resolved = resolvedPerWeek.get(week) ?? 0;
      if (resolved === 0) return [];
      let hours = 0;
      for (let offset = 0; offset < 7; offset += 1)
        for (const agent of members) hours += agentHoursOn(agent, addDays(week, offset), holidays);
      return hours > 0 ? [hours / resolved] : [];
    });
    const hoursPerTicket = summarise(rates).median;
    return {
      team,
      calendar: calendar.id,
      forecast,
      hoursPerTicket: hoursPerTicket === null ? null : Math.round(hoursPerTicket * 100) / 100,
      hoursNeeded:
        forecast.status === 'ok' && hoursPerTicket !== null
          ? forecast.weeks.map((week) => ({
              week: week.week,
              hours: Math.round(week.forecast * hoursPerTicket * 10) / 10,
            }))
          : [],
    };
  });
}
