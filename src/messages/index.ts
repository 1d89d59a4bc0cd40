// The bot's texts for a language: `messagesFor(lang).issueBody.requester`. Every text the bot writes to
// customers and agents is in fr.ts and en.ts; a language without a table reads English (message-language.ts).

import * as en from './en.ts';
import * as fr from './fr.ts';
import { messageLanguage, type MessageLanguage } from './message-language.ts';

/** Every area of texts, as fr.ts declares them. */
export type Messages = typeof fr;

const tables: Record<MessageLanguage, Messages> = { fr, en };

/** The texts in `lang` (French for `fr` and `fr-*`, English otherwise). */
export function messagesFor(lang: string): Messages {
  return tables[messageLanguage(lang)];
}
