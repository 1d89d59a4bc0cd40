// `text`: words, phrases or a pattern in subject and description together.
import type { ConditionKey } from './condition-key.ts';
import { policyRefusal } from './policy-refusal.ts';
import { textMatchSchema, type TextMatch } from './text-match.ts';

export const text: ConditionKey<'text', TextMatch, 'routing'> = {
  key: 'text',
  grammars: ['routing'],
  refused: { policy: policyRefusal('text') },
  schema: textMatchSchema('Subject and description together.'),
};
