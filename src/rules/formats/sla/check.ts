// rules/sla.yaml, second pass: calendars (timezones, hours, holidays, ICS files, holidays about to run
// out), policies (calendar known, conditions key by key, targets, escalation order) and no policy that
// an earlier one always takes first.
import { canonicalCondition, conditionImplies } from '../../../conditions/implies.ts';
import type { Finding } from '../../finding.ts';
import { duplicates, reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import { weekDays } from '../../types.ts';
import type { PathSegment } from '../../yaml-source.ts';
import { checkLocalisedTexts } from '../check-localised-texts.ts';
import { checkWhen } from '../check-when.ts';
import { checkWeeklyHours, dateProblem, timezoneProblem } from '../time-checks.ts';
import { readIcsHolidays } from './read-ics-holidays.ts';
import { slaSchema } from './schema.ts';

const SLA = 'rules/sla.yaml';

/** How long before the last listed holiday the validator asks for the next year's. */
const holidayNoticeDays = 90;

/** `YYYY-MM-DD`, `days` after `now` (UTC). */
function addDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The second pass over rules/sla.yaml. */
export function checkSla(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const sla = input.sla;
  if (!sla) return out;
  if (known.languages) checkLocalisedTexts(SLA, [], slaSchema, sla, [...known.languages], out);
  duplicates(SLA, ['calendars'], sla.calendars, (c) => c.id, 'id', 'calendar id', out);
  duplicates(SLA, ['policies'], sla.policies, (p) => p.id, 'id', 'policy id', out);
  sla.calendars.forEach((calendar, index) => {
    const base: PathSegment[] = ['calendars', index];
    const zone = timezoneProblem(calendar.timezone);
    if (zone) out.push({ file: SLA, path: [...base, 'timezone'], severity: 'error', message: zone });
    checkWeeklyHours(SLA, [...base, 'hours'], calendar.hours, out);
    const openDays = weekDays.filter((day) => (calendar.hours?.[day] ?? []).length > 0);
    if (!calendar.alwaysOpen && openDays.length === 0) {
      out.push({
        file: SLA,
        path: base,
        severity: 'error',
        message: `calendar "${calendar.id}" is never open: add \`hours\` (e.g. mon: ['09:00-18:00']) or \`alwaysOpen: true\``,
      });
    }
    if (calendar.alwaysOpen && calendar.hours !== undefined && openDays.length > 0) {
      out.push({
        file: SLA,
        path: [...base, 'hours'],
        severity: 'warning',
        message: `hours are ignored because \`alwaysOpen: true\`; remove one of the two`,
      });
    }
    const seen = new Set<string>();
    (calendar.holidays ?? []).forEach((holiday, i) => {
      const path: PathSegment[] = [...base, 'holidays', i, 'date'];
      const bad = dateProblem(holiday.date);
      if (bad) out.push({ file: SLA, path, severity: 'error', message: bad });
      else if (seen.has(holiday.date))
        out.push({
          file: SLA,
          path,
          severity: 'warning',
          message: `holiday ${holiday.date} is listed twice; remove one`,
        });
      seen.add(holiday.date);
    });
    let icsHolidays: string[] = [];
    if (calendar.ics !== undefined) {
      const file = `rules/${calendar.ics}`.replace(/\/\.\//g, '/');
      const text = input.icsTexts.get(file);
      const read = text === undefined ? undefined : readIcsHolidays(text, input.now);
      icsHolidays = read ? read.holidays.map((holiday) => holiday.date) : [];
      for (const problem of read?.problems ?? [])
        out.push({
          file,
          path: [],
          line: problem.line,
          column: 1,
          severity: 'error',
          message: problem.message,
        });
      if (text === undefined) {
        out.push({
          file: SLA,
          path: [...base, 'ics'],
          severity: 'error',
          message: `ICS file "${file}" not found; the path is relative to rules/ (e.g. calendars/holidays.ics), fix it or remove \`ics\``,
        });
      } else if (icsHolidays.length === 0) {
        out.push({
          file: SLA,
          path: [...base, 'ics'],
          severity: 'warning',
          message: `ICS file "${file}" has no all-day events (DTSTART;VALUE=DATE:YYYYMMDD); no holiday is taken from it`,
        });
      }
    }
    // Holidays are listed year by year: warn while there is time to add the next ones.
    const dates = [...(calendar.holidays ?? []).map((holiday) => holiday.date), ...icsHolidays].filter(
      (date) => dateProblem(date) === undefined,
    );
    const last = dates.sort().at(-1);
    if (!calendar.alwaysOpen && last !== undefined && last < addDays(input.now, holidayNoticeDays)) {
      out.push({
        file: SLA,
        path: [...base, calendar.holidays && calendar.holidays.length > 0 ? 'holidays' : 'ics'],
        at: 'key',
        severity: 'warning',
        message: `holidays listed until ${last}; add next year's (after that date, SLA clocks count holidays as working days)`,
      });
    }
  });
  if (sla.policies.length > 0 && sla.policies.every((policy) => policy.mode === 'shadow'))
    out.push({
      file: SLA,
      path: ['policies'],
      severity: 'error',
      message:
        'every policy is `mode: shadow`, so no ticket gets an SLA: switch at least one on (remove its `mode: shadow`)',
    });
  sla.policies.forEach((policy, index) => {
    const base: PathSegment[] = ['policies', index];
    if (policy.calendar !== undefined)
      reference(out, SLA, [...base, 'calendar'], known.calendars, policy.calendar, 'calendar', 'calendars');
    if (policy.when) checkWhen(out, SLA, [...base, 'when'], policy.when, known);
    // The first policy that matches applies: an earlier one that matches whenever this one does takes it
    // (a shadow policy takes nothing: it is never applied).
    const earlier = sla.policies.findIndex(
      (other, i) =>
        i < index &&
        other.mode !== 'shadow' &&
        (other.when === undefined ||
          (policy.when !== undefined && conditionImplies(policy.when, other.when))),
    );
    if (earlier !== -1) {
      const other = sla.policies[earlier]!;
      const where = `policies[${earlier}] ("${other.id}")`;
      out.push(
        other.when === undefined
          ? {
              file: SLA,
              path: [...base, 'id'],
              severity: 'error',
              message: `policy "${policy.id}" never applies: ${where} has no \`when\` and matches every ticket first; move this policy above it`,
            }
          : canonicalCondition(other.when) === canonicalCondition(policy.when)
            ? {
                file: SLA,
                path: [...base, 'when'],
                severity: 'error',
                message: `policy "${policy.id}" never applies: ${where} has the same \`when\` and applies first; merge them or change one condition`,
              }
            : {
                file: SLA,
                path: [...base, 'when'],
                severity: 'error',
                message: `policy "${policy.id}" never applies: every ticket it matches also matches ${where}, which comes first; move this policy above it, or narrow that policy's \`when\``,
              },
      );
    }
    if (Object.keys(policy.targets).length === 0) {
      out.push({
        file: SLA,
        path: [...base, 'targets'],
        severity: 'error',
        message:
          'no target: set at least one of firstResponse, nextResponse, resolution (e.g. firstResponse: 4h)',
      });
    }
    policy.escalation.forEach((step, i) => {
      const previous = policy.escalation[i - 1];
      if (previous && step.at <= previous.at) {
        out.push({
          file: SLA,
          path: [...base, 'escalation', i, 'at'],
          severity: 'error',
          message: `expected escalation steps in increasing \`at\`; found ${step.at} after ${previous.at}; reorder the steps`,
        });
      }
    });
  });
  return out;
}
