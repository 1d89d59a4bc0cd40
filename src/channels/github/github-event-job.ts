// Applies one queued webhook delivery: reads it from the inbox and hands it to the handlers listed for its
// event and action (handlers/index.ts), after the checks they all need, made once here: the event is about
// an issue (not a pull request); repodesk did not cause it (no loops), except for the handlers of what
// repodesk posts (a lifecycle notice the sweep posted is mailed); and for a comment, who wrote it. Only a
// comment some handler wants costs that question (commentWriter: at most one request, for a MEMBER or
// COLLABORATOR's command). A command whose author may not act for the desk stays an ordinary comment on
// the issue (agents see it there as a note): nothing is mailed or changed, no answer is posted (an
// outsider could otherwise spend the desk's write budget), and the refusal is logged without the
// comment's text and counted in /metrics. A delivery is queued once per comment (webhook-route.ts), so
// every handler runs once per comment whatever delivery brings it.

import type { BotContext } from '../../context.ts';
import { labelChangesOf } from '../../store/label-changes.ts';
import { commentWriter } from '../../tracker/comment-writer.ts';
import type { JobKind, JobOutcome, JobRunContext } from '../../worker/worker.ts';
import { eventKey, parseGithubEvent, type GithubEvent } from './github-event.ts';
import { webhookHandlers } from './handlers/index.ts';
import type {
  CommentEvent,
  CommentHandler,
  IssueEvent,
  IssueHandler,
  WebhookHandlers,
} from './handlers/webhook-handler.ts';

/** The job that applies a queued delivery. */
export const githubEventJobKind = 'github-event';

export interface GithubEventJobPayload {
  inboxId: number;
  event: string;
  deliveryId: string;
}

const sameRepository = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The context an event of `repository` is handled in: the bot's own for its repository (or an event that
 * names none); for another of the desk's repositories (a confidential queue), its tracker, and its
 * references, merges, held replies and label changes (issue numbers are per repository); undefined for a repository desk.yaml does not list (an
 * App installed on a whole organisation hears of every repository: their issue #N is not the desk's).
 */
function queueContext(bot: BotContext, repository: string | undefined): BotContext | undefined {
  if (repository === undefined || sameRepository(repository, bot.tracker.repository)) return bot;
  const listed = bot.rules.current.desk.repositories ?? [];
  if (!listed.some((name) => sameRepository(name, repository))) return undefined;
  const { refs, merges, mail } = bot;
  const { heldReplies } = mail;
  return {
    ...bot,
    tracker: bot.tracker.forRepository(repository),
    // Its issue #N's turn is not the default repository's #N's.
    issueLocks: bot.issueLocks.forRepository(repository),
    refs: {
      ...refs,
      setIssueNumber: (ref, issueNumber) => refs.setIssueNumber(ref, issueNumber, repository),
      byIssueNumber: (issueNumber) => refs.byIssueNumber(issueNumber, repository),
    },
    // What the store keeps by issue number is that repository's too: its merges, held replies and labels.
    merges: {
      ...merges,
      record: (merge) => merges.record({ ...merge, repository }),
      remove: (sourceIssue) => merges.remove(sourceIssue, repository),
      ofSource: (sourceIssue) => merges.ofSource(sourceIssue, repository),
      intoTarget: (targetIssue) => merges.intoTarget(targetIssue, repository),
    },
    mail: {
      ...mail,
      heldReplies: {
        ...heldReplies,
        hold: (reply, issueNumber, now) => heldReplies.hold(reply, issueNumber, now, repository),
        ofIssue: (issueNumber) => heldReplies.ofIssue(issueNumber, repository),
      },
    },
    labelChanges: labelChangesOf(bot.labelChanges, repository),
  };
}

/** Runs `handlers` in order; the first deferral defers the delivery, the effects of all are recorded together. */
async function runAll<E>(
  handlers: readonly { handle(event: E, bot: BotContext, context: JobRunContext): Promise<JobOutcome> }[],
  event: E,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const effects: (() => void | Promise<void>)[] = [];
  for (const handler of handlers) {
    const outcome = await handler.handle(event, bot, context);
    if (outcome.status === 'defer') return outcome;
    if (outcome.recordEffect) effects.push(outcome.recordEffect);
  }
  return {
    status: 'done',
    recordEffect: async () => {
      for (const effect of effects) await effect();
    },
  };
}

/** Counts and logs a command left as a plain comment: its author may not act for the desk. */
function refuseCommand(event: CommentEvent, bot: BotContext, context: JobRunContext): void {
  const { comment } = event;
  const command = /^\/[a-z-]+/i.exec(comment.body.trimStart())?.[0] ?? '';
  bot.metrics.count(
    'repodesk_commands_refused_total',
    'Agent commands left as plain comments: their author may not act for the desk.',
    { command },
  );
  context.log.info('command not run: its author may not act for the desk; left as a comment', {
    issue: event.issue.number,
    comment: comment.id,
    author: comment.author,
    association: comment.association,
    command,
  });
}

/** The handlers that want a comment, run only if its writer is the one they act for. */
async function dispatchComment(
  event: CommentEvent,
  handlers: readonly CommentHandler[],
  own: boolean,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const wanting = handlers.filter(
    (handler) => (!own || handler.from === 'repodesk') && handler.wants(event.comment.body),
  );
  if (wanting.length === 0) return { status: 'done', note: own ? 'own event' : 'nothing to do' };
  const writer = await commentWriter(
    {
      body: event.comment.body,
      author: { login: event.comment.author, association: event.comment.association },
    },
    {
      agentLogins: bot.rules.current.teams.agents.map((agent) => agent.login),
      repodeskLogins: await bot.tracker.repodeskLogins(),
      tracker: bot.tracker,
    },
  );
  const running = wanting.filter((handler) => handler.from === writer);
  if (running.length === 0) {
    if (wanting.some((handler) => handler.from === 'desk')) refuseCommand(event, bot, context);
    return {
      status: 'done',
      note: `not written by ${wanting[0]!.from === 'desk' ? 'the desk' : 'repodesk'}`,
    };
  }
  return runAll(running, event, bot, context);
}

/** Applies one delivery through `handlers` (the bot's own list unless a test gives another). */
async function applyEvent(
  event: GithubEvent,
  handlers: WebhookHandlers,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const key = eventKey(event.name, event.action);
  const own = event.sender !== '' && event.sender === (await bot.tracker.selfLogin());
  const { issue, comment } = event;
  if (event.name === 'issue_comment') {
    const listed = handlers[key as `issue_comment.${string}`] ?? [];
    if (own && !listed.some((handler) => handler.from === 'repodesk')) {
      context.log.debug('own event ignored');
      return { status: 'done', note: 'own event' };
    }
    if (!issue || !comment || issue.isPullRequest) return { status: 'done', note: 'not an issue comment' };
    return dispatchComment({ ...event, issue, comment }, listed, own, bot, context);
  }
  const listed: readonly IssueHandler[] =
    event.name === 'issues' ? (handlers[key as `issues.${string}`] ?? []) : [];
  if (own) {
    context.log.debug('own event ignored');
    return { status: 'done', note: 'own event' };
  }
  if (!issue || issue.isPullRequest) return { status: 'done', note: 'not an issue' };
  const issueEvent: IssueEvent = { ...event, issue };
  return runAll(listed, issueEvent, bot, context);
}

export function githubEventJob(bot: BotContext, handlers: WebhookHandlers = webhookHandlers): JobKind {
  return {
    kind: githubEventJobKind,
    usesTracker: true,
    async run(job, context) {
      const payload = job.payload as GithubEventJobPayload;
      const entry = await bot.inbox.get(payload.inboxId);
      if (!entry)
        throw Object.assign(new Error(`inbox entry ${payload.inboxId} is missing`), { code: 'not-found' });
      const event = parseGithubEvent(payload.event, payload.deliveryId, entry.payload);
      const log = context.log.child({
        deliveryId: payload.deliveryId,
        event: eventKey(event.name, event.action),
      });
      const queue = queueContext(bot, event.repository);
      if (!queue) {
        log.info('event of a repository desk.yaml does not list: ignored', { repository: event.repository });
        return { status: 'done', note: 'not a desk repository' };
      }
      return applyEvent(event, handlers, queue, { ...context, log });
    },
  };
}
