// Attachments from mail and from the request form: the type is decided by the first bytes, never
// by the name or the declared type; files are stored under generated names; agents reach them through
// signed, expiring URLs. Anything not on the allowlist is refused with a reason the customer can read.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { attachmentIdPattern } from '../forms/submission-schema.ts';
import { StoreError } from '../store/open-store.ts';
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

/** Files being written carry this ending (and a leading dot) until they are whole and synced. */
export const partialSuffix = '.partial';

/** Removes the partial files a crash left in DATA_DIR/attachments (call while no write is in progress). */
export function removePartialAttachments(dataDir: string): number {
  const dir = attachmentDir(dataDir);
  if (!fs.existsSync(dir)) return 0;
  const partial = fs.readdirSync(dir).filter((name) => name.startsWith('.') && name.endsWith(partialSuffix));
  for (const name of partial) fs.rmSync(path.join(dir, name), { force: true });
  return partial.length;
}

/** A write failure in operator terms: a full disk is `store-full` (503 and Retry-After to whoever sent the file). */
function storageError(error: unknown, dir: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new StoreError(
      'store-full',
      `${dir}: no space left on the disk holding DATA_DIR; free space (the file was not stored)`,
      { cause: error },
    );
  return error;
}

/**
 * A file being written to DATA_DIR/attachments: chunks go to a hidden `.partial` file; `keep` syncs it and
 * renames it to its generated final name, `discard` removes it. Whatever fails (a full disk included),
 * nothing is ever left under a final name but a whole file.
 */
export interface AttachmentWriter {
  /** The partial file (readable while it is written: an office document's structure is checked there). */
  readonly path: string;
  /** Bytes written so far. */
  readonly size: number;
  /** Appends `chunk` whole (a short write is continued, never ignored). */
  write(chunk: Uint8Array): Promise<void>;
  /** Syncs, closes and gives the file its final name. */
  keep(file: { kind: AttachmentKind; displayName: string }): Promise<StoredAttachment>;
  /** Closes and removes the partial file; harmless when called again or after `keep`. */
  discard(): Promise<void>;
}

/** Opens a new partial file under `dataDir`. */
export async function openAttachmentWriter(dataDir: string): Promise<AttachmentWriter> {
  const dir = attachmentDir(dataDir);
  const base = crypto.randomBytes(16).toString('base64url');
  const partial = path.join(dir, `.${base}${partialSuffix}`);
  let handle: fs.promises.FileHandle | undefined;
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    handle = await fs.promises.open(partial, 'wx', 0o600);
  } catch (error) {
    throw storageError(error, dir);
  }
  let size = 0;
  let settled = false;
  const close = async () => {
    const open = handle;
    handle = undefined;
    await open?.close().catch(() => undefined);
  };
  const writer: AttachmentWriter = {
    path: partial,
    get size() {
      return size;
    },
    async write(chunk) {
      if (!handle) throw new Error(`${partial}: written after it was kept or discarded`);
      try {
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
        size += chunk.byteLength;
      } catch (error) {
        await writer.discard();
        throw storageError(error, dir);
      }
    },
    async keep(file) {
      if (!handle) throw new Error(`${partial}: kept after it was discarded`);
      const id = `${base}.${extensions[file.kind]}`;
      try {
        await handle.sync();
        await close();
        await fs.promises.rename(partial, path.join(dir, id));
        settled = true;
      } catch (error) {
        await writer.discard();
        throw storageError(error, dir);
      }
      return { id, kind: file.kind, size, displayName: file.displayName };
    },
    async discard() {
      await close();
      if (!settled) await fs.promises.rm(partial, { force: true });
      settled = true;
    },
  };
  return writer;
}

/**
 * Writes an accepted file held in memory (a mail's attachment) under a generated name: to a temporary
 * name, every byte (a short write is continued), fsync, rename. A failure removes the temporary file; a
 * full disk throws `store-full`.
 */
export function storeAttachment(
  dataDir: string,
  file: { kind: AttachmentKind; displayName: string; content: Uint8Array },
): StoredAttachment {
  const dir = attachmentDir(dataDir);
  const base = crypto.randomBytes(16).toString('base64url');
  const id = `${base}.${extensions[file.kind]}`;
  const temporary = path.join(dir, `.${base}${partialSuffix}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const handle = fs.openSync(temporary, 'wx', 0o600);
    try {
      let offset = 0;
      while (offset < file.content.byteLength)
        offset += fs.writeSync(handle, file.content, offset, file.content.byteLength - offset);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temporary, path.join(dir, id));
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw storageError(error, dir);
  }
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
