// Makes customer text inert in a GitHub issue: it renders as the customer's words and nothing more. Nobody
// is mentioned or notified, no issue is cross-referenced, no HTML renders, nothing is hidden, no image loads,
// no forged repodesk marker can fool the bot's reconciliation, and no Markdown written by the customer
// becomes layout: no heading, list, table, rule, quote, code block, bold `Label:` line or link of their own
// that could imitate the bot's sections (a fake "### Pièces jointes" with a link of theirs). Every character
// Markdown could act on is backslash-escaped (CommonMark lets any ASCII punctuation be), block markers at a
// line start included, and `<`, `>`, `&` become entities, so a bare `-->` can close no comment. Web links
// stay clickable as `<https://…>` autolinks, the only links left: `javascript:` and `data:` never are.
// GitHub ignores `\@`, so mentions and references are broken with a zero-width joiner after `@`/`#`, which
// reads the same but matches no GitHub pattern. Line breaks are kept; leading spaces become no-break
// spaces, so an indented line shows its indent instead of turning into a code block.

const zwj = '\u200d';

/** C0/C1 controls (except tab and newline) and bidirectional overrides that can disguise text. */
const invisibleControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A link to an issue, pull request, discussion or commit on any GitHub host (whatever follows the path):
 * GitHub would cross-reference it, even as a link.
 */
const trackerUrl = /^(?:https?:\/\/)?[^\s/]+\/.*\/(?:issues|pull|pulls|discussions|commit|commits)\//i;

/** A web address as GFM would autolink it (its end trimmed below): the only kind of link customer text keeps. */
const webUrl = /\b(?:https?:\/\/|www\.)[^\s<>`"\\]+/gi;

/** ASCII punctuation Markdown acts on anywhere in a line: escapes, emphasis, code, links, tables, strikethrough, math. */
const inlineMarkup = /[\\`*_[\]~|$]/g;

/** Block markers at the start of a line (after its indent): headings, quotes, lists, rules, setext underlines, tables. */
const blockStart = /^[#+\-=:]/;

/** `url` without the trailing punctuation GFM leaves out of an autolink (a sentence's full stop, an unmatched `)`). */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1] ?? '';
    if (/[.,:;!?'*_~]/.test(last)) end -= 1;
    else if (last === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end -= 1;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** Plain customer text made inert (no URL in it): entities, broken mentions and references, escapes. */
function inert(text: string): string {
  return (
    text
      // Entities first, so that `&#64;` (an @ once rendered) or a typed `&lt;` stay literal text.
      .replaceAll('&', '&amp;')
      // No HTML at all: tags, `<img>` trackers, `<!-- hidden -->` comments, a bare `-->`, forged markers.
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      // Mentions and references before the escapes: GitHub finds them in the rendered text, where `\_` is `_`.
      // `@user`, `@org/team`, `owner/repo@sha`.
      .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${zwj}`)
      // `#12`, `owner/repo#5`.
      .replace(/#(?=\d)/g, `#${zwj}`)
      // `GH-12`.
      .replace(/\b(gh)-(?=\d)/gi, `$1-${zwj}`)
      .replace(inlineMarkup, '\\$&')
  );
}

/** One line of customer text: inline markup escaped, web addresses kept as autolinks, tracker URLs as code. */
function inertLine(line: string): string {
  let result = '';
  let last = 0;
  for (const match of line.matchAll(webUrl)) {
    const url = trimUrl(match[0]);
    if (!/^(?:https?:\/\/|www\.)./i.test(url)) continue;
    result += inert(line.slice(last, match.index));
    // In a code span a tracker URL is shown but not linked, so GitHub records no cross-reference. Any other
    // web address is an autolink: its text is taken literally (no mention, no emphasis inside), its scheme
    // is http or https; a `www.` address without one is text, which GFM links as http.
    if (trackerUrl.test(url)) result += `\`${url}\``;
    else result += /^https?:/i.test(url) ? `<${url}>` : inert(url);
    last = match.index + url.length;
  }
  const text = result + inert(line.slice(last));
  // A block marker at the line start is escaped like the rest (`\#`, `\-`, `1\.`); `&gt;` is already inert.
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const rest = text
    .slice(indent.length)
    .replace(blockStart, '\\$&')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');
  // Leading spaces as no-break spaces: shown as an indent, never an indented code block.
  return indent.replaceAll('\t', '    ').replaceAll(' ', '\u00a0') + rest;
}

/** Line breaks as `\n`, invisible controls removed, lone surrogates replaced. */
function clean(text: string): string {
  return text
    .toWellFormed()
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(invisibleControls, '');
}

/** Neutralises multi-line customer text (a message, a form answer) for an issue body or comment. */
export function neutralise(text: string): string {
  return clean(text)
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : inertLine(line.trimEnd())))
    .join('\n');
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
