// `all`: every condition of the list matches.
import type { ConditionKey } from './condition-key.ts';
import type { AnyCondition } from './index.ts';

export const all: ConditionKey<'all', AnyCondition[]> = {
  key: 'all',
  grammars: ['routing', 'policy'],
  schema: {
    type: 'array',
    items: { $ref: '#/$defs/condition' },
    minItems: 1,
    description: 'Matches when every condition of the list matches.',
    examples: [[{ channel: 'email' }, { tier: 'vip' }]],
  },
  check(items, path, context) {
    items.forEach((item, index) => context.check(item, [...path, 'all', index]));
  },
  implies: {
    exactAs: 'wide',
    wide: (narrow, parts, proves) => parts.every((part) => proves(narrow, part)),
    narrow: (parts, wide, proves) => parts.some((part) => proves(part, wide)),
  },
  dependsOn: (parts, _changed, dependsOn) => parts.some(dependsOn),
};
