// Schema pieces shared by several rules files: texts per language, dates, ids, weekly hours. (The
// conditions of routing rules and SLA policies are built from src/conditions/.)
import type { WeeklyHours } from '../types.ts';
import { weekDays } from '../types.ts';
import type { MapNode, ObjectSchema, StringNode } from './define-schema.ts';
import { objectSchema } from './define-schema.ts';

const datePattern = '^\\d{4}-\\d{2}-\\d{2}$';
const hoursPattern = '^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d$';
export const durationPattern = '^(\\d+d)?(\\d+h)?(\\d+m)?$';
const idPattern = '^[a-z0-9]+([-_.][a-z0-9]+)*$';

/** A text per language: `{ fr: "…", en: "…" }`. */
export function localised(
  description: string,
  example: Record<string, string>,
): MapNode<string> & { description: string } {
  return {
    type: 'object',
    description: `${description} One text per language code of the desk.`,
    additionalProperties: { type: 'string', minLength: 1 },
    propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)?$' },
    minProperties: 1,
    examples: [example],
  };
}

export function dateString(
  description: string,
  example: string,
): StringNode<string> & { description: string } {
  return {
    type: 'string',
    pattern: datePattern,
    description: `${description} Format \`YYYY-MM-DD\`.`,
    examples: [example],
  };
}

export function idString(description: string, example: string): StringNode<string> & { description: string } {
  return {
    type: 'string',
    pattern: idPattern,
    description: `${description} Lowercase letters, digits and \`-\`.`,
    examples: [example],
  };
}

function dayHours(name: string) {
  return {
    type: 'array',
    items: { type: 'string', pattern: hoursPattern, examples: ['09:00-12:30'] },
    uniqueItems: true,
    description: `${name}'s opening hours: \`HH:MM-HH:MM\` ranges, not overlapping.`,
    default: [],
    examples: [['09:00-12:30', '13:30-18:00']],
  } as const;
}

/** Opening hours per week day; a missing day is closed. `optional`: the key may be left out (no hours). */
export function weeklyHours(description: string, optional = false): ObjectSchema<WeeklyHours> {
  const hours = objectSchema<WeeklyHours>()({
    description: `${description} Per week day (\`mon\` … \`sun\`), a list of \`HH:MM-HH:MM\` ranges; a missing day is closed.`,
    properties: {
      mon: dayHours('Monday'),
      tue: dayHours('Tuesday'),
      wed: dayHours('Wednesday'),
      thu: dayHours('Thursday'),
      fri: dayHours('Friday'),
      sat: dayHours('Saturday'),
      sun: dayHours('Sunday'),
    },
    required: [],
  });
  return {
    ...hours,
    // Left out, every day is closed: ajv fills the days in, so the default says so.
    ...(optional ? { default: Object.fromEntries(weekDays.map((day) => [day, []])) } : {}),
    examples: [{ mon: ['09:00-12:30', '13:30-18:00'], tue: ['09:00-18:00'] }],
  };
}
