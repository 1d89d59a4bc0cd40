// A ticket's mail variables and its canned replies filled with them: the one place that says which value
// each `{{variable}}` of rules/replies and rules/emails takes for a ticket, used by an agent's
// `/reply <canned-id>`, the automatic replies routing names and the lifecycle notices' mail.

import type { Submission } from '../forms/submission-schema.ts';
import { findAgent } from '../rules/agents.ts';
import type { CannedReply, Rules, StatusId } from '../rules/types.ts';
import type { BotContext } from '../context.ts';
import { statusUrl } from './status-url.ts';
import { renderVariables } from '../rules/email-templates.ts';

/** Who a ticket's mail goes to, and what the customer's side of it shows. */
export interface TicketRecipients {
  to: string;
  cc: string[];
  /** The requester's name as the mail or the form gave it (customer text). */
  name: string;
  lang: string;
  /** The request's title as the customer wrote it; empty when only the issue has one. */
  title: string;
}

/** The recipients of ticket `ref`: its mail thread, else the address its form submission gave; undefined without any. */
export function recipientsOf(
  bot: BotContext,
  ref: string,
  inboxId: number,
  fallbackLang: string,
): TicketRecipients | undefined {
  const thread = bot.mail.mailStore.thread(ref);
  if (thread)
    return { to: thread.requester, cc: thread.cc, name: thread.name, lang: thread.lang, title: thread.title };
  const submission = bot.inbox.get(inboxId)?.payload as Partial<Submission> | undefined;
  const email = submission?.requester?.email;
  if (typeof email !== 'string' || email === '') return undefined;
  return { to: email, cc: [], name: submission?.requester?.name ?? '', lang: fallbackLang, title: '' };
}

/** The desk's name in `lang`, else in its first language. */
export function deskNameIn(rules: Rules, lang: string): string {
  return rules.desk.name[lang] ?? Object.values(rules.desk.name)[0] ?? '';
}

/** The values of every canned-reply variable for one ticket, as the customer's mail shows them. */
export function ticketVariables(
  bot: BotContext,
  ticket: {
    ref: string;
    recipients: TicketRecipients;
    /** The issue's title, used when the customer's own title is not known. */
    issueTitle: string;
    /** The status the ticket is in once the customer reads the mail. */
    status?: StatusId;
    /** The agent who answers; without one the desk signs. */
    agentLogin?: string;
  },
): Record<string, string> {
  const rules = bot.rules.current;
  const { recipients } = ticket;
  const lang = recipients.lang;
  const deskName = deskNameIn(rules, lang);
  const agent =
    ticket.agentLogin === undefined
      ? undefined
      : (findAgent(rules, ticket.agentLogin)?.name ?? ticket.agentLogin);
  const status = ticket.status === undefined ? undefined : rules.desk.statuses[ticket.status].name;
  return {
    'requester.name': recipients.name,
    'requester.firstName': recipients.name.trim().split(/\s+/)[0] ?? '',
    'requester.email': recipients.to,
    'ticket.ref': ticket.ref,
    'ticket.title': recipients.title || ticket.issueTitle,
    'ticket.statusUrl': statusUrl(bot, ticket.ref, lang),
    'ticket.status': status === undefined ? '' : (status[lang] ?? Object.values(status)[0] ?? ''),
    'agent.name': agent !== undefined && rules.desk.privacy.showAgentNames ? agent : deskName,
    'desk.name': deskName,
    'desk.siteUrl': rules.desk.siteUrl,
  };
}

/** Canned reply `id` in `lang` (else in the first language it has), its variables filled; undefined when unknown. */
export function fillCannedReply(
  rules: Rules,
  id: string,
  lang: string,
  variables: Partial<Record<string, string>>,
): { text: string; reply: CannedReply } | undefined {
  const byLang = rules.replies[id] ?? {};
  const reply = byLang[lang] ?? Object.values(byLang)[0];
  if (!reply) return undefined;
  return { text: renderVariables(reply.body, variables).trim(), reply };
}
