// Keeps one accepted attachment of an inbound message on disk, once: the first run of a job stores the file
// and records it under (message, part); a retry (GitHub answered 502, the bot was killed) finds the record
// and links the same file, so no orphan copy is left behind per attempt.

import fs from 'node:fs';
import { type AttachmentKind } from '../../mail/attachments.ts';
import { storeAttachment, storedAttachmentPath } from '../../store/attachment-files.ts';
import type { KeptAttachment, MailStore } from '../../store/mail-store.ts';

/** The stored file of attachment `part` of message `mailId`, writing it only the first time. */
export async function keepMailAttachment(
  dataDir: string,
  mailStore: MailStore,
  mailId: number,
  part: number,
  file: { kind: AttachmentKind; displayName: string; content: Uint8Array },
): Promise<KeptAttachment> {
  const kept = await mailStore.keptAttachment(mailId, part);
  const onDisk = kept ? storedAttachmentPath(dataDir, kept.id) : undefined;
  if (kept && onDisk && fs.existsSync(onDisk.file)) return kept;
  const stored = storeAttachment(dataDir, file);
  const record: KeptAttachment = {
    id: stored.id,
    kind: stored.kind,
    size: stored.size,
    displayName: stored.displayName,
  };
  await mailStore.recordKeptAttachment(mailId, part, record);
  return record;
}
