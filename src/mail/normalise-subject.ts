// Mail clients prefix replies and forwards in their own language (`Re:`, `RE:`, `Fwd:`, `TR:`, `AW:`,
// `VS:`, `SV:`, `Réf. :`), sometimes repeated or counted (`Re[2]:`). The bare subject is what the ticket
// shows; a `[#ref]` token is the reference we put in our own subjects.

const prefix = /^\s*(re|fwd?|tr|aw|wg|vs|sv|antw|doorst|rif|r[ée]f\s*\.?|ref)\s*(\[\d+\]|\(\d+\))?\s*:\s*/i;
const refToken = /\[#([A-Za-z0-9][A-Za-z0-9-]{0,39})\]/;

export interface NormalisedSubject {
  /** Subject without reply/forward prefixes and without the `[#ref]` token. */
  subject: string;
  /** The reference found in a `[#ref]` token, as written. */
  ref?: string;
  /** Whether the subject carried reply or forward prefixes. */
  isReply: boolean;
}

/** Strips reply/forward prefixes (repeated, any case, several languages) and extracts a `[#ref]` token. */
export function normaliseSubject(raw: string): NormalisedSubject {
  let subject = raw.replace(/[\r\n\t]+/g, ' ').trim();
  let isReply = false;
  const match = refToken.exec(subject);
  const ref = match?.[1];
  if (match) subject = (subject.slice(0, match.index) + subject.slice(match.index + match[0].length)).trim();
  for (let guard = 0; guard < 20; guard += 1) {
    const next = subject.replace(prefix, '');
    if (next === subject) break;
    isReply = true;
    subject = next;
  }
  subject = subject.replace(/\s{2,}/g, ' ').trim();
  return ref === undefined ? { subject, isReply } : { subject, ref, isReply };
}
