// Files uploaded by the request form before its submission: what the bot checked about each one (name
// shown, type by content, size), when it arrived, and the request it ended up attached to. The
// submission proves it uploaded a file with the signed upload token; the create-ticket job lists the
// files from here; files never attached are deleted after `unattachedUploadRetentionMs`
// (`upload-retention.ts`), attached ones stay as long as the ticket's links may point at them.

import fs from 'node:fs';
import type { Store, StoreSchema } from './store.ts';
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
  record(upload: StoredAttachment, now: number): Promise<void>;
  get(id: string): Promise<FormUpload | undefined>;
  /** The ids among `ids` whose file is no longer on the bot (never uploaded, or deleted). */
  missing(ids: readonly string[]): Promise<string[]>;
  /**
   * Marks the files as attached to `ref` (inside the transaction that accepts the submission), once:
   * a file attached earlier keeps its first request. Returns the ids that are no longer on the bot
   * (swept meanwhile), so that the caller refuses the submission and nothing is stored.
   */
  attach(ids: readonly string[], ref: string): Promise<string[]>;
  /** Deletes every file never attached and uploaded before `before`, row and disk together; returns their ids. */
  deleteUnattached(before: number): Promise<string[]>;
  /**
   * Counts `bytes` of an upload in progress against `limitBytes`, with the files no request named yet and
   * every other upload in progress: false (nothing counted) when they would pass it.
   */
  reserve(bytes: number, limitBytes: number): Promise<boolean>;
  /** Gives back bytes `reserve` counted (the upload ended: recorded, refused or failed). */
  release(bytes: number): void;
}

export const formUploadsSchema: StoreSchema = {
  domain: 'form-uploads',
  sqlite: [
    `CREATE TABLE form_uploads (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       kind TEXT NOT NULL,
       size INTEGER NOT NULL,
       uploaded_at INTEGER NOT NULL,
       ref TEXT
     )`,
    'CREATE INDEX form_uploads_unattached ON form_uploads (uploaded_at) WHERE ref IS NULL',
  ],
  postgres: [
    `CREATE TABLE form_uploads (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       kind TEXT NOT NULL,
       size BIGINT NOT NULL,
       uploaded_at BIGINT NOT NULL,
       ref TEXT
     );
     CREATE INDEX form_uploads_unattached ON form_uploads (uploaded_at) WHERE ref IS NULL`,
  ],
};

const insert = 'INSERT INTO form_uploads (id, name, kind, size, uploaded_at) VALUES (?, ?, ?, ?, ?)';
const byId = 'SELECT * FROM form_uploads WHERE id = ?';
const setRef = 'UPDATE form_uploads SET ref = ? WHERE id = ? AND ref IS NULL';
const old = 'SELECT id FROM form_uploads WHERE ref IS NULL AND uploaded_at < ?';
const remove = 'DELETE FROM form_uploads WHERE id = ? AND ref IS NULL';
const unattachedSum = 'SELECT coalesce(sum(size), 0) AS bytes FROM form_uploads WHERE ref IS NULL';

/** The uploads table of `store` (made by `formUploadsSchema`); files live under `dataDir` with the mail attachments. */
export function openFormUploads(store: Store, dataDir: string): FormUploads {
  // The sum is read again only after a change to the table (a rolled-back change just costs one more read);
  // on a shared store other replicas change it too, so it is read every time.
  let unattachedBytes: number | undefined;
  let inProgressBytes = 0;
  const onDisk = (id: string) => {
    const located = storedAttachmentPath(dataDir, id);
    return located !== undefined && fs.existsSync(located.file);
  };
  const missing = async (ids: readonly string[]) => {
    const gone: string[] = [];
    for (const id of ids) if (!(await store.get(byId, id)) || !onDisk(id)) gone.push(id);
    return gone;
  };
  const get = async (id: string): Promise<FormUpload | undefined> => {
    const row = await store.get(byId, id);
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
    async record(upload, now) {
      unattachedBytes = undefined;
      await store.run(insert, upload.id, upload.displayName, upload.kind, upload.size, now);
    },
    get,
    missing,
    async attach(ids, ref) {
      const gone = await missing(ids);
      if (gone.length > 0) return gone;
      unattachedBytes = undefined;
      for (const id of ids) {
        // Not changed: attached earlier (it keeps its first request), or deleted by the retention sweep of
        // another replica since the check above.
        if ((await store.run(setRef, ref, id)) === 0 && !(await store.get(byId, id))) gone.push(id);
      }
      return gone;
    },
    async deleteUnattached(before) {
      unattachedBytes = undefined;
      // In one transaction, the rows locked (PostgreSQL): a submission attaching one of them waits, then finds
      // it gone; SQLite's write transaction keeps every other writer out.
      return store.transaction(async () => {
        const rows = await store.all(store.kind === 'postgres' ? `${old} FOR UPDATE` : old, before);
        const deleted: string[] = [];
        for (const row of rows) {
          const id = String(row.id);
          const located = storedAttachmentPath(dataDir, id);
          // The file first: a crash before the commit leaves the row, and the next sweep finishes the job.
          if (located) fs.rmSync(located.file, { force: true });
          if ((await store.run(remove, id)) === 1) deleted.push(id);
        }
        return deleted;
      });
    },
    async reserve(bytes, limitBytes) {
      const stored =
        (store.exclusive ? unattachedBytes : undefined) ??
        Number((await store.get(unattachedSum))?.bytes ?? 0);
      unattachedBytes = stored;
      if (stored + inProgressBytes + bytes > limitBytes) return false;
      inProgressBytes += bytes;
      return true;
    },
    release(bytes) {
      inProgressBytes = Math.max(0, inProgressBytes - bytes);
    },
  };
}
