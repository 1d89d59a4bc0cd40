// Attachments from mail and from the request form: the type is decided by the first bytes, never
// by the name or the declared type; files are stored under generated names; agents reach them through
// signed, expiring URLs. Anything not on the allowlist is refused with a reason the customer can read.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { attachmentIdPattern } from '../forms/submission-schema.ts';

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

function includesAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) return false;
  try {
    // `stream` tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, {
      stream: sample.byteLength < bytes.byteLength,
    });
    return true;
  } catch {
    // Windows-1252 logs: printable bytes and usual whitespace only.
    return sample.every((byte) => byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
  }
}

/**
 * The kind of a file from its content. `nameHint` only chooses between CSV and plain text once the bytes
 * are known to be text; it never makes a binary acceptable.
 */
export function detectKind(bytes: Uint8Array, nameHint = ''): AttachmentKind | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // An ODF file stores its type uncompressed as the first entry; OOXML lists its main part by name.
    if (startsWith(bytes, ascii('mimetypeapplication/vnd.oasis.opendocument.text'), 30)) return 'odt';
    if (includesAscii(bytes, '[Content_Types].xml') && includesAscii(bytes, 'word/document.xml'))
      return 'docx';
    if (includesAscii(bytes, '[Content_Types].xml') && includesAscii(bytes, 'xl/workbook.xml')) return 'xlsx';
    return undefined;
  }
  if (bytes.byteLength > 0 && looksLikeText(bytes)) return /\.csv$/i.test(nameHint) ? 'csv' : 'text';
  return undefined;
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

export type AttachmentVerdict =
  | { accepted: true; kind: AttachmentKind; displayName: string; content: Uint8Array }
  | {
      accepted: false;
      displayName: string;
      reason: 'type-not-allowed' | 'too-large' | 'too-many' | 'empty';
      message: string;
    };

/** A name safe to show: no path, no control characters, at most 100 characters. */
export function displayNameOf(filename: string | null, index: number): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f<>"`]/g, '')
    .trim()
    .slice(0, 100);
  return clean === '' ? `attachment-${index + 1}` : clean;
}

/** Checks every candidate against the allowlist and the caps; the verdict says why each one is refused. */
export function screenAttachments(
  candidates: AttachmentCandidate[],
  limits: AttachmentLimits = defaultAttachmentLimits,
): AttachmentVerdict[] {
  let kept = 0;
  return candidates.map((candidate, index): AttachmentVerdict => {
    const displayName = displayNameOf(candidate.filename, index);
    if (candidate.content.byteLength === 0)
      return { accepted: false, displayName, reason: 'empty', message: `${displayName}: the file is empty` };
    if (candidate.content.byteLength > limits.maxFileBytes) {
      return {
        accepted: false,
        displayName,
        reason: 'too-large',
        message: `${displayName}: ${candidate.content.byteLength} bytes; the limit is ${limits.maxFileBytes} bytes per file`,
      };
    }
    const kind = detectKind(candidate.content, displayName);
    if (kind === undefined) {
      return {
        accepted: false,
        displayName,
        reason: 'type-not-allowed',
        message: `${displayName}: this type of file is not accepted; send images, PDF, text, CSV or office documents`,
      };
    }
    if (kept >= limits.maxFiles) {
      return {
        accepted: false,
        displayName,
        reason: 'too-many',
        message: `${displayName}: only ${limits.maxFiles} files are kept per message`,
      };
    }
    kept += 1;
    return { accepted: true, kind, displayName, content: candidate.content };
  });
}

export interface StoredAttachment {
  /** Generated, unguessable; also the file name on disk. */
  id: string;
  kind: AttachmentKind;
  size: number;
  displayName: string;
}

/** The folder of stored attachments under DATA_DIR. */
export function attachmentDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** Writes an accepted file under a generated name (write to a temporary name, fsync, rename: never half a file). */
export function storeAttachment(
  dataDir: string,
  file: { kind: AttachmentKind; displayName: string; content: Uint8Array },
): StoredAttachment {
  const dir = attachmentDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const id = `${crypto.randomBytes(16).toString('base64url')}.${extensions[file.kind]}`;
  const temporary = path.join(dir, `.${id}.partial`);
  const handle = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeSync(handle, file.content);
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  fs.renameSync(temporary, path.join(dir, id));
  return { id, kind: file.kind, size: file.content.byteLength, displayName: file.displayName };
}

// The same pattern the form submission schema checks ids against: one definition.
const storedId = new RegExp(attachmentIdPattern);

/** The path of a stored attachment, or undefined for anything that is not one of our generated ids. */
export function storedAttachmentPath(
  dataDir: string,
  id: string,
): { file: string; kind: AttachmentKind } | undefined {
  const found = storedId.exec(id);
  if (!found) return undefined;
  const kind = (Object.keys(extensions) as AttachmentKind[]).find(
    (candidate) => extensions[candidate] === found[1],
  );
  if (kind === undefined) return undefined;
  return { file: path.join(attachmentDir(dataDir), id), kind };
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
