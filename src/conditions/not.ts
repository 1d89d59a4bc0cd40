// `not`: the condition does not match.
import type { ConditionKey } from './condition-key.ts';
import { inLanguage } from './describe-values.ts';
import type { AnyCondition } from './index.ts';

const except = { fr: 'sauf', en: 'except' };

export const not: ConditionKey<'not', AnyCondition> = {
  key: 'not',
  grammars: ['routing', 'policy'],
  schema: {
    $ref: '#/$defs/condition',
    description: 'Matches when the condition does not match.',
    examples: [{ channel: 'github' }],
  },
  check(condition, path, context) {
    context.check(condition, [...path, 'not']);
  },
  // Not A implies not B when B implies A.
  compile(condition, { where, compile }) {
    const matcher = compile(condition, `${where}.not`);
    return (facts) => {
      const outcome = matcher(facts);
      return { ok: !outcome.ok, why: `not (${outcome.why})` };
    };
  },
  implies: (narrow, wide, proves) => proves(wide, narrow),
  dependsOn: (condition, _changed, dependsOn) => dependsOn(condition),
  describe: (condition, { lang, describe }) => `${inLanguage(except, lang)} ${describe(condition)}`,
};
