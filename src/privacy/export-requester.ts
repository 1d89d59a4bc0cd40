// `repodesk privacy export`: everything repodesk holds about one requester, as a folder a person can
// read: requester.json (their tickets with the public thread GitHub holds, their mail in the store, the
// files attached, what is not held and why), mail/<id>.eml (each inbound message as received) and
// files/<ref>-<name> (each attachment). Internal notes are the desk's, not the requester's: left out.

import fs from 'node:fs';
import path from 'node:path';
import { storedAttachmentPath } from '../store/attachment-files.ts';
import type { Store } from '../store/open-store.ts';
import { customerMessageMarker, publicNoticeMarker, replyCommand } from '../tickets/comment-kind.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { requesterRecords } from './requester-records.ts';

export interface ExportOptions {
  store: Store;
  /** GitHub, for the tickets' public threads; undefined when no credentials are configured. */
  tracker?: Tracker;
  dataDir: string;
  email: string;
  /** The folder to write (created; must be empty or absent). */
  out: string;
  now: Date;
}

export interface ExportSummary {
  tickets: number;
  mail: number;
  files: number;
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
  if (fs.existsSync(options.out) && fs.readdirSync(options.out).length > 0)
    throw new Error(`${options.out} is not empty: give --out a new folder`);
  fs.mkdirSync(path.join(options.out, 'mail'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(options.out, 'files'), { recursive: true, mode: 0o700 });

  const tickets = [];
  for (const thread of records.threads) {
    let github: unknown = null;
    if (thread.issueNumber !== null && options.tracker) {
      const issue = await options.tracker.getIssue(thread.issueNumber);
      const comments = await options.tracker.listComments(thread.issueNumber);
      github = {
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
    });
  }

  const mail = records.mail.map((message) => {
    const file = `mail/${message.id}.eml`;
    fs.writeFileSync(path.join(options.out, file), message.raw, { mode: 0o600 });
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
      fs.copyFileSync(source.file, path.join(options.out, file));
      return { file, name: stored.name, reference: stored.ref };
    }
    missingFiles += 1;
    return { file: null, name: stored.name, reference: stored.ref, note: 'no longer on the bot' };
  });

  const document = {
    requester: options.email,
    exportedAt: options.now.toISOString(),
    tickets,
    mail,
    files,
    notHeld: [
      'Help-site feedback and ratings are stored without any address: they cannot be attributed to a person.',
      'Internal notes of the desk on the tickets are left out.',
      ...(options.tracker
        ? []
        : ['GitHub was not reachable (no credentials configured): the tickets list no thread.']),
    ],
  };
  fs.writeFileSync(path.join(options.out, 'requester.json'), JSON.stringify(document, null, 2) + '\n', {
    mode: 0o600,
  });
  return { tickets: tickets.length, mail: mail.length, files: files.length, missingFiles };
}
