// Attachments from mail and from the request form: the type is decided by the first bytes, never
// by the name or the declared type; agents reach the stored files (store/attachment-files.ts, under
// generated names) through signed, expiring URLs. Anything not on the allowlist is refused with a reason
// the customer can read. Pure: the bytes are given, nothing is read or written here.

import crypto from 'node:crypto';
import { inspectOfficeContainer } from './office-container.ts';

export const allowedKinds = [
  'png',
  'jpeg',
  'gif',
  'webp',
  'pdf',
  'docx',
  'xlsx',
  'odt',
  'csv',
  'text',
] as const;
export type AttachmentKind = (typeof allowedKinds)[number];

const mediaTypes: Record<AttachmentKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  csv: 'text/csv; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

const extensions: Record<AttachmentKind, string> = {
  png: 'png',
  jpeg: 'jpg',
  gif: 'gif',
  webp: 'webp',
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  odt: 'odt',
  csv: 'csv',
  text: 'txt',
};

/** The file extension of a stored kind (the end of its generated id). */
export function fileExtensionOf(kind: AttachmentKind): string {
  return extensions[kind];
}

/** The media type served for a stored kind. */
export function mediaTypeOf(kind: AttachmentKind): string {
  return mediaTypes[kind];
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function looksLikeText(sample: Uint8Array, cut: boolean): boolean {
  if (sample.includes(0)) return false;
  try {
    // `stream` tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: cut });
    return true;
  } catch {
    // Windows-1252 logs: printable bytes and usual whitespace only.
    return sample.every((byte) => byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
  }
}

/** How many first bytes `sniffKind` reads (a text file is judged on this much). */
export const sniffBytes = 64 * 1024;

/**
 * What the first bytes of a file announce: an accepted kind, `zip` (a container whose structure
 * `checkKind` must read before it is anything), or undefined. `head` is the start of the file (up to
 * `sniffBytes`), `whole` whether it is the entire file. `nameHint` only chooses between CSV and plain
 * text once the bytes are known to be text; it never makes a binary acceptable.
 */
export function sniffKind(
  head: Uint8Array,
  nameHint: string,
  whole: boolean,
): AttachmentKind | 'zip' | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  const sample = head.subarray(0, sniffBytes);
  if (sample.byteLength > 0 && looksLikeText(sample, !whole || sample.byteLength < head.byteLength))
    return /\.csv$/i.test(nameHint) ? 'csv' : 'text';
  return undefined;
}

/** Why a file's content is refused (its size and count aside). */
export type ContentRefusal =
  | { reason: 'type-not-allowed'; detail: string }
  /** A program, a script or a macro inside a document: `entry` names it. */
  | { reason: 'unsafe-content'; entry: string; detail: string }
  /** A zip bomb: the declared unpacked size, and the part at fault when one part's ratio is. */
  | { reason: 'unpacked-too-large'; unpackedBytes: number; part?: string; detail: string };

export type KindCheck = { ok: true; kind: AttachmentKind } | ({ ok: false } & ContentRefusal);

function fromSniff(sniffed: AttachmentKind | undefined): KindCheck {
  return sniffed === undefined
    ? { ok: false, reason: 'type-not-allowed', detail: 'no accepted type starts with these bytes' }
    : { ok: true, kind: sniffed };
}

/** Finishes `sniffKind`'s verdict: a `zip` is judged by its real structure, read from `source` (bytes or a file). */
export async function checkSniffed(
  sniffed: AttachmentKind | 'zip' | undefined,
  source: Uint8Array | string,
): Promise<KindCheck> {
  if (sniffed !== 'zip') return fromSniff(sniffed);
  const verdict = await inspectOfficeContainer(source);
  if (verdict.ok) return { ok: true, kind: verdict.kind };
  switch (verdict.problem) {
    case 'not-office':
      return { ok: false, reason: 'type-not-allowed', detail: verdict.detail };
    case 'unsafe-entry':
      return { ok: false, reason: 'unsafe-content', entry: verdict.entry, detail: verdict.detail };
    case 'unpacked-too-large':
      return {
        ok: false,
        reason: 'unpacked-too-large',
        unpackedBytes: verdict.unpackedBytes,
        ...(verdict.part === undefined ? {} : { part: verdict.part }),
        detail: verdict.detail,
      };
  }
}

/**
 * The kind of a whole file from its content: magic bytes, and for a ZIP its real structure (an office
 * document's declared parts and sizes, no program inside). `nameHint` only chooses CSV over plain text.
 */
export async function detectKind(bytes: Uint8Array, nameHint = ''): Promise<KindCheck> {
  return checkSniffed(sniffKind(bytes, nameHint, true), bytes);
}

export interface AttachmentLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Most files kept from one message or form. */
  maxFiles: number;
}

export const defaultAttachmentLimits: AttachmentLimits = { maxFileBytes: 10 * 1024 * 1024, maxFiles: 10 };

export interface AttachmentCandidate {
  /** The name the sender gave (shown only, neutralised by the caller). */
  filename: string | null;
  content: Uint8Array;
}

/** Why a file is not kept: its content (`ContentRefusal`), its size, or the count of files. */
export type RefusalReason = ContentRefusal['reason'] | 'too-large' | 'too-many' | 'empty';

export type AttachmentVerdict =
  | { accepted: true; kind: AttachmentKind; displayName: string; content: Uint8Array }
  | ({
      accepted: false;
      displayName: string;
      /** In English, for logs and notes; customers read `uploadRefusal`'s words, agents `refusalLabel`'s. */
      message: string;
    } & (ContentRefusal | { reason: 'too-large' | 'too-many' | 'empty' }));

/** A name safe to show: no path, no control characters, at most 100 characters. */
export function displayNameOf(filename: string | null, index: number): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f<>"`]/g, '')
    .trim()
    .slice(0, 100);
  return clean === '' ? `attachment-${index + 1}` : clean;
}

/** The English sentence of a content refusal, naming the file. */
export function contentRefusalMessage(displayName: string, refusal: ContentRefusal): string {
  switch (refusal.reason) {
    case 'type-not-allowed':
      return `${displayName}: this type of file is not accepted (${refusal.detail}); send images, PDF, text, CSV or office documents`;
    case 'unsafe-content':
      return `${displayName}: the document holds a program, a script or a macro (${refusal.entry}); save it without them, or send a PDF`;
    case 'unpacked-too-large':
      return `${displayName}: ${refusal.detail}; a genuine document never does: save it again, or send a PDF`;
  }
}

/** Checks every candidate against the allowlist and the caps; the verdict says why each one is refused. */
export async function screenAttachments(
  candidates: AttachmentCandidate[],
  limits: AttachmentLimits = defaultAttachmentLimits,
): Promise<AttachmentVerdict[]> {
  let kept = 0;
  const verdicts: AttachmentVerdict[] = [];
  for (const [index, candidate] of candidates.entries()) {
    const displayName = displayNameOf(candidate.filename, index);
    if (candidate.content.byteLength === 0) {
      verdicts.push({
        accepted: false,
        displayName,
        reason: 'empty',
        message: `${displayName}: the file is empty`,
      });
      continue;
    }
    if (candidate.content.byteLength > limits.maxFileBytes) {
      verdicts.push({
        accepted: false,
        displayName,
        reason: 'too-large',
        message: `${displayName}: ${candidate.content.byteLength} bytes; the limit is ${limits.maxFileBytes} bytes per file`,
      });
      continue;
    }
    const check = await detectKind(candidate.content, displayName);
    if (!check.ok) {
      const { ok: _ok, ...refusal } = check;
      verdicts.push({
        accepted: false,
        displayName,
        ...refusal,
        message: contentRefusalMessage(displayName, refusal),
      });
      continue;
    }
    if (kept >= limits.maxFiles) {
      verdicts.push({
        accepted: false,
        displayName,
        reason: 'too-many',
        message: `${displayName}: only ${limits.maxFiles} files are kept per message`,
      });
      continue;
    }
    kept += 1;
    verdicts.push({ accepted: true, kind: check.kind, displayName, content: candidate.content });
  }
  return verdicts;
}

function urlSignature(id: string, expiresAt: number, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`file:${id}:${expiresAt}`).digest('base64url');
}

/** A signed link to a stored file, valid until `expiresAt` (Unix seconds). */
export function signFileUrl(id: string, expiresAt: number, secret: string): string {
  return `/files/${encodeURIComponent(id)}?exp=${expiresAt}&sig=${urlSignature(id, expiresAt, secret)}`;
}

export type FileUrlCheck = { ok: true } | { ok: false; reason: 'bad-signature' | 'expired' };

/** Verifies a file link (signature in constant time, then expiry against `nowSeconds`). */
export function verifyFileUrl(
  id: string,
  exp: string,
  sig: string,
  secret: string,
  nowSeconds: number,
): FileUrlCheck {
  const expiresAt = /^\d{1,12}$/.test(exp) ? Number(exp) : Number.NaN;
  if (Number.isNaN(expiresAt)) return { ok: false, reason: 'bad-signature' };
  const expected = Buffer.from(urlSignature(id, expiresAt, secret));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  if (nowSeconds > expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true };
}
