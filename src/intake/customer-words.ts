// The other way from `neutralise`: the words a customer wrote, read back from the Markdown the bot put in
// an issue or comment, for the customer's own view of the request. Escapes and entities are undone, the
// joiners that broke mentions and references removed, markers and raw HTML left out, line breaks kept.

import type { Nodes, Parent } from 'mdast';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';

const parser = remark().use(remarkGfm);

const blocks = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'list',
  'listItem',
  'code',
  'table',
  'tableRow',
]);

function text(node: Nodes): string {
  switch (node.type) {
    case 'html':
      return '';
    case 'break':
      return '\n';
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    default: {
      if (!('children' in node)) return '';
      const parent = node as Parent;
      const separator = parent.children.some((child) => blocks.has(child.type)) ? '\n\n' : '';
      return parent.children
        .map((child) => text(child as Nodes))
        .filter((part) => part !== '')
        .join(separator);
    }
  }
}

/** The plain text of `markdown` as the customer wrote it (see the module comment). */
export function customerWords(markdown: string): string {
  return text(parser.parse(markdown))
    .replace(/([@#]|\bgh-)\u200d/gi, '$1')
    .replace(/^\u00a0+/gm, (indent) => ' '.repeat(indent.length))
    .replace(/^\n+/, '')
    .trimEnd();
}
