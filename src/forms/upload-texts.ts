// What the request form says about a file, in French and English: its size as people write it, and why
// it is refused. The bot's upload route answers with these messages and the browser checks size and count
// with the same words before uploading. Pure and free of Node imports: the browser runs it too.

/** Why a file is not kept (the mail attachments' screening reasons). */
export type UploadRefusal = 'type-not-allowed' | 'too-large' | 'too-many' | 'empty';

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
): string {
  const fr = isFrench(lang);
  switch (reason) {
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
