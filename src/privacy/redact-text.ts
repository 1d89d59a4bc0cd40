// Redacts one requester from a text (an issue body, a comment): their address, their name, links to the
// files they sent, and signature blocks (from a "-- " line to the end of the quoted message). Pure: the
// same text and requester always give the same result; a text without them comes back unchanged.

/** What replaces what was erased: agents read it on GitHub, in French and in English. */
export const erasedMark = '[effacé · erased]';

export interface Requester {
  email: string;
  /** Names they gave (empty ones are ignored). */
  names: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function redactText(text: string, requester: Requester): string {
  let result = text
    // Signature blocks: "-- " on its own line, up to a blank line followed by a marker, or the end.
    .replace(/(^|\n)-- ?\n[\s\S]*?(?=\n<!-- repodesk|$)/g, `$1-- \n${erasedMark}`)
    // Markdown links (and images) to the files the bot kept: the files are deleted with the rest.
    .replace(/!?\[[^\]]*\]\([^)\s]*\/api\/attachments\/[^)\s]*\)/g, erasedMark)
    .replace(new RegExp(escapeRegExp(requester.email), 'gi'), erasedMark);
  for (const name of requester.names) {
    const trimmed = name.trim();
    if (trimmed.length < 2) continue;
    result = result.replace(new RegExp(escapeRegExp(trimmed), 'gi'), erasedMark);
  }
  return result;
}
