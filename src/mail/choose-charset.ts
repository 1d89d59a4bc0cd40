// Which character set a piece of mail text really is in. Mail lies about it often: 8-bit text with no
// charset at all (old Chinese and Japanese clients), labels that name no encoding (`iso-gb2312`,
// `x-user-defined`), Shift_JIS bytes labelled ISO-2022-JP (a 7-bit encoding), UTF-8 labelled Latin-1.
// The order: bytes that are valid UTF-8 are UTF-8 (legacy text almost never is by chance); a label we
// know to be honest is kept; anything else is detected by jschardet (a port of chardet 7) among the
// encodings mail really uses, and checked by decoding. The answer is always a label the platform's
// TextDecoder (the WHATWG Encoding Standard, as postal-mime uses) decodes. Pure.

import { detectAll } from 'jschardet';

/** What a text part said, and what it really is. */
export interface CharsetChoice {
  /** A WHATWG label TextDecoder decodes. */
  charset: string;
  /** How it was chosen: the label kept, UTF-8 recognised, a wrong label mapped, or detected. */
  how: 'declared' | 'utf-8' | 'mapped' | 'detected' | 'ascii';
}

/** Labels that name no encoding, or the wrong one, as mail clients write them: what they mean. */
const wrongLabels = new Map<string, string>([
  ['iso-gb2312', 'gb18030'],
  ['isogb2312', 'gb18030'],
  ['gb2312', 'gb18030'],
  ['gbk', 'gb18030'],
  ['x-gbk', 'gb18030'],
  ['cp936', 'gb18030'],
  ['euc-cn', 'gb18030'],
  ['x-euc-cn', 'gb18030'],
  ['ks_c_5601-1987', 'euc-kr'],
  ['ks_c_5601', 'euc-kr'],
  ['ksc5601', 'euc-kr'],
  ['cp949', 'euc-kr'],
  ['x-windows-949', 'euc-kr'],
  ['big5-hkscs', 'big5'],
  ['cp950', 'big5'],
  ['x-big5', 'big5'],
  ['cp932', 'shift_jis'],
  ['x-sjis', 'shift_jis'],
  ['ms932', 'shift_jis'],
  ['windows-31j', 'shift_jis'],
  ['x-mac-roman', 'macintosh'],
  ['tis-620', 'windows-874'],
  ['latin-1', 'windows-1252'],
  ['utf8', 'utf-8'],
  ['unicode-1-1-utf-7', 'utf-8'],
]);

/** Labels that say nothing about 8-bit bytes: the bytes must be detected when there are any. */
const meaninglessFor8bit = new Set([
  'us-ascii',
  'ascii',
  'x-user-defined',
  'iso-2022-jp',
  'utf-7',
  'unknown-8bit',
  'x-unknown',
  'default',
  '',
]);

/** jschardet's names for what it finds → WHATWG labels. */
const detectedLabels = new Map<string, string>([
  ['ascii', 'utf-8'],
  ['utf-8', 'utf-8'],
  ['utf-8-sig', 'utf-8'],
  ['windows-1252', 'windows-1252'],
  ['iso-8859-1', 'windows-1252'],
  ['iso-8859-15', 'iso-8859-15'],
  ['windows-1250', 'windows-1250'],
  ['iso-8859-2', 'iso-8859-2'],
  ['windows-1251', 'windows-1251'],
  ['iso-8859-5', 'iso-8859-5'],
  ['koi8-r', 'koi8-r'],
  ['koi8-u', 'koi8-u'],
  ['windows-1253', 'windows-1253'],
  ['iso-8859-7', 'iso-8859-7'],
  ['windows-1254', 'windows-1254'],
  ['windows-1255', 'windows-1255'],
  ['windows-1256', 'windows-1256'],
  ['windows-1257', 'windows-1257'],
  ['windows-1258', 'windows-1258'],
  ['gb18030', 'gb18030'],
  ['big5hkscs', 'big5'],
  ['big5', 'big5'],
  ['cp932', 'shift_jis'],
  ['shift_jis', 'shift_jis'],
  ['shift_jis_2004', 'shift_jis'],
  ['euc-jp', 'euc-jp'],
  ['euc-jis-2004', 'euc-jp'],
  ['iso2022-jp-2', 'iso-2022-jp'],
  ['iso-2022-jp', 'iso-2022-jp'],
  ['euc-kr', 'euc-kr'],
  ['cp949', 'euc-kr'],
  ['tis-620', 'windows-874'],
  ['cp874', 'windows-874'],
]);

/** The encodings detection chooses among: those mail really uses (no DOS or EBCDIC code pages). */
const candidates = [...detectedLabels.keys()].filter((name) => name !== 'utf-8-sig' && name !== 'ascii');

/** Single-byte Western encodings: between close scores, Windows-1252 is what mail almost always is. */
const latin = new Set([
  'windows-1252',
  'iso-8859-15',
  'windows-1250',
  'iso-8859-2',
  'windows-1254',
  'windows-1257',
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return false;
  return true;
}

/** Whether the bytes are valid UTF-8 (ASCII included). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The WHATWG label TextDecoder uses for `label`, or undefined when it knows no such encoding. */
export function knownCharset(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

/** Whether `bytes` decode in `charset` without a single invalid sequence. */
function decodesCleanly(bytes: Uint8Array, charset: string): boolean {
  try {
    new TextDecoder(charset, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Detects the encoding of 8-bit text that is not UTF-8. */
export function detectCharset(bytes: Uint8Array): string {
  const found = detectAll(bytes, { detectEncodings: candidates, minimumThreshold: 0 })
    .map((result) => ({
      charset: detectedLabels.get((result.encoding ?? '').toLowerCase()),
      confidence: result.confidence,
    }))
    .filter((result): result is { charset: string; confidence: number } => result.charset !== undefined);
  const best = found.find((result) => result.charset !== 'utf-8' && decodesCleanly(bytes, result.charset));
  if (!best) return 'windows-1252';
  if (latin.has(best.charset) && best.charset !== 'windows-1252') {
    // Short Western text scores nearly the same in every Latin code page: prefer the usual one.
    const western = found.find((result) => result.charset === 'windows-1252');
    if (western && western.confidence >= best.confidence * 0.6) return 'windows-1252';
  }
  return best.charset;
}

/**
 * The charset to decode `bytes` with, given the label the message declared (`undefined` when none).
 * ISO-2022-JP text is 7-bit: only its escape sequences tell it apart from ASCII.
 */
export function chooseCharset(bytes: Uint8Array, declared: string | undefined): CharsetChoice {
  const label = (declared ?? '')
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  const mapped = wrongLabels.get(label);
  const known = mapped ?? knownCharset(label);
  if (isAscii(bytes)) {
    // 7-bit text: the label is harmless unless it names no encoding; ISO-2022-JP escapes say themselves.
    if (known !== undefined && known !== 'x-user-defined')
      return { charset: known, how: mapped ? 'mapped' : 'declared' };
    if (/\x1b\$[@B]|\x1b\(J/.test(Buffer.from(bytes).toString('latin1')))
      return { charset: 'iso-2022-jp', how: 'detected' };
    return { charset: 'utf-8', how: 'ascii' };
  }
  if (isUtf8(bytes)) return { charset: 'utf-8', how: known === 'utf-8' ? 'declared' : 'utf-8' };
  if (
    known !== undefined &&
    !meaninglessFor8bit.has(label) &&
    known !== 'x-user-defined' &&
    known !== 'iso-2022-jp' &&
    decodesCleanly(bytes, known)
  )
    return { charset: known, how: mapped ? 'mapped' : 'declared' };
  return { charset: detectCharset(bytes), how: 'detected' };
}
