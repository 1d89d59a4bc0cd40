// Schema of rules/sla.yaml: business-hours calendars and SLA policies.
import type {
  Calendar,
  EscalationStep,
  Holiday,
  PolicyCondition,
  SlaClock,
  SlaFile,
  SlaPolicy,
  StatusId,
} from '../../types.ts';
import { conditionSchema } from '../../../conditions/condition-schema.ts';
import { statusIds } from '../../types.ts';
import { dateString, durationPattern, idString, localised, weeklyHours } from '../common-schemas.ts';
import { objectSchema, type KeysMatch } from '../define-schema.ts';

const condition = conditionSchema('policy');

// Compile-time check that the policy condition schema knows exactly the keys of `PolicyCondition`.
const conditionKeysMatch: KeysMatch<PolicyCondition, typeof condition.properties> = true;
void conditionKeysMatch;

const holiday = objectSchema<Holiday>()({
  description: 'A closed day.',
  properties: {
    date: dateString('The day.', '2026-12-25'),
    name: {
      type: 'string',
      description: 'Name of the holiday, for people.',
      default: '',
      examples: ['Noël'],
    },
  },
  required: ['date'],
});

const calendar = objectSchema<Calendar>()({
  description: 'Business hours in a timezone, minus holidays: what SLA clocks count.',
  properties: {
    id: idString('Id used by policies, teams and `desk.yaml` lifecycle.', 'paris'),
    name: localised('Name shown to agents.', { fr: 'Heures ouvrées de Paris', en: 'Paris business hours' }),
    timezone: {
      type: 'string',
      minLength: 1,
      description: 'IANA timezone of the hours.',
      examples: ['Europe/Paris'],
    },
    alwaysOpen: {
      type: 'boolean',
      description: '`true` for a 24×7 calendar (`hours` then ignored).',
      default: false,
      examples: [true],
    },
    hours: weeklyHours('Opening hours.', true),
    holidays: {
      type: 'array',
      items: holiday,
      description: 'Closed days, in addition to those of `ics`.',
      default: [],
      examples: [[{ date: '2026-12-25', name: 'Noël' }]],
    },
    ics: {
      type: 'string',
      pattern: '\\.ics$',
      description:
        'Path of an ICS file (relative to `rules/`) whose all-day events are holidays; a recurring event (`RRULE`, with `EXDATE`/`RDATE`) counts on each of its days from last year to five years ahead.',
      'x-when-omitted': 'only the `holidays` listed here count',
      examples: ['calendars/jours-feries-fr.ics'],
    },
  },
  required: ['id', 'name', 'timezone'],
});

const duration = (description: string, example: string) =>
  ({
    type: 'string',
    pattern: durationPattern,
    minLength: 2,
    description: `${description} A duration of counted (business) time: \`30m\`, \`4h\`, \`1h30m\`, \`2d\` (1d = 24 hours, at most \`365d\`); \`0m\` is due at the next opening of the calendar (at once during opening hours).`,
    'x-when-omitted': 'this clock has no target and is not measured',
    examples: [example],
  }) as const;

const targets = objectSchema<Partial<Record<SlaClock, string>>>()({
  description: 'Target per clock; a missing clock has no target.',
  properties: {
    firstResponse: duration('Time to the first public reply.', '4h'),
    nextResponse: duration('Time to answer each later customer message.', '8h'),
    resolution: duration('Time to resolve.', '3d'),
  },
  required: [],
});

const pausingStatuses = (clock: string) =>
  ({
    type: 'array',
    items: { type: 'string', enum: statusIds },
    uniqueItems: true,
    description: `Statuses during which the ${clock} clock does not run.`,
    default: [],
    examples: [['pending', 'on-hold']],
  }) as const;

const pauseOn = objectSchema<Partial<Record<SlaClock, StatusId[]>>>()({
  description: 'Statuses that pause each clock.',
  properties: {
    firstResponse: pausingStatuses('first-response'),
    nextResponse: pausingStatuses('next-response'),
    resolution: pausingStatuses('resolution'),
  },
  required: [],
});

const escalationStep = objectSchema<EscalationStep>()({
  description: 'What happens when a share of a target has elapsed.',
  properties: {
    at: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      description: 'Percentage of the target elapsed (75 = at risk, 100 = breached).',
      examples: [75],
    },
    label: {
      type: 'string',
      minLength: 1,
      description: 'Label put on the ticket at this step (removed when the clock is met).',
      examples: ['sla: at-risk'],
    },
    notify: {
      type: 'string',
      enum: ['mention', 'assign'],
      description:
        "What to do with the team's escalation contact, once: mention them in a note, or assign them.",
      'x-when-omitted': 'only the label is put on the ticket; the contact is not told',
      examples: ['mention'],
    },
  },
  required: ['at', 'label'],
});

const policy = objectSchema<SlaPolicy>()({
  description: 'An SLA policy: targets for the tickets its condition matches.',
  properties: {
    id: idString('Id shown in SLA notes and reports.', 'urgent'),
    name: localised('Name shown to agents.', { fr: 'Urgent', en: 'Urgent' }),
    when: {
      $ref: '#/$defs/condition',
      description: 'Conditions over priority, type, tier, organisation, team, channel, language and labels.',
      'x-when-omitted': 'the policy applies to every ticket that reaches it',
      examples: [{ priority: 'urgent' }],
    },
    calendar: {
      type: 'string',
      minLength: 1,
      description: 'Calendar id (from `calendars`) whose hours the clocks count.',
      'x-when-omitted':
        "the calendar of the ticket's team (teams.yaml `calendar`), so one policy follows each team's hours; for a ticket with no team, desk.yaml `lifecycle.calendar`",
      examples: ['paris'],
    },
    targets: { ...targets, examples: [{ firstResponse: '30m', resolution: '4h' }] },
    pauseOn: {
      ...pauseOn,
      default: { firstResponse: [], nextResponse: [], resolution: [] },
      examples: [{ resolution: ['pending'] }],
    },
    escalation: {
      type: 'array',
      items: escalationStep,
      description: 'Escalation steps, in increasing `at`.',
      default: [],
      examples: [
        [
          { at: 75, label: 'sla: at-risk' },
          { at: 100, label: 'sla: breached', notify: 'assign' },
        ],
      ],
    },
    mode: {
      type: 'string',
      enum: ['shadow'],
      description:
        '`shadow`: the policy is evaluated and, when it would have been chosen, recorded as "would have" (its id and due times, in `repodesk why` and `repodesk simulate`), but never applied: the real policy is the first other one that matches, and the sweep never labels, escalates or writes a status line by a shadow policy. At least one policy must not be shadow.',
      'x-when-omitted': 'the policy applies',
      examples: ['shadow'],
    },
  },
  required: ['id', 'name', 'targets'],
  defaulted: ['pauseOn', 'escalation'],
});

/** rules/sla.yaml */
export const slaSchema = {
  ...objectSchema<SlaFile>()({
    title: 'rules/sla.yaml',
    description: 'Calendars of business hours and SLA policies.',
    properties: {
      calendars: {
        type: 'array',
        items: calendar,
        minItems: 1,
        description: 'Calendars of business hours.',
        examples: [
          [
            {
              id: 'paris',
              name: { fr: 'Paris', en: 'Paris' },
              timezone: 'Europe/Paris',
              hours: { mon: ['09:00-18:00'] },
            },
          ],
        ],
      },
      policies: {
        type: 'array',
        items: policy,
        description: 'SLA policies; the first whose condition matches applies.',
        default: [],
        examples: [
          [
            {
              id: 'standard',
              name: { fr: 'Standard', en: 'Standard' },
              calendar: 'paris',
              targets: { firstResponse: '4h' },
              pauseOn: {},
              escalation: [],
            },
          ],
        ],
      },
      statusLine: {
        type: 'boolean',
        description:
          "Whether the sweep keeps a line of the ticket's SLA due times (met, paused, breached) at the end of the issue body, rewritten only when a due time or a clock's state changes.",
        default: true,
        examples: [false],
      },
    },
    required: ['calendars'],
    defaulted: ['policies'],
  }),
  $defs: { condition },
};
