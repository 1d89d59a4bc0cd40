// Files uploaded by the request form before its submission: what the bot checked about each one (name
// shown, type by content, size), when it arrived, and the request it ended up attached to. The
// submission proves it uploaded a file with the signed upload token; the create-ticket job lists the
// files from here; files never attached are deleted after `unattachedUploadRetentionMs`
// (`upload-retention.ts`), attached ones stay as long as the ticket's links may point at them.

import fs from 'node:fs';
import type { Store } from './open-store.ts';
import { type AttachmentKind } from '../mail/attachments.ts';
import { storedAttachmentPath, type StoredAttachment } from './attachment-files.ts';

/** How long an uploaded file waits for the submission that names it before it is deleted. */
export const unattachedUploadRetentionMs = 24 * 60 * 60 * 1000;

/** One uploaded file. */
export interface FormUpload {
  id: string;
  /** The name the customer's file had (cleaned by `displayNameOf`), shown to agents. */
  name: string;
  kind: AttachmentKind;
  size: number;
  uploadedAt: number;
  /** The request it was attached to, once a submission named it. */
  ref?: string;
}

export interface FormUploads {
  /** Remembers a stored upload (call inside a write transaction). */
  record(upload: StoredAttachment, now: number): void;
  get(id: string): FormUpload | undefined;
  /** The ids among `ids` whose file is no longer on the bot (never uploaded, or deleted). */
  missing(ids: readonly string[]): string[];
  /**
   * Marks the files as attached to `ref` (inside the transaction that accepts the submission), once:
   * a file attached earlier keeps its first request. Returns the ids that are no longer on the bot
   * (swept meanwhile), so that the caller refuses the submission and nothing is stored.
   */
  attach(ids: readonly string[], ref: string): string[];
  /** Deletes every file never attached and uploaded before `before`, row and disk together; returns their ids. */
  deleteUnattached(before: number): string[];
  /**
   * Counts `bytes` of an upload in progress against `limitBytes`, with the files no request named yet and
   * every other upload in progress: false (nothing counted) when they would pass it.
   */
  reserve(bytes: number, limitBytes: number): boolean;
  /** Gives back bytes `reserve` counted (the upload ended: recorded, refused or failed). */
  release(bytes: number): void;
}

const migrations = [
  `CREATE TABLE form_uploads (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     kind TEXT NOT NULL,
     size INTEGER NOT NULL,
     uploaded_at INTEGER NOT NULL,
     ref TEXT
   )`,
  'CREATE INDEX form_uploads_unattached ON form_uploads (uploaded_at) WHERE ref IS NULL',
];

/** Opens the uploads table of `store`; files live under `dataDir` with the mail attachments. */
export function openFormUploads(store: Store, dataDir: string): FormUploads {
  store.migrate('form-uploads', migrations);
  const insert = store.db.prepare(
    'INSERT INTO form_uploads (id, name, kind, size, uploaded_at) VALUES (?, ?, ?, ?, ?)',
  );
  const byId = store.db.prepare('SELECT * FROM form_uploads WHERE id = ?');
  const setRef = store.db.prepare('UPDATE form_uploads SET ref = ? WHERE id = ? AND ref IS NULL');
  const old = store.db.prepare('SELECT id FROM form_uploads WHERE ref IS NULL AND uploaded_at < ?');
  const remove = store.db.prepare('DELETE FROM form_uploads WHERE id = ?');
  const unattachedSum = store.db.prepare(
    'SELECT coalesce(sum(size), 0) AS bytes FROM form_uploads WHERE ref IS NULL',
  );
  // The sum is read again only after a change to the table (a rolled-back change just costs one more read).
  let unattachedBytes: number | undefined;
  let inProgressBytes = 0;
  const onDisk = (id: string) => {
    const located = storedAttachmentPath(dataDir, id);
    return located !== undefined && fs.existsSync(located.file);
  };
  const missing = (ids: readonly string[]) => ids.filter((id) => !byId.get(id) || !onDisk(id));
  const get = (id: string): FormUpload | undefined => {
    const row = byId.get(id);
    if (!row) return undefined;
    return {
      id: String(row.id),
      name: String(row.name),
      kind: String(row.kind) as AttachmentKind,
      size: Number(row.size),
      uploadedAt: Number(row.uploaded_at),
      ...(row.ref === null ? {} : { ref: String(row.ref) }),
    };
  };
  return {
    record(upload, now) {
      unattachedBytes = undefined;
      insert.run(upload.id, upload.displayName, upload.kind, upload.size, now);
    },
    get,
    missing,
    attach(ids, ref) {
      const gone = missing(ids);
      if (gone.length > 0) return gone;
      unattachedBytes = undefined;
      for (const id of ids) setRef.run(ref, id);
      return [];
    },
    deleteUnattached(before) {
      unattachedBytes = undefined;
      // Synchronous from the select to the last delete: no submission can attach a file in between.
      return store.transaction(() =>
        old.all(before).map((row) => {
          const id = String(row.id);
          const located = storedAttachmentPath(dataDir, id);
          // The file first: a crash before the commit leaves the row, and the next sweep finishes the job.
          if (located) fs.rmSync(located.file, { force: true });
          remove.run(id);
          return id;
        }),
      );
    },
    reserve(bytes, limitBytes) {
      unattachedBytes ??= Number(unattachedSum.get()?.bytes ?? 0);
      if (unattachedBytes + inProgressBytes + bytes > limitBytes) return false;
      inProgressBytes += bytes;
      return true;
    },
    release(bytes) {
      inProgressBytes = Math.max(0, inProgressBytes - bytes);
    },
  };
}
