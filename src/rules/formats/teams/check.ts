// rules/teams.yaml, second pass: logins and team ids unique, timezones and hours, members, contacts and
// calendars known.
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import { weekDays } from '../../types.ts';
import type { PathSegment } from '../../yaml-source.ts';
import { checkLocalisedTexts } from '../check-localised-texts.ts';
import { checkWeeklyHours, dateProblem, timezoneProblem } from '../time-checks.ts';
import { teamsSchema } from './schema.ts';

const TEAMS = 'rules/teams.yaml';

/** The second pass over rules/teams.yaml. */
export function checkTeams(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const teams = input.teams;
  if (!teams) return out;
  if (known.languages) checkLocalisedTexts(TEAMS, [], teamsSchema, teams, [...known.languages], out);
  duplicates(TEAMS, ['agents'], teams.agents, (a) => a.login.toLowerCase(), 'login', 'agent login', out);
  duplicates(TEAMS, ['teams'], teams.teams, (t) => t.id, 'id', 'team id', out);
  teams.agents.forEach((agent, index) => {
    const base: PathSegment[] = ['agents', index];
    const zone = timezoneProblem(agent.timezone);
    if (zone) out.push({ file: TEAMS, path: [...base, 'timezone'], severity: 'error', message: zone });
    checkWeeklyHours(TEAMS, [...base, 'workingHours'], agent.workingHours, out);
    if (weekDays.every((day) => (agent.workingHours[day] ?? []).length === 0)) {
      out.push({
        file: TEAMS,
        path: [...base, 'workingHours'],
        at: 'key',
        severity: 'warning',
        message: `agent "${agent.login}" has no working hours: round-robin, least-open and skills never pick them (naming them in \`assignees\` still works); add hours such as mon: ['09:00-17:00']`,
      });
    }
    agent.languages.forEach((lang, i) =>
      reference(
        out,
        TEAMS,
        [...base, 'languages', i],
        known.languages,
        lang,
        'language',
        'languages (desk.yaml)',
      ),
    );
    agent.outOfOffice.forEach((period, i) => {
      const path: PathSegment[] = [...base, 'outOfOffice', i];
      const bad = dateProblem(period.from) ?? dateProblem(period.to);
      if (bad) out.push({ file: TEAMS, path, severity: 'error', message: bad });
      else if (period.from > period.to)
        out.push({
          file: TEAMS,
          path: [...path, 'to'],
          severity: 'error',
          message: `"to" (${period.to}) is before "from" (${period.from}); swap them`,
        });
    });
  });
  teams.teams.forEach((team, index) => {
    const base: PathSegment[] = ['teams', index];
    team.members.forEach((login, i) =>
      reference(
        out,
        TEAMS,
        [...base, 'members', i],
        known.agents,
        login,
        'agent',
        'agents (add it under agents)',
      ),
    );
    reference(
      out,
      TEAMS,
      [...base, 'escalationContact'],
      known.agents,
      team.escalationContact,
      'agent',
      'agents',
    );
    reference(
      out,
      TEAMS,
      [...base, 'calendar'],
      known.calendars,
      team.calendar,
      'calendar',
      'calendars (sla.yaml)',
    );
  });
  return out;
}
