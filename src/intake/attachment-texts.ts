// How a file is named in a ticket and on the form page, in French and English: its checked type and why it
// was not kept (sizes and the customer's refusal messages: src/forms/upload-texts.ts, which the browser runs).

import { allowedKinds, type AttachmentKind, type RefusalReason } from '../mail/attachments.ts';

const kindLabels: Record<'fr' | 'en', Record<AttachmentKind, string>> = {
  fr: {
    png: 'image PNG',
    jpeg: 'image JPEG',
    gif: 'image GIF',
    webp: 'image WebP',
    pdf: 'PDF',
    docx: 'Word',
    xlsx: 'Excel',
    odt: 'OpenDocument',
    csv: 'CSV',
    text: 'texte',
  },
  en: {
    png: 'PNG image',
    jpeg: 'JPEG image',
    gif: 'GIF image',
    webp: 'WebP image',
    pdf: 'PDF',
    docx: 'Word',
    xlsx: 'Excel',
    odt: 'OpenDocument',
    csv: 'CSV',
    text: 'text',
  },
};

const refusals: Record<'fr' | 'en', Record<RefusalReason, string>> = {
  fr: {
    'type-not-allowed': 'type de fichier non accepté',
    'too-large': 'fichier trop volumineux',
    'too-many': 'trop de fichiers',
    empty: 'fichier vide',
    'unsafe-content': 'contient un programme, un script ou une macro',
    'unpacked-too-large': 'trop volumineux une fois décompressé',
  },
  en: {
    'type-not-allowed': 'type of file not accepted',
    'too-large': 'file too large',
    'too-many': 'too many files',
    empty: 'empty file',
    'unsafe-content': 'holds a program, a script or a macro',
    'unpacked-too-large': 'too large once unpacked',
  },
};

function pick(lang: string): 'fr' | 'en' {
  return lang === 'fr' || lang.startsWith('fr-') ? 'fr' : 'en';
}

/** "image PNG", "PDF", "texte": the checked type of a stored file as agents and customers read it. */
export function kindLabel(kind: AttachmentKind, lang: string): string {
  return kindLabels[pick(lang)][kind];
}

/** Every accepted type, for the form's hint: "image PNG, image JPEG, …, texte". */
export function acceptedKindsText(lang: string): string {
  return allowedKinds.map((kind) => kindLabel(kind, lang)).join(', ');
}

/** Why a file was not kept, in words. */
export function refusalLabel(reason: RefusalReason, lang: string): string {
  return refusals[pick(lang)][reason];
}
