// Words for rules/sla.yaml on the response-times page: conditions in the words each condition key gives
// (src/conditions/), durations read the way the SLA engine reads them (src/sla/parse-duration.ts, 1d = 24
// hours of counted time).
import { describeCondition } from '../../src/conditions/describe-condition.ts';
import { parseDuration } from '../../src/sla/parse-duration.ts';
import type { Condition, DeskSettings, PolicyCondition, Team } from '../../src/rules/types.ts';
import type { UiStrings } from '../i18n/fr.ts';

/** `4 h`, `30 min`, `1 h 30 min`, `72 h`: hours and minutes, never "days" (a target day is 24 counted hours). */
export function durationText(duration: string, lang: string): string {
  const parsed = parseDuration(duration);
  if (!parsed.ok) return duration;
  const minutes = Math.round(parsed.ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const number = new Intl.NumberFormat(lang);
  if (hours === 0) return `${number.format(rest)} min`;
  return rest === 0 ? `${number.format(hours)} h` : `${number.format(hours)} h ${number.format(rest)} min`;
}

/** What a condition's ids are named after: the desk's priorities and types, the teams of rules/teams.yaml. */
export interface ConditionNames {
  desk: Pick<DeskSettings, 'priorities' | 'types'>;
  teams: readonly Pick<Team, 'id' | 'name'>[];
}

/** A policy's `when`, in words ("priorité Urgente ou Haute et canal web", "équipe Ressources humaines"). */
export function conditionText(
  condition: PolicyCondition | Condition | undefined,
  names: ConditionNames,
  lang: string,
  t: UiStrings['sla'],
): string {
  if (!condition) return t.everything;
  // In the page language, else the first language written, and the id only for an id nothing names.
  const lists = { priority: names.desk.priorities, type: names.desk.types, team: names.teams };
  return describeCondition(condition, lang, (kind, id) => {
    const named = lists[kind].find((entry) => entry.id === id)?.name;
    return named?.[lang] ?? Object.values(named ?? {})[0] ?? id;
  });
}
