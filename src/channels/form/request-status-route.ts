// GET /api/requests/{ref}?token=…&lang=…: the customer's view of a request, authenticated by the signed
// token alone. It shows the status by its public name and the public thread only (the customer's messages
// and agents' public replies), never internal notes: a `/reply` by someone who may not act for the desk is
// one (classified as the webhook handlers do, tracker/comment-writer.ts). An agent's reply shows the text
// mailed, as the store kept it (never re-rendered from today's canned replies). Before the issue exists, it
// answers from the store.
// Each client address has a budget of calls (the form's numbers), `lang` is one of the desk's languages,
// and what is read from GitHub is shared per issue for a short while (ticket-read-cache.ts), so one valid
// link replayed in a loop cannot spend the desk's GitHub quota.

import type { Submission } from '../../forms/submission-schema.ts';
import { customerWords } from '../../intake/customer-words.ts';
import type { KeptReply } from '../../store/mail-store.ts';
import { replyMailKey } from '../../tickets/reply-mail-key.ts';
import { findAgent } from '../../rules/agents.ts';
import type { Rules, StatusId } from '../../rules/types.ts';
import {
  commentKind,
  customerMessageMarker,
  type CommentWriter,
  publicNoticeMarker,
  replyCommand,
} from '../../tickets/comment-kind.ts';
import { parseReference } from '../../store/reference.ts';
import { commentWriter } from '../../tracker/comment-writer.ts';
import { verifyStatusToken } from '../../store/status-token.ts';
import { viaReferenceOf } from '../../tickets/markers.ts';
import type { BotContext } from '../../context.ts';
import { HttpError, tooManyRequests, type HttpAnswer } from '../../http/http-answer.ts';
import type { Route } from '../../http/http-server.ts';
import { issueKey, type TicketRead } from '../../tracker/ticket-read-cache.ts';
import type { Tracker } from '../../tracker/tracker.ts';
import { statusOfIssue } from '../../tickets/status-of-issue.ts';

/** One message of the public thread (the help site's "follow my request" page reads this shape). */
export interface PublicMessage {
  /** `agent` for an agent's public reply and for notices the desk sent. */
  from: 'customer' | 'agent';
  /** The agent's name when the desk shows agent names, else the desk's name; empty for the customer. */
  author: string;
  text: string;
  at: string;
}

export interface RequestStatus {
  ref: string;
  /** Status id (`new`, `open`, `pending`…). */
  status: StatusId;
  /** Its public name in the requested language. */
  statusName: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** False until GitHub has the issue (it is queued). */
  recorded: boolean;
  messages: PublicMessage[];
}

function localised(names: Record<string, string>, lang: string, rules: Rules): string {
  const first = rules.desk.languages[0] ?? '';
  if (Object.hasOwn(names, lang)) return names[lang] ?? '';
  return (Object.hasOwn(names, first) ? names[first] : Object.values(names)[0]) ?? '';
}

function stripMarkers(body: string): string {
  let text = body.trimStart();
  for (const marker of [customerMessageMarker, publicNoticeMarker])
    if (text.startsWith(marker)) text = text.slice(marker.length);
  if (text.startsWith(replyCommand)) text = text.slice(replyCommand.length);
  return text.replace(/<!--[\s\S]*?-->/g, '').trim();
}

/**
 * Reads what the customer's view needs of issue `number` from GitHub (three requests at most, plus one per
 * MEMBER or COLLABORATOR author of a command whose role the tracker does not hold yet).
 */
async function readTicket(bot: BotContext, tracker: Tracker, number: number): Promise<TicketRead> {
  const [issue, comments, logins] = await Promise.all([
    tracker.getIssue(number),
    tracker.listComments(number),
    tracker.repodeskLogins(),
  ]);
  // Every account repodesk writes as is repodesk's (the bot, and the Actions workflow posting the sweep's
  // notices); a `/reply` is the desk's only from someone who may act for it.
  const desk = {
    agentLogins: bot.rules.current.teams.agents.map((agent) => agent.login),
    repodeskLogins: logins,
    tracker,
  };
  const writers = new Map<number, CommentWriter>();
  for (const comment of comments) {
    const author = { login: comment.author, association: comment.association };
    writers.set(comment.id, await commentWriter({ body: comment.body, author }, desk));
  }
  return { issue, comments, logins, writers };
}

/**
 * The customer's view of an issue: its status and public thread. A customer message that came through a
 * reference merged into it (`/merge`) is that reference's requester's: shown on their page only. `merged`:
 * the issue is the one `ref`'s ticket was merged into, where only its requester's own messages and the
 * agents' replies mailed to them count. An agent's `/reply` shows what was mailed, as the store kept it when
 * the mail was queued (`replies`, by outbox key; rendered, in the language it was sent in), never the command
 * read again against today's rules; a `/reply` that queued no mail (refused, held) shows nothing.
 */
function fromTracker(
  bot: BotContext,
  ref: string,
  replies: ReadonlyMap<string, KeptReply>,
  read: TicketRead,
  lang: string,
  merged = false,
): RequestStatus {
  const { issue, comments, writers } = read;
  const rules = bot.rules.current;
  const status = statusOfIssue(issue, rules);
  const deskName = localised(rules.desk.name, lang, rules);
  const thread: PublicMessage[] = [];
  for (const comment of comments) {
    const kind = commentKind(comment.body, writers.get(comment.id) ?? 'other');
    const via = kind === 'customer-message' ? viaReferenceOf(comment.body) : undefined;
    if (kind === 'customer-message' && (merged ? via !== ref : via !== undefined && via !== ref)) continue;
    // The desk's notices there were written for that ticket's own requester (their name, their dates).
    if (merged && kind === 'bot-public') continue;
    if (kind === 'customer-message')
      // The mail as the customer wrote it, not the escaped Markdown that keeps it inert on GitHub.
      thread.push({
        from: 'customer',
        author: '',
        text: customerWords(stripMarkers(comment.body)),
        at: comment.createdAt,
      });
    else if (kind === 'agent-reply') {
      const author = rules.desk.privacy.showAgentNames
        ? (findAgent(rules, comment.author)?.name ?? deskName)
        : deskName;
      // The reply mailed to a merged ticket's requester is kept under their own reference's key.
      const kept = replies.get(merged ? `${replyMailKey(comment.id)}:${ref}` : replyMailKey(comment.id));
      if (kept)
        thread.push({
          from: 'agent',
          author,
          text: kept.text.replace(/<!--[\s\S]*?-->/g, '').trim(),
          at: comment.createdAt,
        });
    } else if (kind === 'bot-public')
      thread.push({
        from: 'agent',
        author: deskName,
        text: stripMarkers(comment.body),
        at: comment.createdAt,
      });
  }
  return {
    ref,
    status,
    statusName: localised(rules.desk.statuses[status].name, lang, rules),
    title: issue.title,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    recorded: true,
    messages: thread,
  };
}

async function fromStore(
  bot: BotContext,
  ref: string,
  inboxId: number,
  lang: string,
  createdAt: number,
): Promise<RequestStatus> {
  const rules = bot.rules.current;
  const submission = (await bot.inbox.get(inboxId))?.payload as Submission | undefined;
  const form = submission ? rules.forms[submission.form] : undefined;
  const text = (id: string | undefined) => {
    const value = id === undefined ? undefined : submission?.fields[id];
    return typeof value === 'string' ? value : '';
  };
  const description = text(form?.repodesk.descriptionField);
  const at = new Date(createdAt).toISOString();
  return {
    ref,
    status: 'new',
    statusName: localised(rules.desk.statuses.new.name, lang, rules),
    title: text(form?.repodesk.subjectField),
    createdAt: at,
    updatedAt: at,
    recorded: false,
    messages: description ? [{ from: 'customer', author: '', text: description, at }] : [],
  };
}

/** The `lang` asked for: absent (the request's own language) or one of the desk's; else 400 naming them. */
function askedLanguage(searchParams: URLSearchParams, rules: Rules): string | undefined {
  const asked = searchParams.get('lang');
  if (asked === null) return undefined;
  const languages = rules.desk.languages;
  if (languages.includes(asked)) return asked;
  const shown = asked.length > 20 ? `${asked.slice(0, 20)}…` : asked;
  throw new HttpError(400, {
    error: `unsupported language "${shown}" in lang: expected one of ${languages.join(', ')}, or no lang for the request's own language`,
    languages,
  });
}

async function requestStatus(context: Parameters<Route['handle']>[0], bot: BotContext): Promise<HttpAnswer> {
  // Counted before anything else: a caller guessing references or tokens pays for every try.
  const limited = await bot.statusLimiter.take(context.ip, context.now);
  if (!limited.allowed) throw tooManyRequests(limited.retryAfterMs);
  const asked = askedLanguage(context.url.searchParams, bot.rules.current);
  const ref = parseReference(context.params.ref ?? '');
  const token = context.url.searchParams.get('token') ?? '';
  const unknown: HttpAnswer = { status: 404, json: { error: 'unknown reference or token' } };
  // The signature alone authenticates: no lookup for a forged token.
  if (!ref || !verifyStatusToken(bot.statusSecret, ref, token)) return unknown;
  const record = await bot.refs.get(ref);
  if (!record) return unknown;
  const lang = asked ?? record.lang;
  // The request as the customer wrote it opens the thread (the issue body is for agents, not a message).
  const stored = await fromStore(bot, ref, record.inboxId, lang, record.createdAt);
  const { issueNumber } = record;
  if (issueNumber === undefined) return { status: 200, json: stored };
  // What the agents' replies told the customer, read once (the store is not read per comment).
  const replies = await bot.mail.mailStore.keptReplies(ref);
  // A ticket merged into another (`/merge`) continues there: that issue's status and replies from then on.
  const merge = await bot.merges.ofSourceRef(ref);
  const answer = (read: TicketRead, target: TicketRead | undefined): RequestStatus => {
    const fetched = fromTracker(bot, ref, replies, read, lang);
    const own = { ...fetched, messages: [...stored.messages, ...fetched.messages] };
    if (!merge || !target) return own;
    return continuedOn(own, fromTracker(bot, ref, replies, target, lang, true), merge.mergedAt);
  };
  // A confidential queue's ticket is read in its own repository; a merge stays within one repository.
  const tracker = bot.tracker.forRepository(record.repository ?? bot.tracker.repository);
  const keyOf = (number: number) => issueKey(tracker.repository, number);
  const readOf = (number: number) =>
    bot.ticketReads.get(keyOf(number), context.now, () => readTicket(bot, tracker, number));
  try {
    const read = await readOf(issueNumber);
    return { status: 200, json: answer(read, merge && (await readOf(merge.targetIssue))) };
  } catch (error) {
    context.log.warn('status read from GitHub failed; answering from the store', { error });
    const last = bot.ticketReads.last(keyOf(issueNumber));
    const target = merge && bot.ticketReads.last(keyOf(merge.targetIssue));
    return { status: 200, json: { ...(last ? answer(last, target) : stored), stale: true } };
  }
}

/**
 * A merged request as its customer follows it: its own thread, then the desk's replies and their own
 * messages on the ticket it was merged into from the merge on (never that ticket's earlier thread, nor its
 * other requester's messages), under that ticket's status.
 */
function continuedOn(own: RequestStatus, target: RequestStatus, mergedAt: number): RequestStatus {
  // GitHub's times are to the second: a reply in the second of the merge counts as after it.
  const since = Math.floor(mergedAt / 1000) * 1000;
  const replies = target.messages.filter((message) => Date.parse(message.at) >= since);
  return {
    ...own,
    status: target.status,
    statusName: target.statusName,
    updatedAt: target.updatedAt > own.updatedAt ? target.updatedAt : own.updatedAt,
    messages: [...own.messages, ...replies],
  };
}

export function requestStatusRoute(bot: BotContext): Route {
  return {
    method: 'GET',
    path: '/api/requests/:ref',
    cors: true,
    handle: (context) => requestStatus(context, bot),
  };
}
