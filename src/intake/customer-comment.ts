// The comment that mirrors a customer's mail on the ticket: the customer-message marker (so every process
// classifies it the same way), a hidden key so a retried job finds it instead of writing it twice, the new
// text neutralised for GitHub, the attachments as signed links, and the full original folded away.

import { createHash } from 'node:crypto';
import { messagesFor } from '../messages/index.ts';
import { neutralise, neutraliseLine } from './neutralise.ts';
import { customerMessageMarker } from '../tickets/comment-kind.ts';

export interface CommentAttachment {
  name: string;
  /** Signed link, when the file was kept. */
  url?: string;
  /** Why it was not kept. */
  refused?: string;
}

/** The hidden marker of one inbound mail on the ticket (the dedupe key hashed: never the address or the id). */
export function mailCommentMarker(dedupeKey: string): string {
  return `<!-- repodesk:mail key=${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 24)} -->`;
}

const maxLength = 60_000;

/** Renders the comment body (under GitHub's 65,536-character limit). */
export function renderCustomerComment(input: {
  dedupeKey: string;
  newText: string;
  fullText: string;
  attachments: CommentAttachment[];
  lang: string;
  /** Only the subject's reference and an unverified From tie it to the ticket: say so above the text. */
  senderNotVerified?: boolean;
}): string {
  const w = messagesFor(input.lang).customerComment;
  const warning = input.senderNotVerified ? `${w.notVerified}\n\n` : '';
  const head = `${customerMessageMarker}\n${mailCommentMarker(input.dedupeKey)}\n\n${warning}`;
  const text = input.newText.trim() === '' ? w.empty : neutralise(input.newText.trim());
  const files =
    input.attachments.length === 0
      ? ''
      : `\n\n**${w.attachments}**\n\n${input.attachments
          .map((file) => {
            const name = neutraliseLine(file.name, 100);
            return file.url
              ? `- [${name.replace(/[[\]]/g, '')}](${file.url})`
              : `- ${name} (${w.refused}: ${neutraliseLine(file.refused ?? '', 200)})`;
          })
          .join('\n')}`;
  const showOriginal = input.fullText.trim() !== input.newText.trim() && input.fullText.trim() !== '';
  let body = `${head}${text}${files}`;
  if (showOriginal) {
    const room = maxLength - body.length - 100;
    if (room > 200) {
      const original = neutralise(input.fullText.trim());
      const shown = original.length > room ? `${original.slice(0, room)}…` : original;
      body += `\n\n<details><summary>${w.original}</summary>\n\n${shown.replace(/^/gm, '> ')}\n\n</details>`;
    }
  }
  return body.length > maxLength ? `${body.slice(0, maxLength)}…` : body;
}
