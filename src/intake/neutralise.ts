// Makes customer text inert in a GitHub issue: nobody is mentioned or notified, no issue is
// cross-referenced, no HTML renders, nothing hidden, no remote image loads, and no forged repodesk
// marker can fool the bot's reconciliation. GitHub ignores `\@`, so mentions and references are broken
// with a zero-width joiner after `@`/`#`, which reads the same but matches no GitHub pattern.

const zwj = '\u200d';

/** C0/C1 controls (except tab and newline) and bidirectional overrides that can disguise text. */
const invisibleControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A link to an issue, pull request, discussion or commit on any GitHub host: GitHub would cross-reference it. */
const trackerUrl =
  /\bhttps?:\/\/[^\s<>`"'()[\]]+\/(?:issues|pull|pulls|discussions|commit|commits)\/[^\s<>`"'()[\]]*/gi;

/** Everything customer text may contain that GitHub would act on, outside tracker URLs. */
function inert(text: string): string {
  return (
    text
      // Entities first, so that `&#64;` (an @ once rendered) or a typed `&lt;` stay literal text.
      .replaceAll('&', '&amp;')
      // No HTML at all: tags, `<img>` trackers, `<!-- hidden -->` comments and forged `<!-- repodesk:` markers.
      .replaceAll('<', '&lt;')
      // `![alt](src)` would load `src`: keep the text as a plain link instead.
      .replace(/!\[/g, '[image: ')
      // `@user`, `@org/team`, `owner/repo@sha`.
      .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${zwj}`)
      // `#12`, `owner/repo#5`.
      .replace(/#(?=\d)/g, `#${zwj}`)
      // `GH-12`.
      .replace(/\b(gh)-(?=\d)/gi, `$1-${zwj}`)
  );
}

/** Line breaks as `\n`, invisible controls removed. */
function clean(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(invisibleControls, '');
}

/** Neutralises multi-line customer text (a message, a form answer) for an issue body or comment. */
export function neutralise(text: string): string {
  const cleaned = clean(text);
  let result = '';
  let last = 0;
  for (const match of cleaned.matchAll(trackerUrl)) {
    result += inert(cleaned.slice(last, match.index));
    // In a code span the URL is shown but not linked, so GitHub records no cross-reference.
    result += `\`${match[0]}\``;
    last = match.index + match[0].length;
  }
  return result + inert(cleaned.slice(last));
}

/** Neutralises a title: GitHub shows titles as plain text, so only mentions and references need breaking. */
function neutraliseTitleText(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${zwj}`)
    .replace(/#(?=\d)/g, `#${zwj}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${zwj}`);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as people count them (code points). */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** UTF-16 code units, as GitHub counts a title (an emoji is two): what the tracker refuses past its limit. */
function utf16Units(text: string): number {
  return text.length;
}

/**
 * Single-line customer text (a subject, a name): line breaks and controls become spaces, spaces collapse,
 * then it is neutralised for `target` and cut so the result has at most `maxLength` characters (UTF-16
 * units for a title, as the tracker counts; code points otherwise), ending with `…` when cut.
 */
export function neutraliseLine(
  text: string,
  maxLength: number,
  target: 'markdown' | 'title' = 'markdown',
): string {
  const line = clean(text).replace(/\s+/g, ' ').trim();
  const transform = target === 'title' ? neutraliseTitleText : (value: string) => neutralise(value);
  const length = target === 'title' ? utf16Units : codePoints;
  const whole = transform(line);
  if (length(whole) <= maxLength) return whole;
  // Cut between graphemes (never half an emoji, never a letter without its accent). Neutralising adds
  // characters (entities, joiners), so search for the longest source whose result still fits.
  const parts = Array.from(graphemes.segment(line), (entry) => entry.segment);
  const cut = (keep: number): string => `${transform(parts.slice(0, keep).join('').trimEnd())}…`;
  let low = 0;
  let high = Math.min(parts.length, maxLength);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (length(cut(middle)) <= maxLength) low = middle;
    else high = middle - 1;
  }
  return cut(low);
}
