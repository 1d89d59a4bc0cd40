// Everything the store holds about one requester, read in one place: the rebase onto the async
// (PostgreSQL) store changes this file only. A requester is found by address in the mail threads both
// channels record (the form's acknowledgement and inbound mail); from their references come the tickets,
// the inbound mail and the files attached to them. Feedback and ratings carry no address: they cannot be
// attributed to anyone.

import type { Store } from '../store/open-store.ts';
import type { HeldReplyDraft, HeldReplyState } from '../tickets/held-reply.ts';

export interface RequesterThread {
  ref: string;
  name: string;
  lang: string;
  title: string;
  cc: string[];
  issueNumber: number | null;
  /** The repository of the issue when not the desk's default one (a confidential queue). */
  repository?: string;
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
  table: 'mail_attachments' | 'form_uploads';
}

/** A reply the collision guard held (../store/held-replies.ts) on one of their tickets, or mailed to them. */
export interface RequesterHeldReply {
  key: string;
  ref: string;
  issueNumber: number;
  heldAt: number;
  state: HeldReplyState;
  settledBy: string | null;
  settledAt: number | null;
  draft: HeldReplyDraft;
  /** How the reply's mail names them: its recipient, or a copy only (someone else's ticket). */
  addressed: 'to' | 'cc';
}

export interface RequesterRecords {
  threads: RequesterThread[];
  mail: RequesterMail[];
  files: RequesterFile[];
  /** Replies held on their tickets or addressed to them, whatever their state, oldest first. */
  heldReplies: RequesterHeldReply[];
  /** Other people's mail that names the requester's address (redacted by an erasure, not exported). */
  mentions: RequesterMail[];
}

/** Whether the From header (unfolded) of a raw message holds `address`. */
function fromHeaderNames(raw: Buffer, address: string): boolean {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return /^from:(.*)$/im.exec(headers)?.[1]?.toLowerCase().includes(address) ?? false;
}

async function hasTable(store: Store, table: string): Promise<boolean> {
  const found = await store.get(
    store.kind === 'sqlite'
      ? "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?"
      : 'SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
    table,
  );
  return found !== undefined;
}

/**
 * `r.repository` of ticket_refs (issue 13's confidential queues), or '' in a data folder the bot has not
 * opened since (the column comes with its migration): every issue is then in the default repository.
 */
async function repositoryColumn(store: Store): Promise<string> {
  const found = await store.get(
    store.kind === 'sqlite'
      ? "SELECT 1 AS found FROM pragma_table_info('ticket_refs') WHERE name = 'repository'"
      : "SELECT 1 AS found FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'ticket_refs' AND column_name = 'repository'",
  );
  return found === undefined ? "''" : 'r.repository';
}

/** The records of `email` (compared without case), read in one transaction. */
export async function requesterRecords(store: Store, email: string): Promise<RequesterRecords> {
  const address = email.trim().toLowerCase();
  if (!(await hasTable(store, 'mail_threads')))
    return { threads: [], mail: [], files: [], heldReplies: [], mentions: [] };
  const refsTable = await hasTable(store, 'ticket_refs');
  const threads = (
    await store.all(
      refsTable
        ? `SELECT t.ref, t.name, t.lang, t.title, t.cc, r.issue_number, ${await repositoryColumn(store)} AS repository, r.form, r.created_at
             FROM mail_threads t LEFT JOIN ticket_refs r ON r.ref = t.ref
            WHERE lower(t.requester) = ? ORDER BY r.issue_number IS NULL, r.issue_number, t.ref`
        : 'SELECT ref, name, lang, title, cc, NULL AS issue_number, NULL AS form, NULL AS created_at FROM mail_threads WHERE lower(requester) = ? ORDER BY ref',
      address,
    )
  ).map((row) => ({
    ref: String(row.ref),
    name: String(row.name ?? ''),
    lang: String(row.lang),
    title: String(row.title),
    cc: JSON.parse(String(row.cc ?? '[]')) as string[],
    issueNumber: row.issue_number === null ? null : Number(row.issue_number),
    ...(typeof row.repository === 'string' && row.repository !== '' ? { repository: row.repository } : {}),
    form: row.form === null ? null : String(row.form),
    createdAt: row.created_at === null ? null : Number(row.created_at),
  }));
  const refs = threads.map((thread) => thread.ref);
  const mail: RequesterMail[] = [];
  const files: RequesterFile[] = [];
  const mentions: RequesterMail[] = [];
  if (await hasTable(store, 'mail_inbound')) {
    // A message is the requester's when it belongs to one of their tickets, or was sent from their address
    // (a mail still queued or quarantined has no ticket yet); someone else's mail that names them is not.
    for (const row of await store.all(
      'SELECT id, received_at, state, ref, raw FROM mail_inbound ORDER BY id',
    )) {
      const message: RequesterMail = {
        id: Number(row.id),
        receivedAt: Number(row.received_at),
        state: String(row.state),
        ref: row.ref === null ? null : String(row.ref),
        raw: Buffer.from(row.raw as Uint8Array),
      };
      if ((message.ref !== null && refs.includes(message.ref)) || fromHeaderNames(message.raw, address))
        mail.push(message);
      else if (message.raw.toString('latin1').toLowerCase().includes(address)) mentions.push(message);
    }
    if (await hasTable(store, 'mail_attachments')) {
      for (const message of mail)
        for (const row of await store.all(
          'SELECT file_id, display_name FROM mail_attachments WHERE mail_id = ?',
          message.id,
        ))
          files.push({
            id: String(row.file_id),
            name: String(row.display_name),
            ref: message.ref ?? '',
            table: 'mail_attachments',
          });
    }
  }
  if (refs.length > 0 && (await hasTable(store, 'form_uploads'))) {
    for (const ref of refs)
      for (const row of await store.all('SELECT id, name, ref FROM form_uploads WHERE ref = ?', ref))
        files.push({ id: String(row.id), name: String(row.name), ref, table: 'form_uploads' });
  }
  return { threads, mail, files, heldReplies: await heldRepliesOf(store, address, refs), mentions };
}

/** The held replies of `refs`' tickets, and any other whose mail names `address` (as recipient or copy). */
async function heldRepliesOf(
  store: Store,
  address: string,
  refs: readonly string[],
): Promise<RequesterHeldReply[]> {
  if (!(await hasTable(store, 'held_replies'))) return [];
  const found: RequesterHeldReply[] = [];
  for (const row of await store.all('SELECT * FROM held_replies ORDER BY held_at, key')) {
    const draft = JSON.parse(String(row.draft)) as HeldReplyDraft;
    const names = (list: readonly string[]) => list.some((entry) => entry.toLowerCase() === address);
    const theirs = refs.includes(String(row.ref)) || names(draft.mail.to);
    if (!theirs && !names(draft.mail.cc)) continue;
    found.push({
      key: String(row.key),
      ref: String(row.ref),
      issueNumber: Number(row.issue_number),
      heldAt: Number(row.held_at),
      state: String(row.state) as HeldReplyState,
      settledBy: row.settled_by === null || row.settled_by === undefined ? null : String(row.settled_by),
      settledAt: row.settled_at === null || row.settled_at === undefined ? null : Number(row.settled_at),
      draft,
      addressed: theirs ? 'to' : 'cc',
    });
  }
  return found;
}

/** Rows that hold the requester's text outside the tables above: the accepted requests, the done jobs. */
export interface RequesterTexts {
  inbox: { id: number; payload: string }[];
  jobs: { id: number; payload: string }[];
  /** Jobs still to run that name the requester (a mail to send): left alone, said. */
  pendingJobs: number;
}

/** The inbox rows and finished jobs whose payload names `email` (or is one of `refs`' requests). */
export async function requesterTexts(
  store: Store,
  email: string,
  inboxIds: readonly number[],
  /** Only what concerns these tickets (a job naming one of them; the requests by id only). */
  onlyRefs?: readonly string[],
): Promise<RequesterTexts> {
  const address = email.trim().toLowerCase();
  const concerns = (payload: string): boolean =>
    payload.toLowerCase().includes(address) &&
    (onlyRefs === undefined || onlyRefs.some((ref) => payload.includes(ref)));
  const inbox = (await hasTable(store, 'inbox'))
    ? (await store.all('SELECT id, payload FROM inbox ORDER BY id'))
        .filter(
          // Besides the requests themselves: any delivery that names them (an agent's comment quoting the
          // address, whose webhook payload the inbox keeps), on these tickets only when `onlyRefs` is given.
          (row) => inboxIds.includes(Number(row.id)) || concerns(String(row.payload)),
        )
        .map((row) => ({ id: Number(row.id), payload: String(row.payload) }))
    : [];
  const jobs: { id: number; payload: string }[] = [];
  let pendingJobs = 0;
  if (await hasTable(store, 'jobs')) {
    for (const row of await store.all('SELECT id, state, payload FROM jobs ORDER BY id')) {
      if (!concerns(String(row.payload))) continue;
      if (row.state === 'done' || row.state === 'dead')
        jobs.push({ id: Number(row.id), payload: String(row.payload) });
      else pendingJobs += 1;
    }
  }
  return { inbox, jobs, pendingJobs };
}

/** The inbox ids of the requests behind `refs`. */
export async function inboxIdsOf(store: Store, refs: readonly string[]): Promise<number[]> {
  if (!(await hasTable(store, 'ticket_refs'))) return [];
  const ids: number[] = [];
  for (const ref of refs)
    for (const row of await store.all('SELECT inbox_id FROM ticket_refs WHERE ref = ?', ref))
      ids.push(Number(row.inbox_id));
  return ids;
}

/** One change to the store, as the erasure plan lists it. */
export type StoreErasure =
  | { kind: 'forget-thread'; ref: string; title: string }
  | { kind: 'empty-mail'; id: number }
  | { kind: 'rewrite-mail'; id: number; raw: Buffer }
  | { kind: 'forget-file'; id: string; table: 'mail_attachments' | 'form_uploads' }
  | { kind: 'rewrite-inbox'; id: number; payload: string }
  | { kind: 'rewrite-job'; id: number; payload: string }
  | { kind: 'forget-automatic-mail'; address: string }
  /** The comment the requester added to their satisfaction rating (the rating itself is not personal). */
  | { kind: 'forget-satisfaction-comment'; ref: string }
  /** A reply held on their ticket or to them: its text and their address go with it. */
  | { kind: 'forget-held-reply'; key: string }
  /** A reply held on someone else's ticket with them in copy: kept for its recipient, without them. */
  | { kind: 'rewrite-held-reply'; key: string; draft: string };

/** Applies the store's part of an erasure in one transaction. */
export async function applyStoreErasures(store: Store, erasures: readonly StoreErasure[]): Promise<void> {
  await store.transaction(async () => {
    for (const erasure of erasures) {
      switch (erasure.kind) {
        case 'forget-thread':
          await store.run(
            "UPDATE mail_threads SET requester = '', name = '', cc = '[]', title = ? WHERE ref = ?",
            erasure.title,
            erasure.ref,
          );
          // What the agents' replies told them (it names them): the follow page shows them no more.
          if (await hasTable(store, 'mail_replies'))
            await store.run('DELETE FROM mail_replies WHERE ref = ?', erasure.ref);
          break;
        case 'forget-held-reply':
          await store.run('DELETE FROM held_replies WHERE key = ?', erasure.key);
          break;
        case 'rewrite-held-reply':
          await store.run('UPDATE held_replies SET draft = ? WHERE key = ?', erasure.draft, erasure.key);
          break;
        case 'empty-mail':
          // The row stays, emptied: its dedupe key keeps a redelivered copy from becoming a new ticket.
          await store.run(
            'UPDATE mail_inbound SET raw = ?, size = 0, detail = NULL WHERE id = ?',
            Buffer.alloc(0),
            erasure.id,
          );
          break;
        case 'rewrite-mail':
          await store.run(
            'UPDATE mail_inbound SET raw = ?, size = ? WHERE id = ?',
            erasure.raw,
            erasure.raw.length,
            erasure.id,
          );
          break;
        case 'forget-file':
          if (erasure.table === 'mail_attachments')
            await store.run('DELETE FROM mail_attachments WHERE file_id = ?', erasure.id);
          else await store.run('DELETE FROM form_uploads WHERE id = ?', erasure.id);
          break;
        case 'rewrite-inbox':
          await store.run('UPDATE inbox SET payload = ? WHERE id = ?', erasure.payload, erasure.id);
          break;
        case 'rewrite-job':
          await store.run('UPDATE jobs SET payload = ? WHERE id = ?', erasure.payload, erasure.id);
          break;
        case 'forget-satisfaction-comment':
          // The note's text goes too: the next note written for this ticket is rebuilt without it.
          if (await hasTable(store, 'satisfaction'))
            await store.run(
              'UPDATE satisfaction SET comment = NULL, note_text = NULL WHERE ref = ?',
              erasure.ref,
            );
          break;
        case 'forget-automatic-mail':
          if (await hasTable(store, 'mail_automatic'))
            await store.run('DELETE FROM mail_automatic WHERE lower(address) = ?', erasure.address);
          break;
      }
    }
  });
}

/** Tickets whose requester the store still knows (not erased yet), with their issue. */
export async function rememberedTickets(
  store: Store,
): Promise<{ requester: string; issueNumber: number; repository?: string }[]> {
  if (!(await hasTable(store, 'mail_threads')) || !(await hasTable(store, 'ticket_refs'))) return [];
  return (
    await store.all(
      `SELECT t.requester, r.issue_number, ${await repositoryColumn(store)} AS repository
         FROM mail_threads t JOIN ticket_refs r ON r.ref = t.ref
        WHERE t.requester <> '' AND r.issue_number IS NOT NULL ORDER BY repository, r.issue_number`,
    )
  ).map((row) => ({
    requester: String(row.requester),
    issueNumber: Number(row.issue_number),
    ...(typeof row.repository === 'string' && row.repository !== '' ? { repository: row.repository } : {}),
  }));
}
