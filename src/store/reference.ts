// Ticket references given to customers at once (`RD-7K3M-9QX2`): 40 random bits in Crockford base32
// (no I, L, O, U: nothing to misread on the phone), mapped to the issue number once it exists.

import { randomBytes } from 'node:crypto';
import type { Store, StoreSchema } from './store.ts';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh unguessable reference, `RD-XXXX-XXXX`. */
export function newReference(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let index = 0; index < 8; index += 1) {
    text = crockford[Number(bits & 31n)] + text;
    bits >>= 5n;
  }
  return `RD-${text.slice(0, 4)}-${text.slice(4)}`;
}

/** Reads a reference as a customer may type it (lower case, O for 0, spaces), or undefined. */
export function parseReference(input: string): string | undefined {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^RD/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(compact)) return undefined;
  return `RD-${compact.slice(0, 4)}-${compact.slice(4)}`;
}

export interface TicketRecord {
  ref: string;
  inboxId: number;
  issueNumber?: number;
  /** The repository of the issue when it is not the desk's default one (a routing rule's `repository:`). */
  repository?: string;
  lang: string;
  form?: string;
  createdAt: number;
}

export interface TicketReferences {
  /** Records a new reference for an accepted input (inside the inbox transaction). */
  add(record: Omit<TicketRecord, 'issueNumber'>): Promise<void>;
  /**
   * Records the issue a reference became (inside the job's completing transaction); `repository` when the
   * issue is not in the desk's default repository.
   */
  setIssueNumber(ref: string, issueNumber: number, repository?: string): Promise<void>;
  get(ref: string): Promise<TicketRecord | undefined>;
  /** The reference of issue `issueNumber` of `repository` (omitted: the desk's default repository). */
  byIssueNumber(issueNumber: number, repository?: string): Promise<TicketRecord | undefined>;
}

export const ticketRefsSchema: StoreSchema = {
  domain: 'ticket-refs',
  sqlite: [
    `CREATE TABLE ticket_refs (
       ref TEXT PRIMARY KEY,
       inbox_id INTEGER NOT NULL,
       issue_number INTEGER UNIQUE,
       lang TEXT NOT NULL,
       form TEXT,
       created_at INTEGER NOT NULL
     )`,
    // Issue numbers are per repository (confidential queues): '' is the desk's default repository.
    `CREATE TABLE ticket_refs_by_repository (
       ref TEXT PRIMARY KEY,
       inbox_id INTEGER NOT NULL,
       issue_number INTEGER,
       lang TEXT NOT NULL,
       form TEXT,
       created_at INTEGER NOT NULL,
       repository TEXT NOT NULL DEFAULT ''
     );
     INSERT INTO ticket_refs_by_repository (ref, inbox_id, issue_number, lang, form, created_at)
       SELECT ref, inbox_id, issue_number, lang, form, created_at FROM ticket_refs;
     DROP TABLE ticket_refs;
     ALTER TABLE ticket_refs_by_repository RENAME TO ticket_refs;
     CREATE UNIQUE INDEX ticket_refs_issue ON ticket_refs (repository, issue_number)`,
  ],
  postgres: [
    `CREATE TABLE ticket_refs (
       ref TEXT PRIMARY KEY,
       inbox_id BIGINT NOT NULL,
       issue_number INTEGER UNIQUE,
       lang TEXT NOT NULL,
       form TEXT,
       created_at BIGINT NOT NULL
     )`,
    `ALTER TABLE ticket_refs ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE ticket_refs DROP CONSTRAINT ticket_refs_issue_number_key;
     CREATE UNIQUE INDEX ticket_refs_issue ON ticket_refs (repository, issue_number)`,
  ],
};

function toRecord(row: Record<string, unknown>): TicketRecord {
  const record: TicketRecord = {
    ref: String(row.ref),
    inboxId: Number(row.inbox_id),
    lang: String(row.lang),
    createdAt: Number(row.created_at),
  };
  if (row.issue_number !== null && row.issue_number !== undefined)
    record.issueNumber = Number(row.issue_number);
  if (row.form !== null && row.form !== undefined) record.form = String(row.form);
  if (typeof row.repository === 'string' && row.repository !== '') record.repository = row.repository;
  return record;
}

const insert = 'INSERT INTO ticket_refs (ref, inbox_id, lang, form, created_at) VALUES (?, ?, ?, ?, ?)';
const setIssue = 'UPDATE ticket_refs SET issue_number = ?, repository = ? WHERE ref = ?';
const byRef = 'SELECT * FROM ticket_refs WHERE ref = ?';
const byIssue = 'SELECT * FROM ticket_refs WHERE repository = ? AND issue_number = ?';

/** The references of `store` (its table is made by `ticketRefsSchema` when the store opens). */
export function openTicketReferences(store: Store): TicketReferences {
  return {
    async add(record) {
      await store.run(insert, record.ref, record.inboxId, record.lang, record.form ?? null, record.createdAt);
    },
    async setIssueNumber(ref, issueNumber, repository) {
      await store.run(setIssue, issueNumber, repository ?? '', ref);
    },
    async get(ref) {
      const row = await store.get(byRef, ref);
      return row ? toRecord(row) : undefined;
    },
    async byIssueNumber(issueNumber, repository) {
      const row = await store.get(byIssue, repository ?? '', issueNumber);
      return row ? toRecord(row) : undefined;
    },
  };
}
