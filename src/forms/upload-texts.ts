// What the request form says about a file: its size as people write it, and why it is refused (the words
// are the `uploads` area of src/messages/). The bot's upload route answers with these messages and the
// browser checks size and count with the same words before uploading. Pure and free of Node imports: the
// browser runs it too.

import { uploads as en } from '../messages/en.ts';
import { uploads as fr } from '../messages/fr.ts';
import { messageLanguage } from '../messages/message-language.ts';

/** Why a file is not kept (the mail attachments' screening reasons). */
export type UploadRefusal =
  'type-not-allowed' | 'too-large' | 'too-many' | 'empty' | 'unsafe-content' | 'unpacked-too-large';

/** What a refusal of a document's content names: the part at fault, and how far it would unpack. */
export interface RefusalDetail {
  /** The program, script or macro found inside (`unsafe-content`), or the part unpacking too far. */
  entry?: string;
  part?: string;
  unpackedBytes?: number;
  /** The limits of `unpacked-too-large`: ratio of one part, and the whole document. */
  maxRatio?: number;
  maxUnpackedBytes?: number;
}

/** The limits a refusal names. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

/** The upload texts of `lang`: only this area of the tables, since the form page's bundle carries it. */
function textsFor(lang: string): typeof fr {
  return { fr, en }[messageLanguage(lang)];
}

/** "512 o", "12 ko", "1,5 Mo" (French) / "512 B", "12 KB", "1.5 MB" (English), in powers of 1,024. */
export function fileSize(bytes: number, lang: string): string {
  const { units } = textsFor(lang);
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(messageLanguage(lang), { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} ${units.bytes}`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} ${units.kilobytes}`;
  return `${number(bytes / (1024 * 1024), 1)} ${units.megabytes}`;
}

/** The message for file `name` refused for `reason`, naming the limit. */
export function uploadRefusal(
  reason: UploadRefusal,
  name: string,
  lang: string,
  limits: UploadLimits,
  detail: RefusalDetail = {},
): string {
  const t = textsFor(lang);
  switch (reason) {
    case 'unsafe-content':
      return t.unsafeContent(name, detail.entry ?? '?');
    case 'unpacked-too-large': {
      const size = fileSize(detail.unpackedBytes ?? 0, lang);
      if (detail.part !== undefined) return t.zipBomb(name, detail.part, size, detail.maxRatio ?? 100);
      return t.unpackedTooLarge(name, size, fileSize(detail.maxUnpackedBytes ?? 0, lang));
    }
    case 'too-large':
      return t.tooLarge(name, fileSize(limits.maxFileBytes, lang));
    case 'too-many':
      return t.tooMany(name, limits.maxFiles);
    case 'empty':
      return t.empty(name);
    case 'type-not-allowed':
      return t.typeNotAllowed(name);
  }
}

/** Why the bot cannot take files at the moment: too many waiting to be sent with a request, or a full disk. */
export type UploadUnavailable = 'quota' | 'disk-full';

/** The message of a 503 to an upload, in the form's language; `limitBytes` is the quota of waiting files. */
export function uploadUnavailable(why: UploadUnavailable, lang: string, limitBytes: number): string {
  const t = textsFor(lang);
  return why === 'quota' ? t.quota(fileSize(limitBytes, lang)) : t.diskFull;
}
