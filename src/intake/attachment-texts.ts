// How a file is named in a ticket and on the form page: its checked type and why it was not kept (the
// `attachments` area of src/messages/; sizes and the customer's refusal messages: src/forms/upload-texts.ts,
// which the browser runs).

import { allowedKinds, type AttachmentKind, type RefusalReason } from '../mail/attachments.ts';
import { messagesFor } from '../messages/index.ts';

/** "image PNG", "PDF", "texte": the checked type of a stored file as agents and customers read it. */
export function kindLabel(kind: AttachmentKind, lang: string): string {
  return messagesFor(lang).attachments.kinds[kind];
}

/** Every accepted type, for the form's hint: "image PNG, image JPEG, …, texte". */
export function acceptedKindsText(lang: string): string {
  return allowedKinds.map((kind) => kindLabel(kind, lang)).join(', ');
}

/** Why a file was not kept, in words. */
export function refusalLabel(reason: RefusalReason, lang: string): string {
  return messagesFor(lang).attachments.refusals[reason];
}
