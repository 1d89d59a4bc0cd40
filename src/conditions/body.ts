// `body`: words, phrases or a pattern in the ticket description.
import type { ConditionKey } from './condition-key.ts';
import { policyRefusal } from './policy-refusal.ts';
import {
  checkPattern,
  compileText,
  describeText,
  textImplies,
  textMatchSchema,
  type TextMatch,
} from './text-match.ts';

export const body: ConditionKey<'body', TextMatch, 'routing'> = {
  key: 'body',
  grammars: ['routing'],
  refused: { policy: policyRefusal('description') },
  schema: textMatchSchema('The ticket description.'),
  check(value, path, context) {
    checkPattern(value.matches, [...path, 'body', 'matches'], context);
  },
  compile: (value, { where }) => compileText('body', value, `${where}.body`),
  implies: textImplies,
  describe: (value, { lang }) => describeText({ fr: 'description', en: 'description' }, value, lang),
};
