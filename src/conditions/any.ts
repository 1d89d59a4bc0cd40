// `any`: at least one condition of the list matches.
import type { ConditionKey } from './condition-key.ts';
import { inLanguage, orWord } from './describe-values.ts';
import type { AnyCondition } from './index.ts';

export const any: ConditionKey<'any', AnyCondition[]> = {
  key: 'any',
  grammars: ['routing', 'policy'],
  schema: (grammar) => ({
    type: 'array',
    items: { $ref: '#/$defs/condition' },
    minItems: 1,
    description: 'Matches when at least one condition of the list matches.',
    examples: [
      grammar === 'routing'
        ? [{ form: 'incident' }, { type: 'incident' }]
        : [{ team: 'billing' }, { type: 'incident' }],
    ],
  }),
  check(items, path, context) {
    items.forEach((item, index) => context.check(item, [...path, 'any', index]));
  },
  compile(parts, { where, compile }) {
    const matchers = parts.map((part, index) => compile(part, `${where}.any[${index}]`));
    return (facts) => {
      const reasons: string[] = [];
      for (const matcher of matchers) {
        const outcome = matcher(facts);
        if (outcome.ok) return outcome;
        reasons.push(outcome.why);
      }
      return {
        ok: false,
        why: reasons.length === 0 ? 'no alternatives (empty any)' : `none of: ${reasons.join('; ')}`,
      };
    };
  },
  implies: {
    exactAs: 'narrow',
    wide: (narrow, parts, proves) => parts.some((part) => proves(narrow, part)),
    narrow: (parts, wide, proves) => parts.every((part) => proves(part, wide)),
  },
  dependsOn: (parts, _changed, dependsOn) => parts.some(dependsOn),
  describe: (parts, { lang, describe }) => parts.map(describe).join(` ${inLanguage(orWord, lang)} `),
};
