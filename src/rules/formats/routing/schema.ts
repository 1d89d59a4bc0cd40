// Schema of rules/routing.yaml: the ordered routing rules.
import type { Condition, RoutingFile, RoutingRule, RuleActions } from '../../types.ts';
import { conditionSchema } from '../../../conditions/condition-schema.ts';
import { idString } from '../common-schemas.ts';
import { routingActions } from '../../../routing/actions/index.ts';
import { objectSchema, type KeysMatch, type ObjectSpec } from '../define-schema.ts';

const condition = conditionSchema('routing');

// Compile-time check that the condition schema knows exactly the keys of `Condition`.
const conditionKeysMatch: KeysMatch<Condition, typeof condition.properties> = true;
void conditionKeysMatch;

// `then` is built from the registry of routing actions, one file each; `RuleActions` is derived from the
// same list, so the keys match by construction (test/routing/routing-actions.test.ts holds them to it).
const actionProperties = Object.fromEntries(
  routingActions.map((action) => [action.key, action.schema]),
) as unknown as ObjectSpec<RuleActions, [], []>['properties'];

const actions = objectSchema<RuleActions>()({
  description: 'What the rule does when it matches.',
  properties: actionProperties,
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
