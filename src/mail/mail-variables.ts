// A ticket's mail variables: the one place that says which value each `{{variable}}` of rules/replies and
// rules/emails takes for a ticket (an agent's `/reply`, the automatic replies routing names, the lifecycle
// notices' mail, the status page's copy of a canned reply). Pure: the status link is given.

import type { Rules, StatusId } from '../rules/types.ts';
import { findAgent } from '../rules/agents.ts';
import type { TicketRecipients } from '../tickets/requester.ts';
import { deskNameIn } from './canned-reply.ts';

/** What the values are read from. */
export interface MailVariablesInput {
  ref: string;
  recipients: TicketRecipients;
  /** The issue's title, used when the customer's own title is not known. */
  issueTitle: string;
  /** The status the ticket is in once the customer reads the mail. */
  status?: StatusId;
  /** The agent who answers; without one the desk signs. */
  agentLogin?: string;
  /** Where the customer follows the request (outbound/status-url.ts), in their language. */
  statusUrl: string;
}

/** The values of every canned-reply variable for one ticket, as the customer's mail shows them. */
export function mailVariables(rules: Rules, ticket: MailVariablesInput): Record<string, string> {
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
    'ticket.statusUrl': ticket.statusUrl,
    'ticket.status': status === undefined ? '' : (status[lang] ?? Object.values(status)[0] ?? ''),
    'agent.name': agent !== undefined && rules.desk.privacy.showAgentNames ? agent : deskName,
    'desk.name': deskName,
    'desk.siteUrl': rules.desk.siteUrl,
  };
}
