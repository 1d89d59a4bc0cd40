// How a file is named to people, in French and English: its checked type, its size, why it was refused.
// One wording for the issue body (mail and form tickets), the upload route's messages and the form page.

import { allowedKinds, type AttachmentKind, type AttachmentVerdict } from '../mail/attachments.ts';

type RefusalReason = Extract<AttachmentVerdict, { accepted: false }>['reason'];

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
  },
  en: {
    'type-not-allowed': 'type of file not accepted',
    'too-large': 'file too large',
    'too-many': 'too many files',
    empty: 'empty file',
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

/** "512 o", "12 ko", "1,5 Mo" (French) / "512 B", "12 KB", "1.5 MB" (English), in powers of 1,024. */
export function fileSize(bytes: number, lang: string): string {
  const fr = pick(lang) === 'fr';
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(fr ? 'fr' : 'en', { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} ${fr ? 'o' : 'B'}`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} ${fr ? 'ko' : 'KB'}`;
  return `${number(bytes / (1024 * 1024), 1)} ${fr ? 'Mo' : 'MB'}`;
}
