// The internal note an automatic reply (out of office, vacation responder) becomes on its ticket: agents
// learn the requester is away and until when, but the ticket does not move (no reopening, no "customer
// replied"), nothing is answered, and one note per ticket per window is enough (see process-inbound-job).
// A bot comment without the customer-message marker: every process reads it as a note for agents.

import { neutralise } from './neutralise.ts';
import { mailCommentMarker } from './customer-comment.ts';

/** Put on the note so that the next automatic reply within the window finds it and adds none. */
export const autoReplyNoteMarker = '<!-- repodesk:auto-reply-note -->';

const words = {
  fr: {
    heading: 'Réponse automatique du demandeur',
    nothing: 'Le ticket ne change pas de statut et rien n’a été répondu.',
    empty: '_Message sans texte_',
  },
  en: {
    heading: 'Automatic reply from the requester',
    nothing: 'The ticket keeps its status and nothing was answered.',
    empty: '_Message without text_',
  },
};

/** How much of the automatic reply the note quotes (enough for "back on the 14th, call …"). */
const quotedLength = 1500;

/** The note's body, in the agents' language. */
export function renderAutoReplyNote(input: { dedupeKey: string; text: string; lang: string }): string {
  const w = input.lang === 'fr' ? words.fr : words.en;
  const characters = [...input.text.trim()];
  const text =
    characters.length > quotedLength ? `${characters.slice(0, quotedLength).join('')}…` : input.text.trim();
  const quoted = text === '' ? w.empty : neutralise(text).replace(/^/gm, '> ');
  return `${autoReplyNoteMarker}\n${mailCommentMarker(input.dedupeKey)}\n\n**${w.heading}** · ${w.nothing}\n\n${quoted}\n`;
}
