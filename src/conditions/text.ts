// `text`: words, phrases or a pattern in subject and description together.
import { textKey } from './text-match.ts';

export const text = textKey('text', {
  schema: 'Subject and description together.',
  refusal: 'text',
  words: { fr: 'texte', en: 'text' },
});
