// Schema pieces shared by several rules files: texts per language, dates, weekly hours, conditions.
import type { WeeklyHours } from '../types.ts';
import { weekDays } from '../types.ts';
import type { LooseNode, MapNode, ObjectSchema, StringNode } from './define-schema.ts';
import { objectSchema } from './define-schema.ts';

export const datePattern = '^\\d{4}-\\d{2}-\\d{2}$';
export const hoursPattern = '^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d$';
export const durationPattern = '^(\\d+d)?(\\d+h)?(\\d+m)?$';
export const idPattern = '^[a-z0-9]+([-_.][a-z0-9]+)*$';

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

/** A value or a list of values; a list matches when any of its items matches. */
export function oneOrMany(description: string, examples: unknown[]): LooseNode & { description: string } {
  return {
    type: ['string', 'array'],
    items: { type: 'string' },
    minItems: 1,
    minLength: 1,
    description: `${description} One value or a list (any of them matches).`,
    examples,
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

const textMatch = {
  type: 'object',
  description:
    'Matches text case- and accent-insensitively: any whole word or phrase of `contains`, or the regular expression `matches`.',
  properties: {
    contains: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      description: 'Words or phrases; any one found as a whole word matches.',
      'x-when-omitted': 'only `matches` is tested',
      examples: [['facture', 'invoice']],
    },
    matches: {
      type: 'string',
      minLength: 1,
      description:
        'A regular expression in JavaScript syntax, matched case-insensitively (`i` flag) in linear time, so no text can stall the bot: backreferences (`\\1`) and lookaround (`(?=…)`, `(?<!…)`) are refused; `\\p{L}` is a Unicode class.',
      'x-when-omitted': 'only `contains` is tested',
      examples: ['\\bINV-\\d{6}\\b'],
    },
  },
  additionalProperties: false,
  minProperties: 1,
  examples: [{ contains: ['facture', 'invoice'] }],
};

const conditionRef = { $ref: '#/$defs/condition' };

/** A field condition matches when any of equals, contains, matches does; validation wants one at least. */
const fieldTestOmitted =
  'not tested (a field condition needs at least one of `equals`, `contains`, `matches`)';

/** `all`, `any` and `not`, over the conditions of the same file (`#/$defs/condition`). */
function combinators(anyExample: unknown[]) {
  return {
    all: {
      type: 'array',
      items: conditionRef,
      minItems: 1,
      description: 'Matches when every condition of the list matches.',
      examples: [[{ channel: 'email' }, { tier: 'vip' }]],
    },
    any: {
      type: 'array',
      items: conditionRef,
      minItems: 1,
      description: 'Matches when at least one condition of the list matches.',
      examples: [anyExample],
    },
    not: {
      ...conditionRef,
      description: 'Matches when the condition does not match.',
      examples: [{ channel: 'github' }],
    },
  } as const;
}

const channel = oneOrMany('Where the ticket came from: `web`, `email`, `github` or `api`.', [
  'email',
  ['web', 'api'],
]);
const sender = {
  type: 'string',
  enum: ['verified', 'unverified'],
  description:
    "Whether the requester's address is proven theirs: `verified` when the mail's Authentication-Results from the desk's own server (`desk.mail.authservId`) pass for its From domain; `unverified` for any other mail and for every form (anyone can type an address). An unverified sender never gets an organisation or tier from their domain.",
  examples: ['verified'],
} as const;
const organisation = oneOrMany('Id of the requester organisation (from `customers.yaml`).', ['acme']);
const tier = oneOrMany("Id of the organisation's tier (from `customers.yaml`).", ['vip']);
const language = oneOrMany('Language of the ticket (one of `desk.yaml` languages).', ['en']);
const priority = oneOrMany('Priority id set by an earlier rule, the form or a label.', ['urgent']);
const type = oneOrMany('Ticket type id set by an earlier rule, the form or a label.', ['incident']);
const label = oneOrMany('A label on the ticket (set by an earlier rule, the form or an agent).', ['vip']);

/** One routing condition: exactly one key. Referenced as `#/$defs/condition` in routing.yaml. */
export const conditionSchema = {
  type: 'object',
  description:
    'One condition, written as an object with exactly one key: `all`, `any`, `not` combine conditions; the other keys test the ticket.',
  properties: {
    ...combinators([{ form: 'incident' }, { type: 'incident' }]),
    channel,
    sender,
    form: oneOrMany('Id of the request form the ticket was submitted with (file name in `rules/forms/`).', [
      'incident',
    ]),
    subject: { ...textMatch, description: `The ticket subject. ${textMatch.description}` },
    body: { ...textMatch, description: `The ticket description. ${textMatch.description}` },
    text: { ...textMatch, description: `Subject and description together. ${textMatch.description}` },
    requester: {
      type: 'object',
      description: "The requester's address or its domain.",
      properties: {
        email: {
          ...oneOrMany('Full email address of the requester, compared case-insensitively.', [
            'ceo@client.example',
          ]),
          'x-when-omitted': 'only `domain` is tested',
        },
        domain: {
          ...oneOrMany('Domain of the requester address; its subdomains match too.', ['client.example']),
          'x-when-omitted': 'only `email` is tested',
        },
      },
      additionalProperties: false,
      minProperties: 1,
      examples: [{ domain: 'client.example' }],
    },
    organisation,
    tier,
    language,
    field: {
      type: 'object',
      description: "A form field's answer.",
      properties: {
        id: {
          type: 'string',
          minLength: 1,
          description: 'The field `id` in the form.',
          examples: ['impact'],
        },
        equals: {
          ...oneOrMany('Matches when the answer equals one of these values (a dropdown option, text).', [
            "Toute l'entreprise",
          ]),
          'x-when-omitted': fieldTestOmitted,
        },
        contains: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          minItems: 1,
          description: 'Words or phrases; any one found in the answer matches.',
          'x-when-omitted': fieldTestOmitted,
          examples: [['urgent']],
        },
        matches: {
          type: 'string',
          minLength: 1,
          description:
            'A regular expression in JavaScript syntax, matched case-insensitively against the answer in linear time (no backreferences or lookaround).',
          'x-when-omitted': fieldTestOmitted,
          examples: ['^FR\\d{2}'],
        },
      },
      required: ['id'],
      additionalProperties: false,
      examples: [{ id: 'impact', equals: "Toute l'entreprise" }],
    },
    priority,
    type,
    label,
  },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  'x-refused-keys': {
    team: "a routing rule cannot test the team (only SLA policies can); test the team's label instead, e.g. `label: 'team: billing'`",
  },
  examples: [{ all: [{ channel: 'email' }, { subject: { contains: ['facture'] } }] }],
} as const;

export const conditionDefs = { condition: conditionSchema };

/**
 * One SLA policy condition: exactly one key. A policy is chosen from what the issue carries after
 * routing (labels, the ticket marker), so the request's text, form and answers are not among its keys.
 * Referenced as `#/$defs/condition` in sla.yaml.
 */
export const policyConditionSchema = {
  type: 'object',
  description:
    "One condition, written as an object with exactly one key: `all`, `any`, `not` combine conditions; the other keys test the ticket as routing left it (the request's subject, text, form and answers are not known here).",
  properties: {
    ...combinators([{ team: 'billing' }, { type: 'incident' }]),
    channel,
    sender,
    organisation,
    tier,
    language,
    priority,
    type,
    label,
    team: oneOrMany('Id of the team routing gave the ticket (its `team: …` label, from `teams.yaml`).', [
      'billing',
      ['billing', 'it'],
    ]),
  },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  'x-refused-keys': Object.fromEntries(
    (
      [
        ['form', 'form'],
        ['subject', 'subject'],
        ['body', 'description'],
        ['text', 'text'],
        ['requester', 'address'],
        ['field', 'form answers'],
      ] as const
    ).map(([key, what]) => [
      key,
      `an SLA policy is chosen from the issue after routing, where the request's ${what} is not known; test it in a routing rule that sets a label or a priority, and test that here`,
    ]),
  ),
  examples: [{ all: [{ team: 'billing' }, { priority: 'urgent' }] }],
} as const;

export const policyConditionDefs = { condition: policyConditionSchema };
