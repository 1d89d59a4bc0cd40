// `repodesk privacy export`: everything repodesk holds about one requester, as one .tar.gz a person can
// open: requester.json (their tickets with the public thread GitHub holds, their mail in the store, the
// files attached, the replies written to them but held unsent by the collision guard, what is not held and
// why), mail/<id>.eml (each inbound message as received) and
// files/<n>-<name> (each attachment). Internal notes are the desk's, not the requester's: left out.
// Each ticket's issue is read in its own repository (confidential queues: desk.yaml's `repositories`).
// The archive is built from memory with `tar` (no copy of their data in a temporary folder) and written
// once, readable by its owner only, never over an existing file.

import fs from 'node:fs';
import { Writable } from 'node:stream';
import { create, WriteEntry } from 'tar';
import { openSatisfactionLog } from '../store/satisfaction-log.ts';
import { storedAttachmentPath } from '../store/attachment-files.ts';
import type { Store } from '../store/open-store.ts';
import { customerMessageMarker, publicNoticeMarker, replyCommand } from '../tickets/comment-kind.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { requesterRecords } from './requester-records.ts';

export interface ExportOptions {
  store: Store;
  /**
   * GitHub (the desk's default repository; the others through its `forRepository`), for the tickets'
   * public threads; undefined when no credentials are configured.
   */
  tracker?: Tracker;
  dataDir: string;
  email: string;
  /** The archive to write (a new file; an existing one is refused). */
  out: string;
  now: Date;
}

export interface ExportSummary {
  tickets: number;
  mail: number;
  files: number;
  /** Replies to them the collision guard held, not sent (still held, or dropped). */
  heldReplies: number;
  /** Files the store names that are no longer on disk. */
  missingFiles: number;
}

/** A comment the requester saw or wrote: their messages, the desk's replies and public notices. */
function isPublic(body: string): boolean {
  const text = body.trimStart();
  return (
    text.startsWith(customerMessageMarker) ||
    text.startsWith(publicNoticeMarker) ||
    text === replyCommand ||
    text.startsWith(`${replyCommand} `) ||
    text.startsWith(`${replyCommand}\n`)
  );
}

/** File names from a customer, made safe to write in a folder. */
function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'file';
}

export async function exportRequester(options: ExportOptions): Promise<ExportSummary> {
  const records = await requesterRecords(options.store, options.email);
  if (fs.existsSync(options.out)) throw new Error(`${options.out} exists: give --out a new file`);
  const mtime = options.now;
  const entry = (file: string, body: Uint8Array) =>
    new WriteEntry({ path: file, type: 'File', mode: 0o600, size: body.length, mtime }, body);
  const entries: WriteEntry[] = [
    new WriteEntry({ path: 'mail/', type: 'Directory', mode: 0o700, size: 0, mtime }),
    new WriteEntry({ path: 'files/', type: 'Directory', mode: 0o700, size: 0, mtime }),
  ];

  const ratings = openSatisfactionLog(options.store);
  const tickets = [];
  for (const thread of records.threads) {
    const rated = await ratings.get(thread.ref);
    let github: unknown = null;
    if (thread.issueNumber !== null && options.tracker) {
      const tracker =
        thread.repository === undefined ? options.tracker : options.tracker.forRepository(thread.repository);
      const issue = await tracker.getIssue(thread.issueNumber);
      const comments = await tracker.listComments(thread.issueNumber);
      github = {
        repository: tracker.repository,
        number: issue.number,
        title: issue.title,
        state: issue.state,
        body: issue.body,
        publicThread: comments
          .filter((comment) => isPublic(comment.body))
          .map((comment) => ({ at: comment.createdAt, author: comment.author, body: comment.body })),
      };
    }
    tickets.push({
      reference: thread.ref,
      title: thread.title,
      name: thread.name,
      language: thread.lang,
      cc: thread.cc,
      form: thread.form,
      createdAt: thread.createdAt === null ? null : new Date(thread.createdAt).toISOString(),
      issue: thread.issueNumber,
      github,
      // The satisfaction survey's answer: the last rating clicked, and the comment they added on the site.
      satisfaction: rated
        ? { rating: rated.rating, at: new Date(rated.at).toISOString(), comment: rated.comment ?? null }
        : null,
    });
  }

  const mail = records.mail.map((message) => {
    const file = `mail/${message.id}.eml`;
    entries.push(entry(file, message.raw));
    return {
      file,
      receivedAt: new Date(message.receivedAt).toISOString(),
      state: message.state,
      reference: message.ref,
    };
  });

  let missingFiles = 0;
  const files = records.files.map((stored, index) => {
    const source = storedAttachmentPath(options.dataDir, stored.id);
    const file = `files/${index + 1}-${safeName(stored.name)}`;
    if (source && fs.existsSync(source.file)) {
      entries.push(entry(file, fs.readFileSync(source.file)));
      return { file, name: stored.name, reference: stored.ref };
    }
    missingFiles += 1;
    return { file: null, name: stored.name, reference: stored.ref, note: 'no longer on the bot' };
  });

  // Replies written to them that the collision guard held (../store/held-replies.ts) and that never went
  // out: still held, or dropped. A sent one is in the public thread and their mailbox already.
  const heldReplies = records.heldReplies
    .filter((reply) => reply.state !== 'sent')
    .map((reply) => ({
      reference: reply.ref,
      issue: reply.issueNumber,
      state: reply.state,
      heldAt: new Date(reply.heldAt).toISOString(),
      by: reply.draft.author,
      ...(reply.settledAt === null
        ? {}
        : { settledBy: reply.settledBy, settledAt: new Date(reply.settledAt).toISOString() }),
      addressedAs: reply.addressed === 'to' ? 'recipient' : 'copy',
      language: reply.draft.mail.lang,
      text: reply.draft.mail.shown ?? reply.draft.mail.variables.message ?? '',
      files: (reply.draft.mail.attachments ?? []).map((file) => file.name),
    }));

  const document = {
    requester: options.email,
    exportedAt: options.now.toISOString(),
    tickets,
    mail,
    files,
    heldReplies,
    notHeld: [
      'Help-site feedback and article votes are stored without any address: they cannot be attributed to a person.',
      'Internal notes of the desk on the tickets are left out.',
      ...(options.tracker
        ? []
        : ['GitHub was not reachable (no credentials configured): the tickets list no thread.']),
    ],
  };
  entries.unshift(entry('requester.json', Buffer.from(JSON.stringify(document, null, 2) + '\n')));
  // `wx`: never over a file that appeared meanwhile; 0600: the requester's data, for its owner only.
  await create({ gzip: true }, entries).pipeTo(
    Writable.toWeb(fs.createWriteStream(options.out, { flags: 'wx', mode: 0o600 })),
  );
  return {
    tickets: tickets.length,
    mail: mail.length,
    files: files.length,
    heldReplies: heldReplies.length,
    missingFiles,
  };
}
