// `body`: words, phrases or a pattern in the ticket description.
import { textKey } from './text-match.ts';

export const body = textKey('body', {
  schema: 'The ticket description.',
  refusal: 'description',
  words: { fr: 'description', en: 'description' },
});
