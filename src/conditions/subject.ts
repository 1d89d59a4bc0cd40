// `subject`: words, phrases or a pattern in the ticket subject.
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

export const subject: ConditionKey<'subject', TextMatch, 'routing'> = {
  key: 'subject',
  grammars: ['routing'],
  refused: { policy: policyRefusal('subject') },
  schema: textMatchSchema('The ticket subject.'),
  check(value, path, context) {
    checkPattern(value.matches, [...path, 'subject', 'matches'], context);
  },
  compile: (value, { where }) => compileText('subject', value, `${where}.subject`),
  implies: textImplies,
  describe: (value, { lang }) => describeText({ fr: 'objet', en: 'subject' }, value, lang),
};
