// Turns an HTML mail body into readable plain text for agents and routing: what the customer sees, and
// nothing else. Never used to render: the output is text. htmlparser2 parses (as browsers do, every HTML5
// character reference decoded by the `entities` package); what stays hand-written is what no library
// does for mail: dropping what a reader never sees (comments, scripts, `hidden`, `display:none`,
// `visibility:hidden`, zero-size or zero-opacity text, collapsed boxes, white text on a white
// background), which is where spam and prompt-like text hide from people while steering robots, and the
// shape of the text (paragraphs, list dashes, links with their target).

import { parseDocument } from 'htmlparser2';

type DomNode = ReturnType<typeof parseDocument>['children'][number];
type DomElement = Extract<DomNode, { attribs: Record<string, string> }>;

/** Elements whose content is never shown. */
const invisibleTags = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'object',
  'iframe',
  'svg',
  'math',
]);

/** Elements that start and end a block of text. */
const blockTags = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'section',
  'article',
  'header',
  'footer',
  'address',
  'center',
  'dl',
  'dd',
  'dt',
  'figure',
  'hr',
  'main',
  'nav',
  'aside',
]);

/** The declarations of a style attribute, property names lower-cased, `!important` dropped. */
function declarations(style: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    if (property !== '') found.set(property, value);
  }
  return found;
}

/** `0`, `0px`, `0pt`, `0em`, `0%`, `0.0rem`: a length of nothing. */
function isZeroLength(value: string | undefined): boolean {
  return value !== undefined && /^[-+]?0*(\.0+)?(px|pt|em|rem|ex|ch|%|vh|vw|cm|mm|in|pc)?$/.test(value);
}

const white = new Set([
  'white',
  '#fff',
  '#ffffff',
  'rgb(255,255,255)',
  'rgba(255,255,255,1)',
  'hsl(0,0%,100%)',
]);

function isWhite(value: string | undefined): boolean {
  return value !== undefined && white.has(value.replace(/\s+/g, ''));
}

/** The background colour an element sets, if any (`background` shorthand or `bgcolor`). */
function backgroundOf(element: DomElement, style: Map<string, string>): string | undefined {
  const colour = style.get('background-color') ?? style.get('background') ?? element.attribs.bgcolor;
  return colour === undefined
    ? undefined
    : (colour.trim().split(/\s+(?![^(]*\))/)[0] ?? colour).toLowerCase();
}

interface Visibility {
  /** The nearest background set by an ancestor; undefined means the page's own (white in mail clients). */
  background?: string;
}

/** Whether a reader can see this element's content at all; `context` is what its ancestors set. */
function hidden(element: DomElement, context: Visibility): { hidden: boolean; context: Visibility } {
  const { attribs } = element;
  if ('hidden' in attribs) return { hidden: true, context };
  if (element.name === 'input' && (attribs.type ?? '').toLowerCase() === 'hidden')
    return { hidden: true, context };
  const style = declarations(attribs.style ?? '');
  const display = style.get('display');
  const visibility = style.get('visibility');
  const overflowHidden = /^(hidden|clip)/.test(style.get('overflow') ?? style.get('overflow-y') ?? '');
  if (
    display === 'none' ||
    visibility === 'hidden' ||
    visibility === 'collapse' ||
    style.get('opacity') === '0' ||
    isZeroLength(style.get('font-size')) ||
    (element.name === 'font' && attribs.size === '0') ||
    (overflowHidden && (isZeroLength(style.get('max-height')) || isZeroLength(style.get('height')))) ||
    (overflowHidden && (isZeroLength(style.get('max-width')) || isZeroLength(style.get('width'))))
  ) {
    return { hidden: true, context };
  }
  const background = backgroundOf(element, style) ?? context.background;
  const colour = style.get('color') ?? (element.name === 'font' ? attribs.color?.toLowerCase() : undefined);
  // White text where no ancestor set a background: white on the white page mail clients show.
  if (colour !== undefined && isWhite(colour) && (background === undefined || isWhite(background)))
    return { hidden: true, context };
  return { hidden: false, context: background === context.background ? context : { background } };
}

/** The text of a link: its label, and its target when it says something the label does not. */
function linkText(href: string, label: string): string {
  const target = href.trim();
  if (!/^(https?:|mailto:)/i.test(target) || target === label || `mailto:${label}` === target) return label;
  return label === '' ? target : `${label} (${target})`;
}

function render(nodes: readonly DomNode[], context: Visibility, out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push((node as { data: string }).data);
      continue;
    }
    // Comments, CDATA, processing instructions: never shown.
    if (!('attribs' in node)) continue;
    const element = node as DomElement;
    const name = element.name.toLowerCase();
    if (invisibleTags.has(name)) continue;
    const visibility = hidden(element, context);
    if (visibility.hidden) continue;
    const children = element.children as DomNode[];
    if (name === 'br') {
      out.push('\n');
    } else if (name === 'li') {
      out.push('\n- ');
      render(children, visibility.context, out);
    } else if (name === 'td' || name === 'th') {
      render(children, visibility.context, out);
      out.push('\t');
    } else if (name === 'a' && element.attribs.href !== undefined) {
      const inner: string[] = [];
      render(children, visibility.context, inner);
      out.push(linkText(element.attribs.href, inner.join('').replace(/\s+/g, ' ').trim()));
    } else if (blockTags.has(name)) {
      out.push('\n');
      render(children, visibility.context, out);
      out.push('\n\n');
    } else {
      render(children, visibility.context, out);
    }
  }
}

/** Readable text of an HTML body: only what a reader sees; blocks become line breaks, list items get a dash, links keep their target. */
export function htmlToText(html: string): string {
  const document = parseDocument(html, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  const out: string[] = [];
  render(document.children, {}, out);
  return out
    .join('')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
