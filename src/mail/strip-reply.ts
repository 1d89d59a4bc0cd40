// Keeps what the customer just wrote: quoted history (the previous mails under a reply header or `>`
// lines) and signatures are cut, in French and English, for the usual clients (Outlook, Gmail, Apple
// Mail, Thunderbird, phones). The full original is returned too, so agents can still open it.

export interface StrippedReply {
  /** The new text of the message. */
  text: string;
  /** The original text, untouched. */
  full: string;
  /** Whether quoted history was found and removed. */
  quoteRemoved: boolean;
  /** Whether a signature was found and removed. */
  signatureRemoved: boolean;
}

// « Le lun. 3 nov. 2026 à 10:02, X <x@y> a écrit : » / "On Mon, Nov 3, 2026 at 10:02 AM X wrote:"
// Clients wrap it over two lines, so it is tested on a line joined with the next one.
const attributionLine =
  /^\s*(le|on|am|el|il)\s.{4,300}?(a\s+écrit|wrote|schrieb|escribió|ha scritto)\s*:\s*$/i;
const originalMessage =
  /^\s*-{2,}\s*(original message|message d'origine|message original|ursprüngliche nachricht|mensaje original)\s*-{2,}\s*$/i;
const outlookSeparator = /^\s*_{10,}\s*$/;
const outlookFrom = /^\s*\**(de|from|von)\s*\**\s*:\s*\S/i;
const outlookSent = /^\s*\**(envoyé|sent|date|gesendet|à|to|objet|subject)\s*\**\s*:/i;
const signatureDelimiter = /^--\s?$/;
const signOff =
  /^\s*(bien\s+)?(cordialement|cdlt|bien à (vous|toi)|salutations( distinguées)?|(best|kind|warm)?\s*regards|best|cheers|thanks(,| and)? regards)\s*[,.!]?\s*$/i;
const sentFrom =
  /^\s*(envoyé (de|depuis) (mon|l'application)|sent from (my|outlook|mail for)|get outlook for|obtenir outlook pour|télécharger outlook)\b/i;

function isQuoteHeader(lines: string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (originalMessage.test(line)) return true;
  if (attributionLine.test(line)) return true;
  const next = lines[index + 1] ?? '';
  if (/^\s*(le|on)\s/i.test(line) && attributionLine.test(`${line} ${next}`)) return true;
  if (outlookSeparator.test(line) && outlookFrom.test(lines[index + 1] ?? '')) return true;
  // Any "… wrote:" line right above quoted lines, whatever comes before it.
  if (
    /(wrote|a\s+écrit|schrieb)\s*:\s*$/i.test(line) &&
    /^\s*>/.test(lines.slice(index + 1).find((next) => next.trim() !== '') ?? '')
  )
    return true;
  if (outlookFrom.test(line)) {
    // Outlook's header block: « De : … » followed within a few lines by « Envoyé : », « À : » or « Objet : ».
    for (let look = index + 1; look <= index + 4 && look < lines.length; look += 1) {
      if (outlookSent.test(lines[look] ?? '')) return true;
    }
  }
  return false;
}

/** Removes quoted history and signature from a reply's plain text. */
export function stripReply(full: string): StrippedReply {
  const lines = full.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  let quoteRemoved = false;
  for (let index = 0; index < lines.length; index += 1) {
    if (isQuoteHeader(lines, index)) {
      end = index;
      quoteRemoved = true;
      break;
    }
  }
  let kept = lines.slice(0, end).filter((line) => {
    if (/^\s*>/.test(line)) {
      quoteRemoved = true;
      return false;
    }
    return true;
  });
  let signatureRemoved = false;
  // A sign-off or a delimiter only counts in the lower part, so "Cordialement" in a first line of a
  // one-line mail still cuts, but a "--" in the middle of a long explanation does not swallow it.
  const firstCandidate = Math.floor(kept.length / 3);
  for (let index = 0; index < kept.length; index += 1) {
    const line = kept[index] ?? '';
    const isSignature =
      signatureDelimiter.test(line) || sentFrom.test(line) || (index >= firstCandidate && signOff.test(line));
    if (isSignature && index > 0) {
      kept = kept.slice(0, index);
      signatureRemoved = true;
      break;
    }
  }
  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, full, quoteRemoved, signatureRemoved };
}

/** Cuts the quoted part of an HTML body (Gmail `gmail_quote`, Outlook `divRplyFwdMsg`, Apple `type="cite"`). */
export function stripHtmlQuote(html: string): { html: string; quoteRemoved: boolean } {
  const markers = [
    /<(div|blockquote)\b[^>]*class\s*=\s*["'][^"']*gmail_quote/i,
    /<div\b[^>]*id\s*=\s*["']?(divRplyFwdMsg|appendonsend)/i,
    /<blockquote\b[^>]*type\s*=\s*["']?cite/i,
    /<div\b[^>]*class\s*=\s*["'][^"']*(moz-cite-prefix|yahoo_quoted)/i,
  ];
  let cut = html.length;
  for (const marker of markers) {
    const found = marker.exec(html);
    if (found && found.index < cut) cut = found.index;
  }
  if (cut === html.length) return { html, quoteRemoved: false };
  return { html: html.slice(0, cut), quoteRemoved: true };
}
