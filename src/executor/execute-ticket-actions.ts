// The bot's executor: applies one ticket's actions (an agent's command, routing of an issue opened on
// GitHub) inside the write budget. The issue's writes go through apply-ticket-actions.ts (each note not
// already on the issue, then one write for labels, state and assignees); the budget is asked for all of
// them first, and when it has no room the job is deferred and nothing is written. Mail is queued through
// the outbox exactly once by its key, and what the store keeps (requester, copies, blocked senders) is
// recorded in the transaction that completes the job. An erasure (`/erase`) is applied by ../privacy/ first.

import type { BotContext } from '../context.ts';
import { formAddressIsRobot } from '../mail/robot-check.ts';
import { queueAcknowledgement } from '../outbound/acknowledgement.ts';
import { recipientsOf } from '../outbound/recipients.ts';
import { newReference } from '../store/reference.ts';
import { sendMailJobKind, type SendMailPayload } from '../outbound/send-mail-job.ts';
import { eraseRequester } from '../privacy/erase-requester.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { TicketMail } from '../tickets/ticket-mail.ts';
import type { JobOutcome, JobRunContext } from '../worker/worker.ts';
import { applyTicketActions, writesNeeded } from './apply-ticket-actions.ts';
import type { IssueState } from './issue-write.ts';

/** The markers of `actions`' comments that repodesk already posted on issue `number`. */
async function postedMarkers(
  bot: BotContext,
  number: number,
  actions: readonly TicketAction[],
): Promise<Set<string>> {
  const markers = actions.flatMap((action) => (action.kind === 'comment' ? [action.marker] : []));
  if (markers.length === 0) return new Set();
  const logins = await bot.tracker.repodeskLogins();
  const ours = (await bot.tracker.listComments(number)).filter((comment) => logins.includes(comment.author));
  return new Set(markers.filter((marker) => ours.some((comment) => comment.body.includes(marker))));
}

/** Adds and removes copies (CC) of ticket `ref`'s mail thread (started from its recipients when it has none). */
async function changeCopies(
  bot: BotContext,
  ref: string,
  add: readonly string[],
  remove: readonly string[],
): Promise<void> {
  const { mailStore } = bot.mail;
  const thread = await mailStore.thread(ref);
  const recipients = thread ? undefined : await recipientsOf(bot, ref);
  const base = thread ?? (recipients && { ref, requester: recipients.to, ...recipients });
  if (!base) return;
  const removed = new Set(remove.map((address) => address.toLowerCase()));
  const cc = [...new Set([...base.cc, ...add].map((address) => address.toLowerCase()))].filter(
    (address) => !removed.has(address),
  );
  await mailStore.saveThread({
    ref,
    requester: base.requester,
    name: base.name,
    cc,
    lang: base.lang,
    title: base.title,
  });
}

/**
 * Makes `action`'s address the requester of issue `number`'s ticket: its mail thread (copies kept), under a
 * reference recorded first when the issue has none (opened on GitHub: no inbox entry, `inboxId` 0), and the
 * acknowledgement queued when asked.
 */
async function setRequester(
  bot: BotContext,
  number: number,
  action: Extract<TicketAction, { kind: 'set-requester' }>,
  now: number,
): Promise<void> {
  let ref = (await bot.refs.byIssueNumber(number))?.ref;
  if (ref === undefined) {
    ref = newReference();
    await bot.refs.add({ ref, inboxId: 0, lang: action.lang, createdAt: now });
    await bot.refs.setIssueNumber(ref, number);
  }
  const thread = await bot.mail.mailStore.thread(ref);
  const cc = (thread?.cc ?? (await recipientsOf(bot, ref))?.cc ?? []).filter(
    (address) => address.toLowerCase() !== action.email,
  );
  const title = thread?.title ?? action.title;
  const lang = thread?.lang ?? action.lang;
  await bot.mail.mailStore.saveThread({ ref, requester: action.email, name: action.name, cc, lang, title });
  if (!action.acknowledge) return;
  await queueAcknowledgement(bot, {
    ref,
    lang,
    address: action.email,
    name: action.name,
    title,
    text: title,
    automated: formAddressIsRobot(action.email, bot.rules.current.desk.mail.address),
    now,
  });
}

/** Queues `mail` through the outbox once by its key, and keeps what the customer's follow page shows of it. */
async function queueMail(bot: BotContext, mail: TicketMail, now: number): Promise<void> {
  if (await bot.mail.mailStore.wasSent(mail.key)) return;
  const { shown, ...payload } = mail satisfies SendMailPayload & { shown?: string };
  await bot.jobs.enqueue(sendMailJobKind, payload, now);
  // Kept as queued, whatever becomes of the mail: the follow page is where the customer still reads it.
  if (shown !== undefined)
    await bot.mail.mailStore.keepReply({
      key: payload.key,
      ref: payload.ref,
      lang: payload.lang,
      text: shown,
      at: now,
    });
}

/** Records the actions that are not the issue's (mail to queue, what the store keeps) for issue `number`. */
async function recordOutsideIssue(
  bot: BotContext,
  number: number,
  actions: readonly TicketAction[],
  now: number,
): Promise<void> {
  for (const action of actions) {
    switch (action.kind) {
      case 'mail':
        await queueMail(bot, action.mail, now);
        break;
      case 'hold-reply':
        await bot.mail.heldReplies.hold(action.reply, number, now);
        break;
      case 'settle-held-reply': {
        const { heldReplies } = bot.mail;
        const held = (await heldReplies.ofIssue(number)).find((reply) => reply.key === action.key);
        // The conditional update decides: a reply already sent or dropped is left as it is.
        if (!held || !(await heldReplies.settle(action.key, action.state, action.by, now))) break;
        if (action.state === 'sent') await queueMail(bot, held.mail, now);
        break;
      }
      case 'set-cc': {
        const ref = (await bot.refs.byIssueNumber(number))?.ref;
        if (ref !== undefined) await changeCopies(bot, ref, action.add, action.remove);
        break;
      }
      case 'set-requester':
        await setRequester(bot, number, action, now);
        break;
      case 'block-sender':
        await bot.mail.blockedSenders.block(action.address, (await bot.refs.byIssueNumber(number))?.ref, now);
        break;
      case 'merge-into': {
        const sourceRef = (await bot.refs.byIssueNumber(number))?.ref;
        await bot.merges.record({
          sourceIssue: number,
          targetIssue: action.target,
          ...(sourceRef === undefined ? {} : { sourceRef }),
          mergedAt: now,
        });
        break;
      }
      case 'unmerge':
        await bot.merges.remove(number);
        break;
      default:
        break;
    }
  }
}

/** One issue's share of the actions, against that issue as read, with our notes already on it. */
interface IssuePart {
  number: number;
  issue: IssueState;
  actions: readonly TicketAction[];
  posted: Set<string>;
}

/** The actions on other issues than the ticket's own, grouped by issue, in the order first named. */
function otherIssues(actions: readonly TicketAction[]): Map<number, TicketAction[]> {
  const others = new Map<number, TicketAction[]>();
  for (const action of actions)
    if (action.kind === 'other-issue')
      others.set(action.number, [...(others.get(action.number) ?? []), ...action.actions]);
  return others;
}

/** Runs `work` in the turn of every issue of `numbers` (taken in ascending order), one after the other. */
function inTurnOf<T>(bot: BotContext, numbers: readonly number[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...numbers].sort((a, b) => a - b);
  if (first === undefined) return work();
  return bot.issueLocks.run(first, () => inTurnOf(bot, rest, work));
}

/**
 * Applies `actions` to issue `number` as it was read (`issue`), and those naming another issue to that
 * issue, read again in its turn: the writes inside the budget (else the job is deferred, nothing written),
 * the rest when the job completes.
 */
export async function executeTicketActions(
  bot: BotContext,
  context: JobRunContext,
  number: number,
  issue: IssueState,
  actions: readonly TicketAction[],
): Promise<JobOutcome> {
  if (actions.length === 0) return { status: 'done', note: 'nothing to change' };
  const others = otherIssues(actions);
  // The handler holds this issue's turn already: waiting for it again would never end.
  if (others.has(number)) throw new Error(`an other-issue action names issue #${number}, the ticket's own`);
  return inTurnOf(bot, [...others.keys()], async () => {
    const parts: IssuePart[] = [
      { number, issue, actions, posted: await postedMarkers(bot, number, actions) },
    ];
    for (const [other, otherActions] of others)
      parts.push({
        number: other,
        issue: await bot.tracker.getIssue(other),
        actions: otherActions,
        posted: await postedMarkers(bot, other, otherActions),
      });
    return executeParts(bot, context, parts, actions);
  });
}

async function executeParts(
  bot: BotContext,
  context: JobRunContext,
  parts: readonly IssuePart[],
  actions: readonly TicketAction[],
): Promise<JobOutcome> {
  const { number } = parts[0]!;
  const writes = parts.reduce((sum, part) => sum + writesNeeded(part.issue, part.actions, part.posted), 0);
  if (writes > 0) {
    const budget = await bot.budget.take(context.now, writes);
    if (!budget.granted)
      return { status: 'defer', until: budget.retryAt, reason: 'write budget', holdTracker: true };
  }
  // An erasure (an agent's `/erase`) edits the issue and its comments before the note saying so is posted;
  // run again after a crash, it finds nothing left to change.
  for (const action of actions)
    if (action.kind === 'erase-requester') {
      // In a confidential queue `bot.tracker` is the queue's: the erasure is given the desk's default one
      // and the ticket's repository, as the store names issues of other repositories.
      const own = bot.config.repository;
      const deskTracker =
        own === undefined || own.toLowerCase() === bot.tracker.repository.toLowerCase()
          ? bot.tracker
          : bot.tracker.forRepository(own);
      const report = await eraseRequester(
        { store: bot.store, tracker: deskTracker, dataDir: bot.config.dataDir },
        action.email,
        { ticket: number, repository: bot.tracker.repository },
      );
      context.log.info('requester erased from ticket', { issue: number, changes: report.changed.length });
    }
  let sent = 0;
  for (const part of parts)
    sent += await applyTicketActions(
      bot.tracker,
      part.number,
      part.issue,
      part.actions,
      part.posted,
      bot.rules.version?.version,
      { changes: bot.labelChanges, at: context.now },
    );
  const queuesMail = actions.some(
    (action) => action.kind === 'mail' || (action.kind === 'settle-held-reply' && action.state === 'sent'),
  );
  context.log.info('ticket actions applied', { issue: number, actions: actions.length, writes: sent });
  return {
    status: 'done',
    recordEffect: async () => {
      await recordOutsideIssue(bot, number, actions, context.now);
      if (queuesMail) bot.wakeWorker();
    },
  };
}
