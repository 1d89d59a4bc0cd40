// `all`: every condition of the list matches.
import type { ConditionKey } from './condition-key.ts';
import { inLanguage } from './describe-values.ts';
import type { AnyCondition } from './index.ts';

const and = { fr: 'et', en: 'and' };

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
  compile(parts, { where, compile }) {
    const matchers = parts.map((part, index) => compile(part, `${where}.all[${index}]`));
    return (facts) => {
      const reasons: string[] = [];
      for (const matcher of matchers) {
        const outcome = matcher(facts);
        if (!outcome.ok) return outcome;
        reasons.push(outcome.why);
      }
      return { ok: true, why: reasons.length === 0 ? 'no conditions (empty all)' : reasons.join(' and ') };
    };
  },
  implies: {
    exactAs: 'wide',
    wide: (narrow, parts, proves) => parts.every((part) => proves(narrow, part)),
    narrow: (parts, wide, proves) => parts.some((part) => proves(part, wide)),
  },
  dependsOn: (parts, _changed, dependsOn) => parts.some(dependsOn),
  describe: (parts, { lang, describe }) => parts.map(describe).join(` ${inLanguage(and, lang)} `),
};
