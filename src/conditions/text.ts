// `text`: words, phrases or a pattern in subject and description together.
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

export const text: ConditionKey<'text', TextMatch, 'routing'> = {
  key: 'text',
  grammars: ['routing'],
  refused: { policy: policyRefusal('text') },
  schema: textMatchSchema('Subject and description together.'),
  check(value, path, context) {
    checkPattern(value.matches, [...path, 'text', 'matches'], context);
  },
  compile: (value, { where }) => compileText('text', value, `${where}.text`),
  implies: textImplies,
  describe: (value, { lang }) => describeText({ fr: 'texte', en: 'text' }, value, lang),
};
