// Which calendar counts a policy's clocks for one ticket: the policy's own `calendar`; without one, the
// calendar of the ticket's team (teams.yaml), so one policy follows each team's business hours; with no
// team either, the desk's (desk.yaml `lifecycle.calendar`). Pure: rules in, calendar out.

import type { Calendar, Rules, SlaPolicy } from '../rules/types.ts';

/** The calendar of `policy` for a ticket of team `teamId` (none: the ticket has no team). */
export function policyCalendar(rules: Rules, policy: SlaPolicy, teamId: string | undefined): Calendar {
  const team = teamId === undefined ? undefined : rules.teams.teams.find((each) => each.id === teamId);
  const id = policy.calendar ?? team?.calendar ?? rules.desk.lifecycle.calendar;
  const calendar = rules.sla.calendars.find((candidate) => candidate.id === id);
  if (!calendar) {
    const known = rules.sla.calendars.map((candidate) => candidate.id).join(', ');
    throw new Error(`rules/sla.yaml: unknown calendar "${id}"; known calendars: ${known}`);
  }
  return calendar;
}
