// Erases one requester: plans every change first (GitHub issues and comments that quote them, the
// store's threads, mail, requests, finished jobs and held replies, the files they sent), then applies the plan, or only
// prints it with dryRun. What cannot be changed is said: GitHub keeps the edit history of every issue
// and comment edited here, and only a person on github.com (or GitHub Support) can delete it. The
// agents' `/erase` command calls the same function with `ticket`. A requester's tickets may live in several
// repositories of the desk (confidential queues): each issue is read and edited in its own.

import fs from 'node:fs';
import type { BotContext } from '../context.ts';
import { storedAttachmentPath } from '../store/attachment-files.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { redactText, type Requester } from './redact-text.ts';
import {
  applyStoreErasures,
  inboxIdsOf,
  requesterRecords,
  requesterTexts,
  type StoreErasure,
} from './requester-records.ts';

export interface EraseOptions {
  /** Only this ticket (the issue number), as the agents' `/erase` asks. */
  ticket?: number;
  /** The repository of `ticket` (default: the tracker's, the desk's default repository). */
  repository?: string;
  /** Plan and report, change nothing. */
  dryRun?: boolean;
}

export type GithubErasure =
  | { kind: 'edit-issue'; repository: string; number: number; title: string; body: string }
  | { kind: 'edit-comment'; repository: string; number: number; id: number; body: string };

export interface ErasureReport {
  /** What was changed (or, with dryRun, would be), one line each. */
  changed: string[];
  /** What repodesk cannot change, and how a person can. */
  cannotChange: string[];
}

/** `tracker`: the desk's default repository (the others are reached through its `forRepository`). */
export type EraseContext = Pick<BotContext, 'store' | 'tracker'> & { dataDir: string };

const sameRepository = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** GitHub's own words for deleting a revision, for the report. */
const editHistoryNote =
  'GitHub keeps the earlier text in the edit history of each of these issues and comments ("edited" menu, shown to anyone who can see the issue). ' +
  'Delete each earlier revision on github.com: open the "edited" menu, select the revision, then "Delete revision from history" ' +
  '(the author or anyone with write access to the repository may; one revision at a time, no API), or ask GitHub Support to purge them.';

export async function eraseRequester(
  context: EraseContext,
  email: string,
  options: EraseOptions = {},
): Promise<ErasureReport> {
  const address = email.trim().toLowerCase();
  const records = await requesterRecords(context.store, address);
  const own = context.tracker.repository;
  const trackerOf = (repository: string) =>
    sameRepository(repository, own) ? context.tracker : context.tracker.forRepository(repository);
  const ticketRepository = options.repository ?? own;
  const threads =
    options.ticket === undefined
      ? records.threads
      : records.threads.filter(
          (thread) =>
            thread.issueNumber === options.ticket &&
            sameRepository(thread.repository ?? own, ticketRepository),
        );
  const refs = new Set(threads.map((thread) => thread.ref));
  const requester: Requester = { email: address, names: [...new Set(threads.map((thread) => thread.name))] };

  // The plan: GitHub first (what agents see), then the store and the files.
  const github = await planGithub(
    trackerOf,
    threads.flatMap((thread) =>
      thread.issueNumber === null
        ? []
        : [{ repository: thread.repository ?? own, number: thread.issueNumber }],
    ),
    requester,
  );
  // An issue of the default repository is named as before (#N); one of another repository in full.
  const issueName = (erasure: GithubErasure) =>
    sameRepository(erasure.repository, own)
      ? `#${erasure.number}`
      : `${erasure.repository}#${erasure.number}`;
  const store: StoreErasure[] = threads.flatMap((thread): StoreErasure[] => [
    { kind: 'forget-thread', ref: thread.ref, title: redactText(thread.title, requester) },
    { kind: 'forget-satisfaction-comment', ref: thread.ref },
  ]);
  const mail = records.mail.filter(
    (message) => options.ticket === undefined || (message.ref !== null && refs.has(message.ref)),
  );
  for (const message of mail) store.push({ kind: 'empty-mail', id: message.id });
  // Someone else's mail that names them keeps its text, without their address (bytes kept as they were).
  const mentions = options.ticket === undefined ? records.mentions : [];
  for (const message of mentions)
    store.push({
      kind: 'rewrite-mail',
      id: message.id,
      // ASCII in place of the address: the message's own charset is never broken.
      raw: Buffer.from(
        message.raw.toString('latin1').replace(new RegExp(escapeRegExp(address), 'gi'), '[erased]'),
        'latin1',
      ),
    });
  const files = records.files.filter((file) => refs.has(file.ref) || options.ticket === undefined);
  for (const file of files) store.push({ kind: 'forget-file', id: file.id, table: file.table });
  const texts = await requesterTexts(
    context.store,
    address,
    await inboxIdsOf(context.store, [...refs]),
    options.ticket === undefined ? undefined : [...refs],
  );
  for (const row of texts.inbox) {
    const payload = redactJson(row.payload, requester);
    if (payload !== row.payload) store.push({ kind: 'rewrite-inbox', id: row.id, payload });
  }
  for (const row of texts.jobs) {
    const payload = redactJson(row.payload, requester);
    if (payload !== row.payload) store.push({ kind: 'rewrite-job', id: row.id, payload });
  }
  if (options.ticket === undefined) store.push({ kind: 'forget-automatic-mail', address });
  // Replies held by the collision guard: one to them goes (its text was for them, and it can no longer be
  // sent); one to someone else with them in copy stays for its recipient, without them.
  const held = records.heldReplies.filter((reply) => options.ticket === undefined || refs.has(reply.ref));
  const heldForgotten = held.filter((reply) => reply.addressed === 'to');
  const heldRewritten = held.filter((reply) => reply.addressed === 'cc');
  for (const reply of heldForgotten) store.push({ kind: 'forget-held-reply', key: reply.key });
  for (const reply of heldRewritten) {
    const cc = reply.draft.mail.cc.filter((copy) => copy.toLowerCase() !== address);
    const draft = JSON.stringify({ ...reply.draft, mail: { ...reply.draft.mail, cc } });
    store.push({ kind: 'rewrite-held-reply', key: reply.key, draft: redactJson(draft, requester) });
  }

  const changed = [
    ...github.map((erasure) =>
      erasure.kind === 'edit-issue'
        ? `GitHub issue ${issueName(erasure)}: title and body redacted`
        : `GitHub issue ${issueName(erasure)}: comment ${erasure.id} redacted`,
    ),
    ...(threads.length > 0
      ? [`store: ${threads.length} tickets forget the requester's address, name and copies`]
      : []),
    ...(mail.length > 0 ? [`store: ${mail.length} inbound mails emptied`] : []),
    ...(mentions.length > 0
      ? [`store: their address removed from ${mentions.length} mails of other people`]
      : []),
    ...(files.length > 0 ? [`files: ${files.length} attachments deleted`] : []),
    ...(heldForgotten.length > 0 ? [`store: ${heldForgotten.length} held replies deleted`] : []),
    ...(heldRewritten.length > 0
      ? [
          `store: their address removed from the copies of ${heldRewritten.length} held replies to other people`,
        ]
      : []),
    ...(texts.inbox.length > 0 ? [`store: ${texts.inbox.length} accepted requests redacted`] : []),
    ...(texts.jobs.length > 0 ? [`store: ${texts.jobs.length} finished jobs redacted`] : []),
  ];
  const cannotChange = [
    ...(github.length > 0 ? [editHistoryNote] : []),
    ...(texts.pendingJobs > 0
      ? [
          `${texts.pendingJobs} jobs still to run name the requester (a mail being sent): run the erasure again once they are done`,
        ]
      : []),
    "Mail already sent (acknowledgements, replies) stays in the mailboxes that received it, the requester's included.",
  ];
  if (options.dryRun) return { changed, cannotChange };

  for (const erasure of github) {
    const tracker = trackerOf(erasure.repository);
    if (erasure.kind === 'edit-issue')
      await tracker.updateIssue(erasure.number, { title: erasure.title, body: erasure.body });
    else await tracker.updateComment(erasure.id, erasure.body);
  }
  await applyStoreErasures(context.store, store);
  for (const file of files) {
    const stored = storedAttachmentPath(context.dataDir, file.id);
    if (stored) fs.rmSync(stored.file, { force: true });
  }
  return { changed, cannotChange };
}

async function planGithub(
  trackerOf: (repository: string) => Tracker,
  issues: readonly { repository: string; number: number }[],
  requester: Requester,
): Promise<GithubErasure[]> {
  const plan: GithubErasure[] = [];
  for (const { repository, number } of issues) {
    const tracker = trackerOf(repository);
    const issue = await tracker.getIssue(number);
    const title = redactText(issue.title, requester);
    const body = redactText(issue.body, requester);
    if (title !== issue.title || body !== issue.body)
      plan.push({ kind: 'edit-issue', repository, number, title, body });
    for (const comment of await tracker.listComments(number)) {
      const redacted = redactText(withoutSurveyComment(comment.body), requester);
      if (redacted !== comment.body)
        plan.push({ kind: 'edit-comment', repository, number, id: comment.id, body: redacted });
    }
  }
  return plan;
}

/**
 * A satisfaction note (outbound/satisfaction-note-job.ts: its marker line, the rating line, then the
 * customer's comment) keeps its rating and loses the comment, which is the requester's own words.
 */
function withoutSurveyComment(body: string): string {
  if (!body.startsWith('<!-- repodesk:satisfaction ')) return body;
  return body.split('\n').slice(0, 2).join('\n');
}

/** Redacts the strings of a stored JSON payload (keeps it valid JSON). */
function redactJson(payload: string, requester: Requester): string {
  try {
    const value: unknown = JSON.parse(payload);
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return redactText(node, requester);
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object')
        return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
      return node;
    };
    return JSON.stringify(walk(value));
  } catch {
    return redactText(payload, requester);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
