// An issue opened directly on GitHub (by an agent, or a monitoring system through the API) is routed like
// any ticket, in the issue's turn (bot.issueLocks), reading the issue as it is now rather than trusting the
// delivery, so order, redelivery and the sweep do not matter. An issue written with one of the desk's forms
// (exported to .github/ISSUE_TEMPLATE/) is read back into that form's answers, so `field:` conditions route
// it as they route the portal's. What the bot changes is one write: the labels and assignee the rules give
// (labels already there are not written again, an issue with an assignee keeps it) and, for an issue someone
// who may act for the desk opened, its body framed: the ticket and facts markers first (channel, language,
// form, and the strategy the sweep assigns by when nobody of the team was on duty), the "For the agent"
// section last. An issue a desk agent opens with a `channel: phone` form is a phone ticket whose requester
// the form names: the store records them (so `/reply` and replies by mail work) and, unless the call was
// resolved on the phone, they get the acknowledgement; refused values (an address that is not one, a phone
// number with markup) record nobody and get an internal note instead. Anyone else's issue, phone form or
// not, is a `github` ticket with no requester: only its labels and assignee are written. The automatic
// replies the rules name are not sent to an issue opened on GitHub (the log says so).

import { parseIssueFormBody } from '../../../forms/parse-issue-form-body.ts';
import { agentAssistSection } from '../../../intake/agent-assist.ts';
import { readPhoneCall } from '../../../intake/phone-call.ts';
import { issueBodyMaxLength, ticketMarker } from '../../../intake/render-issue-body.ts';
import { messagesFor } from '../../../messages/index.ts';
import { newReference } from '../../../store/reference.ts';
import { deskStanding } from '../../../tickets/desk-standing.ts';
import { readTicketFacts, ticketFactsMarker, ticketMarkerRef } from '../../../tickets/markers.ts';
import { hasWriteAccess } from '../../../tracker/write-access.ts';
import { route } from '../../../routing/route.ts';
import type { BotContext } from '../../../context.ts';
import { openedIssueDecisionKey, type TicketDecision } from '../../../tickets/decision-marker.ts';
import type { ActionCause, TicketAction } from '../../../tickets/ticket-action.ts';
import type { TicketDraft } from '../../../tickets/types.ts';
import { executeTicketActions } from '../../../executor/execute-ticket-actions.ts';
import type { JobOutcome, JobRunContext } from '../../../worker/worker.ts';
import { loadWorkload, recordAssignment } from '../../../worker/workload.ts';
import type { IssueEvent, IssueHandler } from './webhook-handler.ts';

async function routeOpenedIssue(
  event: IssueEvent,
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { tracker } = bot;
  // Issues repodesk created were routed before creation. A marker alone proves nothing (anyone opening an
  // issue can type one, an agent can paste a ticket's body): the issue must be the bot's, for a reference
  // the store knows and that is not already another issue.
  const markedRef = ticketMarkerRef(event.issue.body);
  if (markedRef !== undefined && event.issue.author === (await tracker.selfLogin())) {
    const record = await bot.refs.get(markedRef);
    if (record && (record.issueNumber === undefined || record.issueNumber === event.issue.number))
      return { status: 'done', note: 'created by repodesk' };
  }
  // In the issue's turn (the sweep and agents' commands write it too), read inside it.
  return bot.issueLocks.run(event.issue.number, () =>
    routeInTurn(
      event.issue.number,
      { author: event.issue.author, association: event.issue.association },
      bot,
      context,
    ),
  );
}

/** Whether the issue's author may act for the desk (a teams.yaml agent, the owner, or someone with write access). */
async function openedByDesk(author: string, association: string, bot: BotContext): Promise<boolean> {
  const standing = deskStanding(
    { login: author, association },
    {
      agentLogins: bot.rules.current.teams.agents.map((agent) => agent.login),
      repodeskLogins: await bot.tracker.repodeskLogins(),
    },
  );
  if (standing === 'desk') return true;
  return standing === 'unconfirmed' && (await hasWriteAccess(author, bot.tracker));
}

/** The ticket's reference: the one the store has for the issue, else a new one recorded for it now. */
async function referenceOf(bot: BotContext, number: number, lang: string, now: number): Promise<string> {
  const known = (await bot.refs.byIssueNumber(number))?.ref;
  if (known !== undefined) return known;
  // Recorded before the write that names it: a retried job finds it and writes the same marker.
  const ref = newReference();
  await bot.refs.add({ ref, inboxId: 0, lang, createdAt: now });
  await bot.refs.setIssueNumber(ref, number);
  return ref;
}

/**
 * The body of an agent's issue once routed: the ticket and facts markers first (where the sweep reads them),
 * the agent's text as written, the "For the agent" section last; without that section when the whole would
 * pass GitHub's limit, and unchanged when even the markers would.
 */
function framedBody(body: string, head: string, assist: string): string {
  const withAssist = `${head}\n${body}${assist === '' ? '' : `\n\n${assist}`}`;
  if (withAssist.length <= issueBodyMaxLength) return withAssist;
  const bare = `${head}\n${body}`;
  return bare.length <= issueBodyMaxLength ? bare : body;
}

async function routeInTurn(
  number: number,
  opener: { author: string; association: string },
  bot: BotContext,
  context: JobRunContext,
): Promise<JobOutcome> {
  const { tracker, kv } = bot;
  const rules = bot.rules.current;
  const issue = await tracker.getIssue(number);
  if (issue.state !== 'open') return { status: 'done', note: 'issue no longer open' };
  const byDesk = await openedByDesk(opener.author, opener.association, bot);
  // Our markers lead the body of an agent's issue once routed: a redelivery finds them, for the reference
  // the store gave this issue, and changes nothing. Markers pasted with another ticket's body name another
  // reference: the issue is routed, its own markers put first.
  if (byDesk && readTicketFacts(issue.body) !== undefined) {
    const own = (await bot.refs.byIssueNumber(number))?.ref;
    if (own !== undefined && ticketMarkerRef(issue.body) === own)
      return { status: 'done', note: 'already routed' };
  }
  const answers = parseIssueFormBody(issue.body, rules.forms);
  const form = answers ? rules.forms[answers.form] : undefined;
  const language = rules.desk.languages[0] ?? 'en';
  // A call is logged by the desk: an outsider's issue with the phone form names nobody the desk may mail.
  const call =
    form?.repodesk.channel === 'phone' && answers
      ? byDesk
        ? readPhoneCall(form, answers.fields, rules)
        : undefined
      : undefined;
  if (form?.repodesk.channel === 'phone' && !byDesk)
    context.log.info(
      'phone form used by someone who may not act for the desk: a github ticket, nobody mailed',
      {
        issue: issue.number,
      },
    );
  const draft: TicketDraft = {
    channel: call ? 'phone' : 'github',
    ...(answers ? { form: answers.form } : {}),
    subject: issue.title,
    body: issue.body,
    requester: call?.requester
      ? {
          name: call.requester.name,
          email: call.requester.email,
          ...(call.requester.phone ? { phone: call.requester.phone } : {}),
        }
      : { name: opener.author, email: '' },
    language,
    fields: answers?.fields ?? {},
    labels: issue.labels,
  };
  const workload = await loadWorkload(kv, tracker, rules, context.now);
  const decision = route(draft, rules, workload, new Date(context.now));
  if (decision.replies.length > 0)
    context.log.info('automatic replies not sent to an issue opened on GitHub', {
      issue: issue.number,
      replies: decision.replies,
    });
  const cause: ActionCause = {
    source: 'routing',
    rule: `routing ${decision.matched.join(', ') || 'defaults'}`,
    reason: call
      ? 'a phone call an agent logged is routed like any ticket'
      : 'an issue opened on GitHub is routed like any ticket',
  };
  // An issue that already has an assignee keeps it.
  const assignees = issue.assignees.length === 0 ? decision.assignees : [];
  const actions: TicketAction[] = [
    ...decision.labels.map((label): TicketAction => ({ kind: 'add-label', label, cause })),
    ...assignees.map((login): TicketAction => ({ kind: 'assign', login, cause })),
  ];
  // Only the desk's own issues are framed: an outsider's text gets no markers to claim facts with, and
  // no list of internal articles.
  if (byDesk) {
    const ref = await referenceOf(bot, issue.number, language, context.now);
    const awaiting = assignees.length === 0 ? decision.awaitingAgent : undefined;
    const head =
      ticketMarker(ref, `github-issue:${issue.number}`) +
      ticketFactsMarker({
        channel: draft.channel,
        ...(decision.organisation && rules.customers.organisations.some((o) => o.id === decision.organisation)
          ? { organisation: decision.organisation }
          : {}),
        language,
        ...(answers ? { form: answers.form } : {}),
        ...(awaiting ? { assign: awaiting } : {}),
      });
    const assist = agentAssistSection({
      rules,
      articles: bot.rules.articles,
      ...(bot.config.publicSiteUrl ? { siteUrl: bot.config.publicSiteUrl } : {}),
      text: `${issue.title}\n${issue.body}`,
      language,
      type: decision.type,
      // A call's category is the one the agent chose, not the form's (a call may be about anything).
      ...((call ? call.category : form?.repodesk.category)
        ? { category: call ? call.category : form?.repodesk.category }
        : {}),
    });
    actions.push({ kind: 'set-body', body: framedBody(issue.body, head, assist), cause });
  }
  if (call?.requester)
    actions.push({
      kind: 'set-requester',
      email: call.requester.email,
      name: call.requester.name,
      lang: language,
      // A call settled on the phone needs no "we received your request": the customer hung up satisfied.
      acknowledge: call.outcome !== 'resolved',
      title: issue.title,
      cause,
    });
  if (call && call.problems.length > 0) {
    const w = messagesFor(language).phoneCall;
    const marker = `<!-- repodesk:phone-call issue=${issue.number} -->`;
    actions.push({
      kind: 'comment',
      marker,
      body: `${marker}\n@${opener.author} ${w.heading}\n\n${call.problems.map((line) => `- ${line}`).join('\n')}\n\n${w.fix}`,
      cause,
    });
  }
  const outcome = await executeTicketActions(bot, context, issue.number, issue, actions);
  if (outcome.status !== 'done') return outcome;
  context.log.info('issue opened on GitHub routed', {
    issue: issue.number,
    channel: draft.channel,
    matched: decision.matched,
  });
  const applied = outcome.recordEffect;
  return {
    ...outcome,
    recordEffect: async () => {
      await applied?.();
      await recordAssignment(kv, assignees, assignees.length > 0 ? decision.lastAssigned : {});
      // `repodesk why` reads the decision from the store (the facts marker carries no trace).
      const recorded: TicketDecision & { at: string } = {
        rules: bot.rules.version?.version ?? 'unversioned',
        matched: decision.matched,
        ...(decision.team === undefined ? {} : { team: decision.team }),
        assignees,
        assignment: decision.assignmentWhy,
        replies: decision.replyRules,
        shadow: decision.shadow,
        at: new Date(context.now).toISOString(),
      };
      // A confidential queue's issue #N (desk.yaml's repositories after the first) is not the default's #N.
      const repository = bot.tracker.repository;
      const queues = (bot.rules.current.desk.repositories ?? []).slice(1);
      const other = queues.some((name) => name.toLowerCase() === repository.toLowerCase());
      await kv.set(openedIssueDecisionKey(issue.number, other ? repository : undefined), recorded);
    },
  };
}

/** `issues.opened` (one line in the webhook handler list). */
export const routeOpenedIssueHandler: IssueHandler = { handle: routeOpenedIssue };
