// Schema of rules/routing.yaml: the ordered routing rules.
import type { Condition, RoutingFile, RoutingRule, RuleActions } from '../../types.ts';
import { assignmentStrategies } from '../../types.ts';
import { conditionSchema } from '../../../conditions/condition-schema.ts';
import { idString } from '../common-schemas.ts';
import { objectSchema, type KeysMatch } from '../define-schema.ts';

const condition = conditionSchema('routing');

// Compile-time check that the condition schema knows exactly the keys of `Condition`.
const conditionKeysMatch: KeysMatch<Condition, typeof condition.properties> = true;
void conditionKeysMatch;

const actions = objectSchema<RuleActions>()({
  description: 'What the rule does when it matches.',
  properties: {
    labels: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Labels added to the ticket (they accumulate over matching rules).',
      default: [],
      examples: [['billing', 'vip']],
    },
    tags: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Tags used by the `skills` strategy (they accumulate).',
      default: [],
      examples: [['vpn']],
    },
    priority: {
      type: 'string',
      minLength: 1,
      description: 'Sets the priority (a later matching rule overrides an earlier one).',
      'x-when-omitted':
        'the priority is left as it is (`defaultPriority` of desk.yaml unless a rule, the form or a label set one)',
      examples: ['urgent'],
    },
    type: {
      type: 'string',
      minLength: 1,
      description: 'Sets the ticket type (a later matching rule overrides it).',
      'x-when-omitted': "the type is left as it is (the form's type, else `defaultType` of desk.yaml)",
      examples: ['incident'],
    },
    team: {
      type: 'string',
      minLength: 1,
      description: 'Gives the ticket to a team (from `teams.yaml`).',
      'x-when-omitted': "the team is left as it is (when no rule sets one: the organisation's `defaultTeam`)",
      examples: ['billing'],
    },
    assignees: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      uniqueItems: true,
      description: 'Explicit assignees (agent logins); replaces any strategy.',
      'x-when-omitted': 'an assignment strategy picks the assignee (see `assign`)',
      examples: [['camille-martin']],
    },
    assign: {
      type: 'string',
      enum: assignmentStrategies,
      description: 'How to pick an assignee in the team.',
      'x-when-omitted': "the team's `assignment`",
      examples: ['least-open'],
    },
    reply: {
      type: 'string',
      minLength: 1,
      description: 'Canned reply id (from `rules/replies/`) sent to the requester as an automatic answer.',
      'x-when-omitted': 'no automatic answer',
      examples: ['password-reset'],
    },
    repository: {
      type: 'string',
      pattern: '^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$',
      description:
        "Files the ticket in this repository (one of desk.yaml's `repositories`) instead of the default one; a later matching rule overrides it.",
      'x-when-omitted': "the ticket goes to desk.yaml's `repository`",
      examples: ['lumen/support-hr'],
    },
    stop: {
      type: 'boolean',
      description: 'Stop evaluating later rules when this one matches.',
      default: false,
      examples: [true],
    },
  },
  required: [],
});

const rule = objectSchema<RoutingRule>()({
  description: 'A routing rule: when its condition matches, its actions apply.',
  properties: {
    id: idString('Unique id, shown in the routing trace.', 'vip-first'),
    description: {
      type: 'string',
      description: 'Why the rule exists, for the next admin.',
      default: '',
      examples: ['VIP customers go to the front of the queue.'],
    },
    when: {
      $ref: '#/$defs/condition',
      description: 'The condition.',
      'x-when-omitted': 'the rule matches every ticket',
      examples: [{ tier: 'vip' }],
    },
    then: actions,
    mode: {
      type: 'string',
      enum: ['shadow'],
      description:
        '`shadow`: the rule is evaluated and, when it matches, recorded as "would have" (routing trace, the ticket\'s decision marker, `repodesk why`), but its actions are never applied and it never stops evaluation: a risky rule can run for a week before it is switched on.',
      'x-when-omitted': 'the rule applies',
      examples: ['shadow'],
    },
  },
  required: ['id', 'then'],
});

/** rules/routing.yaml */
export const routingSchema = {
  ...objectSchema<RoutingFile>()({
    title: 'rules/routing.yaml',
    description: 'Routing rules, evaluated in order for every new ticket.',
    properties: {
      rules: {
        type: 'array',
        items: rule,
        description:
          'The rules in evaluation order; every matching rule applies until one with `stop: true`.',
        default: [],
        examples: [[{ id: 'vip-first', when: { tier: 'vip' }, then: { priority: 'high', labels: ['vip'] } }]],
      },
    },
    required: [],
    defaulted: ['rules'],
  }),
  $defs: { condition },
};
