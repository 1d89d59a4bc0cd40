// Stored attachments, from mail and from the request form, under DATA_DIR/attachments: written to a hidden
// partial file, synced, then given a generated, unguessable name, so a crash or a full disk (StoreError
// `store-full`) never leaves a truncated file under a final name. What a file is (its kind, whether it is
// accepted) is decided before, by mail/attachments.ts.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { attachmentIdPattern } from '../forms/submission-schema.ts';
import { allowedKinds, fileExtensionOf, type AttachmentKind } from '../mail/attachments.ts';
import { StoreError } from './store-error.ts';

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
const partialSuffix = '.partial';

/**
 * Removes the partial files a crash left in DATA_DIR/attachments: every one while no write is in progress
 * (`olderThanMs` 0), or only those untouched for `olderThanMs` (a folder replicas share).
 */
export function removePartialAttachments(dataDir: string, olderThanMs = 0, now = Date.now()): number {
  const dir = attachmentDir(dataDir);
  if (!fs.existsSync(dir)) return 0;
  const partial = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('.') && name.endsWith(partialSuffix))
    .filter((name) => {
      if (olderThanMs <= 0) return true;
      const stats = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
      return stats !== undefined && now - stats.mtimeMs > olderThanMs;
    });
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
      const id = `${base}.${fileExtensionOf(file.kind)}`;
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
  const id = `${base}.${fileExtensionOf(file.kind)}`;
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
  const kind = allowedKinds.find((candidate) => fileExtensionOf(candidate) === found[1]);
  if (kind === undefined) return undefined;
  return { file: path.join(attachmentDir(dataDir), id), kind };
}
