// The text of mails forwarded as attachments, put after the text of the mail that carries them, so the
// agent reads the customer's actual request in the issue (or comment) instead of a file to download. The
// sender is shown by name only: addresses stay in the store (privacy), like the requester's. Pure.

import { messagesFor } from '../messages/index.ts';
import type { AttachedMessage } from './parse-message.ts';

/** `text` followed by each attached message (who, when, subject, then its text), labelled in `lang`. */
export function withAttachedMessages(
  text: string,
  messages: readonly AttachedMessage[],
  lang: string,
): string {
  if (messages.length === 0) return text;
  const w = messagesFor(lang).attachedMessages;
  const blocks = messages.map((message) => {
    const lines = [`---------- ${w.heading} ----------`];
    if (message.from?.name) lines.push(`${w.from}${w.colon} ${message.from.name}`);
    if (message.date) lines.push(`${w.date}${w.colon} ${message.date.slice(0, 16).replace('T', ' ')} UTC`);
    lines.push(`${w.subject}${w.colon} ${message.subject}`, '', message.text.trim());
    return lines.join('\n');
  });
  return [text.trimEnd(), ...blocks].join('\n\n');
}
