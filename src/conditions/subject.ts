// `subject`: words, phrases or a pattern in the ticket subject.
import { textKey } from './text-match.ts';

export const subject = textKey('subject', {
  schema: 'The ticket subject.',
  refusal: 'subject',
  words: { fr: 'objet', en: 'subject' },
});
