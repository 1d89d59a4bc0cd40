// Schema of rules/teams.yaml: agents (GitHub logins) and the teams they belong to.
import type { Agent, OutOfOffice, Team, TeamsFile } from '../../types.ts';
import { assignmentStrategies } from '../../types.ts';
import { dateString, idString, localised, weeklyHours } from '../common-schemas.ts';
import { objectSchema } from '../define-schema.ts';

const outOfOffice = objectSchema<OutOfOffice>()({
  description: 'A period away; the agent gets no new assignments.',
  properties: {
    from: dateString('First day away (inclusive).', '2026-12-21'),
    to: dateString('Last day away (inclusive).', '2027-01-01'),
    reason: {
      type: 'string',
      description: 'Free text for the team (never shown to customers).',
      default: '',
      examples: ['Congés'],
    },
  },
  required: ['from', 'to'],
});

const agent = objectSchema<Agent>()({
  description: 'An agent: a GitHub user who works tickets.',
  properties: {
    login: {
      type: 'string',
      pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$',
      description: 'GitHub login.',
      examples: ['camille-martin'],
    },
    name: {
      type: 'string',
      minLength: 1,
      description: 'Full name (shown on public replies when `privacy.showAgentNames`).',
      examples: ['Camille Martin'],
    },
    skills: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Skills matched against ticket tags by the `skills` strategy.',
      default: [],
      examples: [['vpn', 'sso']],
    },
    capacity: {
      type: 'integer',
      minimum: 0,
      description: 'Maximum open tickets assigned at once; the agent is skipped at capacity.',
      default: 20,
      examples: [15],
    },
    timezone: {
      type: 'string',
      minLength: 1,
      description: "IANA timezone of the agent's working hours.",
      examples: ['Europe/Paris'],
    },
    workingHours: weeklyHours("The agent's working hours, in the agent's timezone."),
    outOfOffice: {
      type: 'array',
      items: outOfOffice,
      description: 'Periods away.',
      default: [],
      examples: [[{ from: '2026-12-21', to: '2027-01-01', reason: 'Congés' }]],
    },
    languages: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      uniqueItems: true,
      description:
        "Languages the agent answers in (from `desk.yaml` languages). Assignment strategies pick, among the available agents, one who speaks the ticket's language; when no available agent does, one of them is picked regardless (the routing trace says so).",
      examples: [['fr', 'en']],
    },
  },
  required: ['login', 'name', 'timezone', 'workingHours', 'languages'],
  defaulted: ['skills', 'capacity', 'outOfOffice'],
});

const team = objectSchema<Team>()({
  description: 'A team of agents that owns tickets.',
  properties: {
    id: idString('Id used by routing rules and customers.', 'billing'),
    name: localised('Name shown to agents and in reports.', { fr: 'Facturation', en: 'Billing' }),
    label: {
      type: 'string',
      minLength: 1,
      description: "The label that marks a ticket as this team's.",
      examples: ['team: billing'],
    },
    members: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      uniqueItems: true,
      description: "Logins of the team's agents (defined under `agents`).",
      examples: [['camille-martin', 'hugo-bernard']],
    },
    escalationContact: {
      type: 'string',
      minLength: 1,
      description: 'Login (an agent) notified or assigned when an SLA target is breached.',
      examples: ['camille-martin'],
    },
    assignment: {
      type: 'string',
      enum: assignmentStrategies,
      description: 'Default assignment strategy when a routing rule names the team without one.',
      default: 'round-robin',
      examples: ['least-open'],
    },
    calendar: {
      type: 'string',
      minLength: 1,
      description: "The SLA calendar (from `sla.yaml`) of the team's business hours.",
      examples: ['paris'],
    },
  },
  required: ['id', 'name', 'label', 'members', 'escalationContact', 'calendar'],
  defaulted: ['assignment'],
});

/** rules/teams.yaml */
export const teamsSchema = objectSchema<TeamsFile>()({
  title: 'rules/teams.yaml',
  description: 'Agents and teams.',
  properties: {
    agents: {
      type: 'array',
      items: agent,
      minItems: 1,
      description: 'Every agent, once; teams refer to them by login.',
      examples: [
        [
          {
            login: 'camille-martin',
            name: 'Camille Martin',
            skills: ['sso'],
            capacity: 15,
            timezone: 'Europe/Paris',
            workingHours: { mon: ['09:00-18:00'] },
            outOfOffice: [],
            languages: ['fr', 'en'],
          },
        ],
      ],
    },
    teams: {
      type: 'array',
      items: team,
      minItems: 1,
      description: 'Teams, each with its members, label, calendar and escalation contact.',
      examples: [
        [
          {
            id: 'billing',
            name: { fr: 'Facturation', en: 'Billing' },
            label: 'team: billing',
            members: ['camille-martin'],
            escalationContact: 'camille-martin',
            assignment: 'round-robin',
            calendar: 'paris',
          },
        ],
      ],
    },
  },
  required: ['agents', 'teams'],
});
