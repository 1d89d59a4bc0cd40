// Words for rules/sla.yaml on the response-times page: conditions and durations read the way the
// SLA engine reads them (durations through src/sla/parse-duration.ts, 1d = 24 hours of counted time).
import { parseDuration } from '../../src/sla/parse-duration.ts';
import type { Condition, DeskSettings, Localised, PolicyCondition, Team } from '../../src/rules/types.ts';
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

function many<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
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
  const name = (list: readonly { id: string; name: Localised }[], id: string) => {
    const named = list.find((entry) => entry.id === id)?.name;
    return named?.[lang] ?? Object.values(named ?? {})[0] ?? id;
  };
  const values = (items: string[], toName: (id: string) => string = (id) => id) =>
    items.map(toName).join(` ${t.or} `);
  const fill = (template: string, value: string) => template.replace('{v}', value);
  if ('all' in condition)
    return condition.all.map((part) => conditionText(part, names, lang, t)).join(` ${t.and} `);
  if ('any' in condition)
    return condition.any.map((part) => conditionText(part, names, lang, t)).join(` ${t.or} `);
  if ('not' in condition) return `${t.not} ${conditionText(condition.not, names, lang, t)}`;
  if ('priority' in condition)
    return fill(
      t.conditions.priority,
      values(many(condition.priority), (id) => name(names.desk.priorities, id)),
    );
  if ('type' in condition)
    return fill(
      t.conditions.type,
      values(many(condition.type), (id) => name(names.desk.types, id)),
    );
  if ('tier' in condition) return fill(t.conditions.tier, values(many(condition.tier)));
  if ('organisation' in condition)
    return fill(t.conditions.organisation, values(many(condition.organisation)));
  if ('channel' in condition) return fill(t.conditions.channel, values(many(condition.channel)));
  if ('sender' in condition) return t.conditions.sender[condition.sender];
  if ('form' in condition) return fill(t.conditions.form, values(many(condition.form)));
  if ('language' in condition) return fill(t.conditions.language, values(many(condition.language)));
  if ('label' in condition) return fill(t.conditions.label, values(many(condition.label)));
  if ('team' in condition)
    return fill(
      t.conditions.team,
      values(many(condition.team), (id) => name(names.teams, id)),
    );
  return t.conditions.other;
}
