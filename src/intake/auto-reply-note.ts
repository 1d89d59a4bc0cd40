// The internal note an automatic reply (out of office, vacation responder) becomes on its ticket: agents
// learn the requester is away and until when, but the ticket does not move (no reopening, no "customer
// replied"), nothing is answered, and one note per ticket per window is enough (see process-inbound-job).
// A bot comment without the customer-message marker: every process reads it as a note for agents.

import { messagesFor } from '../messages/index.ts';
import { neutralise } from './neutralise.ts';
import { mailCommentMarker } from './customer-comment.ts';

/** Put on the note so that the next automatic reply within the window finds it and adds none. */
export const autoReplyNoteMarker = '<!-- repodesk:auto-reply-note -->';

/** How much of the automatic reply the note quotes (enough for "back on the 14th, call …"). */
const quotedLength = 1500;

/** The note's body, in the agents' language. */
export function renderAutoReplyNote(input: { dedupeKey: string; text: string; lang: string }): string {
  const w = messagesFor(input.lang).autoReplyNote;
  const characters = [...input.text.trim()];
  const text =
    characters.length > quotedLength ? `${characters.slice(0, quotedLength).join('')}…` : input.text.trim();
  const quoted = text === '' ? w.empty : neutralise(text).replace(/^/gm, '> ');
  return `${autoReplyNoteMarker}\n${mailCommentMarker(input.dedupeKey)}\n\n**${w.heading}** · ${w.nothing}\n\n${quoted}\n`;
}
