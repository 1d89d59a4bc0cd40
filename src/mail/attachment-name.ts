// The name of a mail attachment the sender gave no name: Outlook and Apple Mail send inline images with
// only a Content-ID (`<image001.png@01D9ABCD.12345670>`), phones send them with nothing at all. A name
// derived from the Content-ID, else from the type and the position (`image-2.png`), tells agents what
// each file is where `attachment-1`, `attachment-2` did not. Pure.

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/heic': 'heic',
  'image/svg+xml': 'svg',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/zip': 'zip',
  'application/ms-tnef': 'dat',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};

/** The name to show for an attachment: the sender's, else one from its Content-ID or its type and position (0-based `index`). */
export function attachmentName(
  filename: string | null,
  contentId: string | undefined,
  declaredType: string,
  index: number,
): string {
  if (filename !== null && filename.trim() !== '') return filename;
  const type = declaredType.toLowerCase().split(';')[0]?.trim() ?? '';
  const extension = extensions[type];
  // `<image001.png@01D9ABCD.12345670>` → `image001.png`; `<ii_lx2k9@mail>` → `ii_lx2k9.png`.
  const local = (contentId ?? '')
    .replace(/^<|>$/g, '')
    .split('@')[0]
    ?.replace(/[^\p{L}\p{N}._-]+/gu, '')
    .replace(/^\.+/, '')
    .slice(0, 60);
  if (local) {
    if (/\.[a-z0-9]{1,5}$/i.test(local) || extension === undefined) return local;
    return `${local}.${extension}`;
  }
  const major = type.split('/')[0] ?? '';
  const stem = major === 'image' ? 'image' : major === 'text' ? 'text' : 'file';
  return `${stem}-${index + 1}${extension === undefined ? '' : `.${extension}`}`;
}
