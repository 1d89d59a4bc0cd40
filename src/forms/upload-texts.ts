// What the request form says about a file, in French and English: its size as people write it, and why
// it is refused. The bot's upload route answers with these messages and the browser checks size and count
// with the same words before uploading. Pure and free of Node imports: the browser runs it too.

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

function isFrench(lang: string): boolean {
  return lang === 'fr' || lang.startsWith('fr-');
}

/** "512 o", "12 ko", "1,5 Mo" (French) / "512 B", "12 KB", "1.5 MB" (English), in powers of 1,024. */
export function fileSize(bytes: number, lang: string): string {
  const fr = isFrench(lang);
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(fr ? 'fr' : 'en', { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} ${fr ? 'o' : 'B'}`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} ${fr ? 'ko' : 'KB'}`;
  return `${number(bytes / (1024 * 1024), 1)} ${fr ? 'Mo' : 'MB'}`;
}

/** The message for file `name` refused for `reason`, naming the limit. */
export function uploadRefusal(
  reason: UploadRefusal,
  name: string,
  lang: string,
  limits: UploadLimits,
  detail: RefusalDetail = {},
): string {
  const fr = isFrench(lang);
  switch (reason) {
    case 'unsafe-content':
      return fr
        ? `${name} : ce document contient un programme, un script ou une macro (${detail.entry ?? '?'}) ; enregistrez-le sans, ou envoyez un PDF.`
        : `${name}: this document holds a program, a script or a macro (${detail.entry ?? '?'}); save it without them, or send a PDF.`;
    case 'unpacked-too-large': {
      const size = fileSize(detail.unpackedBytes ?? 0, lang);
      if (detail.part !== undefined)
        return fr
          ? `${name} : sa partie ${detail.part} se décompresserait en ${size}, plus de ${detail.maxRatio ?? 100} fois sa taille, comme une bombe de décompression ; enregistrez le document à nouveau, ou envoyez un PDF.`
          : `${name}: its part ${detail.part} would unpack to ${size}, over ${detail.maxRatio ?? 100} times its size, like a zip bomb; save the document again, or send a PDF.`;
      const limit = fileSize(detail.maxUnpackedBytes ?? 0, lang);
      return fr
        ? `${name} : une fois décompressé, ce document occuperait ${size} ; la limite est de ${limit}. Enregistrez-le à nouveau, ou envoyez un PDF.`
        : `${name}: unpacked, this document would take ${size}; the limit is ${limit}. Save it again, or send a PDF.`;
    }
    case 'too-large':
      return fr
        ? `${name} : fichier trop volumineux ; la limite est de ${fileSize(limits.maxFileBytes, 'fr')} par fichier.`
        : `${name}: file too large; the limit is ${fileSize(limits.maxFileBytes, 'en')} per file.`;
    case 'too-many':
      return fr
        ? `${name} : ${limits.maxFiles} fichiers au plus par demande.`
        : `${name}: at most ${limits.maxFiles} files per request.`;
    case 'empty':
      return fr ? `${name} : le fichier est vide.` : `${name}: the file is empty.`;
    case 'type-not-allowed':
      return fr
        ? `${name} : ce type de fichier n'est pas accepté ; envoyez une image, un PDF, un texte, un CSV ou un document bureautique.`
        : `${name}: this type of file is not accepted; send an image, a PDF, a text, a CSV or an office document.`;
  }
}

/** Why the bot cannot take files at the moment: too many waiting to be sent with a request, or a full disk. */
export type UploadUnavailable = 'quota' | 'disk-full';

/** The message of a 503 to an upload, in the form's language; `limitBytes` is the quota of waiting files. */
export function uploadUnavailable(why: UploadUnavailable, lang: string, limitBytes: number): string {
  const fr = isFrench(lang);
  if (why === 'quota')
    return fr
      ? `Le service garde déjà trop de fichiers pas encore envoyés avec une demande (limite : ${fileSize(limitBytes, 'fr')}) ; réessayez dans quelques minutes.`
      : `The service already holds too many files not yet sent with a request (limit: ${fileSize(limitBytes, 'en')}); try again in a few minutes.`;
  return fr
    ? 'Le service ne peut pas enregistrer de fichier pour le moment (son disque est plein) ; réessayez dans quelques minutes.'
    : 'The service cannot store files at the moment (its disk is full); try again in a few minutes.';
}
