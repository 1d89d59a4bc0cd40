// Everything the store holds about one requester, read in one place: the rebase onto the async
// (PostgreSQL) store changes this file only. A requester is found by address in the mail threads both
// channels record (the form's acknowledgement and inbound mail); from their references come the tickets,
// the inbound mail and the files attached to them. Feedback and ratings carry no address: they cannot be
// attributed to anyone.

import type { Store } from '../store/open-store.ts';

export interface RequesterThread {
  ref: string;
  name: string;
  lang: string;
  title: string;
  cc: string[];
  issueNumber: number | null;
  form: string | null;
  createdAt: number | null;
}

export interface RequesterMail {
  id: number;
  receivedAt: number;
  state: string;
  ref: string | null;
  raw: Buffer;
}

export interface RequesterFile {
  /** The stored file's id under DATA_DIR/attachments. */
  id: string;
  name: string;
  ref: string;
}

export interface RequesterRecords {
  threads: RequesterThread[];
  mail: RequesterMail[];
  files: RequesterFile[];
}

function hasTable(store: Store, table: string): boolean {
  return (
    store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
  );
}

/** The records of `email` (compared without case), read in one transaction. */
export function requesterRecords(store: Store, email: string): RequesterRecords {
  const address = email.trim().toLowerCase();
  if (!hasTable(store, 'mail_threads')) return { threads: [], mail: [], files: [] };
  const refsTable = hasTable(store, 'ticket_refs');
  const threads = store.db
    .prepare(
      refsTable
        ? `SELECT t.ref, t.name, t.lang, t.title, t.cc, r.issue_number, r.form, r.created_at
             FROM mail_threads t LEFT JOIN ticket_refs r ON r.ref = t.ref
            WHERE lower(t.requester) = ? ORDER BY t.ref`
        : 'SELECT ref, name, lang, title, cc, NULL AS issue_number, NULL AS form, NULL AS created_at FROM mail_threads WHERE lower(requester) = ? ORDER BY ref',
    )
    .all(address)
    .map((row) => ({
      ref: String(row.ref),
      name: String(row.name ?? ''),
      lang: String(row.lang),
      title: String(row.title),
      cc: JSON.parse(String(row.cc ?? '[]')) as string[],
      issueNumber: row.issue_number === null ? null : Number(row.issue_number),
      form: row.form === null ? null : String(row.form),
      createdAt: row.created_at === null ? null : Number(row.created_at),
    }));
  const refs = threads.map((thread) => thread.ref);
  const mail: RequesterMail[] = [];
  const files: RequesterFile[] = [];
  if (hasTable(store, 'mail_inbound')) {
    // A message is the requester's when it belongs to one of their tickets, or was sent from their address
    // (a mail still queued or quarantined has no ticket yet).
    const rows = store.db
      .prepare('SELECT id, received_at, state, ref, raw FROM mail_inbound ORDER BY id')
      .all()
      .filter((row) => {
        if (row.ref !== null && refs.includes(String(row.ref))) return true;
        return Buffer.from(row.raw as Uint8Array)
          .toString('latin1')
          .toLowerCase()
          .includes(address);
      });
    for (const row of rows)
      mail.push({
        id: Number(row.id),
        receivedAt: Number(row.received_at),
        state: String(row.state),
        ref: row.ref === null ? null : String(row.ref),
        raw: Buffer.from(row.raw as Uint8Array),
      });
    if (hasTable(store, 'mail_attachments')) {
      const attached = store.db.prepare(
        'SELECT file_id, display_name FROM mail_attachments WHERE mail_id = ?',
      );
      for (const message of mail)
        for (const row of attached.all(message.id))
          files.push({ id: String(row.file_id), name: String(row.display_name), ref: message.ref ?? '' });
    }
  }
  if (hasTable(store, 'form_uploads') && refs.length > 0) {
    const uploads = store.db.prepare('SELECT id, name, ref FROM form_uploads WHERE ref = ?');
    for (const ref of refs)
      for (const row of uploads.all(ref)) files.push({ id: String(row.id), name: String(row.name), ref });
  }
  return { threads, mail, files };
}
