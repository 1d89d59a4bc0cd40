// Schema of rules/customers.yaml: tiers and the organisations customers belong to.
import type { CustomersFile, Organisation, Tier } from '../../types.ts';
import { idString, localised } from '../common-schemas.ts';
import { objectSchema } from '../define-schema.ts';

const tier = objectSchema<Tier>()({
  description: 'A customer tier (standard, VIP…), used by routing rules and SLA policies.',
  properties: {
    id: idString('Id used by organisations, routing rules and SLA policies.', 'vip'),
    name: localised('Name shown to agents.', { fr: 'Client VIP', en: 'VIP customer' }),
  },
  required: ['id', 'name'],
});

const organisation = objectSchema<Organisation>()({
  description: 'A customer organisation, recognised by the domain of the requester address.',
  properties: {
    id: idString('Id used by routing rules and SLA policies.', 'acme'),
    name: {
      type: 'string',
      minLength: 1,
      description: 'Name shown to agents.',
      examples: ['ACME Industries'],
    },
    domains: {
      type: 'array',
      items: {
        type: 'string',
        pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$',
        examples: ['acme.example'],
      },
      uniqueItems: true,
      description:
        "Email domains (lowercase) whose senders belong to the organisation, when the sender is verified (mail our server's Authentication-Results vouch for; never a form, where anyone can type an address); a domain belongs to one organisation only.",
      default: [],
      examples: [['acme.example', 'acme-group.example']],
    },
    tier: { type: 'string', minLength: 1, description: 'Tier id (from `tiers`).', examples: ['vip'] },
    defaultTeam: {
      type: 'string',
      minLength: 1,
      description: 'Team that handles the organisation when no routing rule sets one.',
      'x-when-omitted': 'only routing rules give its tickets a team',
      examples: ['billing'],
    },
    language: {
      type: 'string',
      minLength: 1,
      description: 'Language used with the organisation when a message does not tell.',
      'x-when-omitted': "each message's own language (the desk's first language when it cannot tell)",
      examples: ['en'],
    },
    survey: {
      type: 'boolean',
      description:
        "Whether the organisation's requesters get the one-click satisfaction survey (good / bad) in their resolution mail; `false` for customers who asked not to be surveyed.",
      'x-when-omitted': 'the survey is sent (unless the form opted out)',
      examples: [false],
    },
  },
  required: ['id', 'name', 'tier'],
  defaulted: ['domains'],
});

/** rules/customers.yaml */
export const customersSchema = objectSchema<CustomersFile>()({
  title: 'rules/customers.yaml',
  description: 'Customer tiers and organisations.',
  properties: {
    tiers: {
      type: 'array',
      items: tier,
      minItems: 1,
      description: 'Tiers; organisations name one.',
      examples: [[{ id: 'standard', name: { fr: 'Standard', en: 'Standard' } }]],
    },
    organisations: {
      type: 'array',
      items: organisation,
      description: 'Known customer organisations.',
      default: [],
      examples: [[{ id: 'acme', name: 'ACME Industries', domains: ['acme.example'], tier: 'vip' }]],
    },
  },
  required: ['tiers'],
  defaulted: ['organisations'],
});
