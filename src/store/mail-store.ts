// The mail tables of the bot's store (`mail_*`): raw inbound messages (kept before anything else, and kept
// for quarantine and replay), the threads (who may write into which ticket, every Message-ID we sent or
// received), the automatic mail sent per address (the hourly cap), each outgoing mail once sent, and the
// file kept for each attachment of a message (so a retried job links the same file instead of a copy), and
// what each agent's reply told the customer, as mailed (the follow page shows it, not today's rules).
// Customer addresses live here, not in the issue (privacy.emailInIssue).

import type { Store, StoreSchema } from './store.ts';
import type { AttachmentKind } from '../mail/attachments.ts';

export type InboundState = 'queued' | 'done' | 'quarantined';

export interface InboundMessage {
  id: number;
  dedupeKey: string;
  source: string;
  receivedAt: number;
  state: InboundState;
  raw: Uint8Array;
  /** The message's size: more than `raw` holds when only its beginning was fetched. */
  size: number;
  reason?: string;
  detail?: string;
  /** The ticket the message became or joined. */
  ref?: string;
}

export interface QuarantineEntry {
  id: number;
  source: string;
  receivedAt: number;
  size: number;
  reason: string;
  detail: string;
}

export interface MailThread {
  ref: string;
  requester: string;
  /** The requester's display name, as their mail gave it. */
  name: string;
  cc: string[];
  lang: string;
  title: string;
  /** Addresses a bounce reported as undeliverable. */
  undeliverable: string[];
}

/** A file kept for one attachment of an inbound message. */
export interface KeptAttachment {
  /** The generated id (file name under DATA_DIR/attachments). */
  id: string;
  kind: AttachmentKind;
  size: number;
  displayName: string;
}

/** What an agent's reply told the customer: its message as mailed, in the language it was mailed in. */
export interface KeptReply {
  /** The reply mail's outbox key (`reply:comment:<id>`). */
  key: string;
  ref: string;
  lang: string;
  text: string;
  /** When the mail was queued. */
  at: number;
}

export interface MailStore {
  /**
   * Stores a raw message under its dedupe key and runs `onNew` in the same transaction (it queues the
   * processing job). A known key stores nothing and returns the first message's id.
   */
  acceptRaw(
    input: {
      dedupeKey: string;
      source: string;
      raw: Uint8Array;
      now: number;
      /** The message's real size when `raw` is only its beginning (IMAP does not fetch an oversized mail whole). */
      size?: number;
    },
    onNew: (id: number) => void | Promise<void>,
  ): Promise<{ id: number; duplicate: boolean }>;
  getInbound(id: number): Promise<InboundMessage | undefined>;
  markDone(id: number, ref: string | undefined): Promise<void>;
  quarantine(id: number, reason: string, detail: string): Promise<void>;
  listQuarantine(limit: number): Promise<QuarantineEntry[]>;
  /** Puts a quarantined message back in the queue; false when it is not quarantined. */
  requeue(id: number): Promise<boolean>;
  /** Records who may write into the thread of `ref`; `name` defaults to empty (form requests without a name). */
  saveThread(thread: Omit<MailThread, 'undeliverable' | 'name'> & { name?: string }): Promise<void>;
  thread(ref: string): Promise<MailThread | undefined>;
  markUndeliverable(ref: string, address: string): Promise<void>;
  /** Remembers a Message-ID of the thread of `ref` (one we sent, or a customer's we received). */
  rememberMessageId(messageId: string, ref: string, direction: 'in' | 'out', now: number): Promise<void>;
  refOfMessageId(messageId: string): Promise<string | undefined>;
  /** Message-IDs of a thread, oldest first (for References). */
  messageIds(ref: string): Promise<string[]>;
  recordAutomaticMail(address: string, now: number): Promise<void>;
  automaticMailSince(address: string, since: number): Promise<number>;
  /** Records one outgoing mail as sent (by its outbox key); false if it was already recorded. */
  recordSent(key: string, messageId: string, now: number): Promise<boolean>;
  wasSent(key: string): Promise<boolean>;
  /** The file kept for attachment `part` (its index in the parsed message) of inbound message `mailId`. */
  keptAttachment(mailId: number, part: number): Promise<KeptAttachment | undefined>;
  recordKeptAttachment(mailId: number, part: number, file: KeptAttachment): Promise<void>;
  /** The files kept from the inbound mail of ticket `ref`, in the order received (`/merge` lists them on the target). */
  keptAttachmentsOf(ref: string): Promise<KeptAttachment[]>;
  counts(): Promise<Record<InboundState, number>>;
  /** Keeps what a reply told the customer, once per key (the first kept stays). */
  keepReply(reply: KeptReply): Promise<void>;
  /** The replies kept for ticket `ref`, by outbox key. */
  keptReplies(ref: string): Promise<Map<string, KeptReply>>;
}

export const mailSchema: StoreSchema = {
  domain: 'mail',
  sqlite: [
    `CREATE TABLE IF NOT EXISTS mail_inbound (
       id INTEGER PRIMARY KEY,
       dedupe_key TEXT NOT NULL UNIQUE,
       source TEXT NOT NULL,
       received_at INTEGER NOT NULL,
       state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'quarantined')),
       size INTEGER NOT NULL,
       raw BLOB NOT NULL,
       reason TEXT,
       detail TEXT,
       ref TEXT
     )`,
    'CREATE INDEX IF NOT EXISTS mail_inbound_state ON mail_inbound (state, id)',
    `CREATE TABLE IF NOT EXISTS mail_threads (
       ref TEXT PRIMARY KEY,
       requester TEXT NOT NULL,
       cc TEXT NOT NULL,
       lang TEXT NOT NULL,
       title TEXT NOT NULL,
       undeliverable TEXT NOT NULL DEFAULT '[]'
     )`,
    `CREATE TABLE IF NOT EXISTS mail_message_ids (
       message_id TEXT PRIMARY KEY,
       ref TEXT NOT NULL,
       direction TEXT NOT NULL,
       at INTEGER NOT NULL
     )`,
    'CREATE INDEX IF NOT EXISTS mail_message_ids_ref ON mail_message_ids (ref, at)',
    `CREATE TABLE IF NOT EXISTS mail_automatic (
       address TEXT NOT NULL,
       at INTEGER NOT NULL
     )`,
    'CREATE INDEX IF NOT EXISTS mail_automatic_address ON mail_automatic (address, at)',
    `CREATE TABLE IF NOT EXISTS mail_sent (
       key TEXT PRIMARY KEY,
       message_id TEXT NOT NULL,
       at INTEGER NOT NULL
     )`,
    "ALTER TABLE mail_threads ADD COLUMN name TEXT NOT NULL DEFAULT ''",
    `CREATE TABLE IF NOT EXISTS mail_attachments (
       mail_id INTEGER NOT NULL,
       part INTEGER NOT NULL,
       file_id TEXT NOT NULL,
       kind TEXT NOT NULL,
       size INTEGER NOT NULL,
       display_name TEXT NOT NULL,
       PRIMARY KEY (mail_id, part)
     )`,
    `CREATE TABLE IF NOT EXISTS mail_replies (
       key TEXT PRIMARY KEY,
       ref TEXT NOT NULL,
       lang TEXT NOT NULL,
       text TEXT NOT NULL,
       at INTEGER NOT NULL
     );
     CREATE INDEX IF NOT EXISTS mail_replies_ref ON mail_replies (ref)`,
  ],
  postgres: [
    `CREATE TABLE mail_inbound (
       id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
       dedupe_key TEXT NOT NULL UNIQUE,
       source TEXT NOT NULL,
       received_at BIGINT NOT NULL,
       state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'quarantined')),
       size BIGINT NOT NULL,
       raw BYTEA NOT NULL,
       reason TEXT,
       detail TEXT,
       ref TEXT
     );
     CREATE INDEX mail_inbound_state ON mail_inbound (state, id);
     CREATE TABLE mail_threads (
       ref TEXT PRIMARY KEY,
       requester TEXT NOT NULL,
       name TEXT NOT NULL DEFAULT '',
       cc TEXT NOT NULL,
       lang TEXT NOT NULL,
       title TEXT NOT NULL,
       undeliverable TEXT NOT NULL DEFAULT '[]'
     );
     CREATE TABLE mail_message_ids (
       message_id TEXT PRIMARY KEY,
       ref TEXT NOT NULL,
       direction TEXT NOT NULL,
       at BIGINT NOT NULL,
       seq BIGINT GENERATED BY DEFAULT AS IDENTITY
     );
     CREATE INDEX mail_message_ids_ref ON mail_message_ids (ref, at);
     CREATE TABLE mail_automatic (
       address TEXT NOT NULL,
       at BIGINT NOT NULL
     );
     CREATE INDEX mail_automatic_address ON mail_automatic (address, at);
     CREATE TABLE mail_sent (
       key TEXT PRIMARY KEY,
       message_id TEXT NOT NULL,
       at BIGINT NOT NULL
     );
     CREATE TABLE mail_attachments (
       mail_id BIGINT NOT NULL,
       part INTEGER NOT NULL,
       file_id TEXT NOT NULL,
       kind TEXT NOT NULL,
       size BIGINT NOT NULL,
       display_name TEXT NOT NULL,
       PRIMARY KEY (mail_id, part)
     )`,
    `CREATE TABLE mail_replies (
       key TEXT PRIMARY KEY,
       ref TEXT NOT NULL,
       lang TEXT NOT NULL,
       text TEXT NOT NULL,
       at BIGINT NOT NULL
     );
     CREATE INDEX mail_replies_ref ON mail_replies (ref)`,
  ],
};

function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

const insertRaw =
  "INSERT INTO mail_inbound (dedupe_key, source, received_at, state, size, raw) VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";
const findKey = 'SELECT id FROM mail_inbound WHERE dedupe_key = ?';
const byId = 'SELECT * FROM mail_inbound WHERE id = ?';
const done = "UPDATE mail_inbound SET state = 'done', ref = ?, reason = NULL, detail = NULL WHERE id = ?";
const quarantine = "UPDATE mail_inbound SET state = 'quarantined', reason = ?, detail = ? WHERE id = ?";
const listQuarantine =
  "SELECT id, source, received_at, size, reason, detail FROM mail_inbound WHERE state = 'quarantined' ORDER BY id LIMIT ?";
const requeue = "UPDATE mail_inbound SET state = 'queued' WHERE id = ? AND state = 'quarantined'";
const upsertThread =
  'INSERT INTO mail_threads (ref, requester, name, cc, lang, title) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO UPDATE SET requester = excluded.requester, name = excluded.name, cc = excluded.cc, lang = excluded.lang, title = excluded.title';
const threadByRef = 'SELECT * FROM mail_threads WHERE ref = ?';
const setUndeliverable = 'UPDATE mail_threads SET undeliverable = ? WHERE ref = ?';
const insertMessageId =
  'INSERT INTO mail_message_ids (message_id, ref, direction, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';
const refOfMessageId = 'SELECT ref FROM mail_message_ids WHERE message_id = ?';
const insertAutomatic = 'INSERT INTO mail_automatic (address, at) VALUES (?, ?)';
const countAutomatic = 'SELECT count(*) AS n FROM mail_automatic WHERE address = ? AND at >= ?';
const pruneAutomatic = 'DELETE FROM mail_automatic WHERE at < ?';
const insertSent = 'INSERT INTO mail_sent (key, message_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';
const findSent = 'SELECT 1 AS found FROM mail_sent WHERE key = ?';
const countStates = 'SELECT state, count(*) AS n FROM mail_inbound GROUP BY state';
const findAttachment =
  'SELECT file_id, kind, size, display_name FROM mail_attachments WHERE mail_id = ? AND part = ?';
const upsertAttachment =
  'INSERT INTO mail_attachments (mail_id, part, file_id, kind, size, display_name) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mail_id, part) DO UPDATE SET file_id = excluded.file_id, kind = excluded.kind, size = excluded.size, display_name = excluded.display_name';
const insertReply =
  'INSERT INTO mail_replies (key, ref, lang, text, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING';
const repliesOfRef = 'SELECT key, ref, lang, text, at FROM mail_replies WHERE ref = ?';

/** The mail tables of `store` (made by `mailSchema` when the store opens). */
export function openMailStore(store: Store): MailStore {
  // Insertion order among Message-IDs of the same millisecond: SQLite's rowid, PostgreSQL's sequence.
  const idsOfRef = `SELECT message_id FROM mail_message_ids WHERE ref = ? ORDER BY at, ${
    store.kind === 'postgres' ? 'seq' : 'rowid'
  }`;
  const threadForUpdate = store.kind === 'postgres' ? `${threadByRef} FOR UPDATE` : threadByRef;
  return {
    acceptRaw(input, onNew) {
      return store.transaction(async () => {
        const size = Math.max(input.size ?? 0, input.raw.byteLength);
        // The unique key decides between two replicas (IMAP and a webhook) storing the same message.
        const row = await store.get(insertRaw, input.dedupeKey, input.source, input.now, size, input.raw);
        if (!row) {
          const existing = await store.get(findKey, input.dedupeKey);
          return { id: Number(existing?.id), duplicate: true };
        }
        const id = Number(row.id);
        await onNew(id);
        return { id, duplicate: false };
      });
    },
    async getInbound(id) {
      const row = await store.get(byId, id);
      if (!row) return undefined;
      const message: InboundMessage = {
        id: Number(row.id),
        dedupeKey: String(row.dedupe_key),
        source: String(row.source),
        receivedAt: Number(row.received_at),
        state: String(row.state) as InboundState,
        raw: row.raw as Uint8Array,
        size: Number(row.size),
      };
      const reason = optional(row.reason);
      const detail = optional(row.detail);
      const ref = optional(row.ref);
      if (reason !== undefined) message.reason = reason;
      if (detail !== undefined) message.detail = detail;
      if (ref !== undefined) message.ref = ref;
      return message;
    },
    async markDone(id, ref) {
      await store.run(done, ref ?? null, id);
    },
    async quarantine(id, reason, detail) {
      await store.run(quarantine, reason, detail, id);
    },
    async listQuarantine(limit) {
      return (await store.all(listQuarantine, limit)).map((row) => ({
        id: Number(row.id),
        source: String(row.source),
        receivedAt: Number(row.received_at),
        size: Number(row.size),
        reason: String(row.reason ?? ''),
        detail: String(row.detail ?? ''),
      }));
    },
    async requeue(id) {
      return (await store.run(requeue, id)) === 1;
    },
    async saveThread(thread) {
      await store.run(
        upsertThread,
        thread.ref,
        thread.requester.toLowerCase(),
        thread.name ?? '',
        JSON.stringify(thread.cc.map((cc) => cc.toLowerCase())),
        thread.lang,
        thread.title,
      );
    },
    async thread(ref) {
      const row = await store.get(threadByRef, ref);
      if (!row) return undefined;
      return {
        ref: String(row.ref),
        requester: String(row.requester),
        name: String(row.name ?? ''),
        cc: JSON.parse(String(row.cc)) as string[],
        lang: String(row.lang),
        title: String(row.title),
        undeliverable: JSON.parse(String(row.undeliverable)) as string[],
      };
    },
    async markUndeliverable(ref, address) {
      // Read and written in one transaction, the row locked: two replicas marking two addresses keep both.
      await store.transaction(async () => {
        const row = await store.get(threadForUpdate, ref);
        if (!row) return;
        const list = new Set(JSON.parse(String(row.undeliverable)) as string[]);
        list.add(address.toLowerCase());
        await store.run(setUndeliverable, JSON.stringify([...list]), ref);
      });
    },
    async rememberMessageId(messageId, ref, direction, now) {
      await store.run(insertMessageId, messageId, ref, direction, now);
    },
    async refOfMessageId(messageId) {
      return optional((await store.get(refOfMessageId, messageId))?.ref);
    },
    async messageIds(ref) {
      return (await store.all(idsOfRef, ref)).map((row) => String(row.message_id));
    },
    async recordAutomaticMail(address, now) {
      await store.transaction(async () => {
        await store.run(pruneAutomatic, now - 24 * 60 * 60 * 1000);
        await store.run(insertAutomatic, address.toLowerCase(), now);
      });
    },
    async automaticMailSince(address, since) {
      return Number((await store.get(countAutomatic, address.toLowerCase(), since))?.n ?? 0);
    },
    async recordSent(key, messageId, now) {
      return (await store.run(insertSent, key, messageId, now)) === 1;
    },
    async wasSent(key) {
      return (await store.get(findSent, key)) !== undefined;
    },
    async keptAttachment(mailId, part) {
      const row = await store.get(findAttachment, mailId, part);
      if (!row) return undefined;
      return {
        id: String(row.file_id),
        kind: String(row.kind) as AttachmentKind,
        size: Number(row.size),
        displayName: String(row.display_name),
      };
    },
    async recordKeptAttachment(mailId, part, file) {
      await store.run(upsertAttachment, mailId, part, file.id, file.kind, file.size, file.displayName);
    },
    async keptAttachmentsOf(ref) {
      const rows = await store.all(
        `SELECT a.file_id, a.kind, a.size, a.display_name FROM mail_attachments a
           JOIN mail_inbound m ON m.id = a.mail_id WHERE m.ref = ? ORDER BY a.mail_id, a.part`,
        ref,
      );
      return rows.map((row) => ({
        id: String(row.file_id),
        kind: String(row.kind) as AttachmentKind,
        size: Number(row.size),
        displayName: String(row.display_name),
      }));
    },
    async counts() {
      const out: Record<InboundState, number> = { queued: 0, done: 0, quarantined: 0 };
      for (const row of await store.all(countStates)) out[String(row.state) as InboundState] = Number(row.n);
      return out;
    },
    async keepReply(reply) {
      await store.run(insertReply, reply.key, reply.ref, reply.lang, reply.text, reply.at);
    },
    async keptReplies(ref) {
      const rows = await store.all(repliesOfRef, ref);
      return new Map(
        rows.map((row) => [
          String(row.key),
          {
            key: String(row.key),
            ref: String(row.ref),
            lang: String(row.lang),
            text: String(row.text),
            at: Number(row.at),
          },
        ]),
      );
    },
  };
}
