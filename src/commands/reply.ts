// `/reply` is an agent's public reply: the text after it (or the canned reply its first line names, with
// any text below added) is mailed to the requester and the CCs exactly once (the outbox key is the comment
// id), and the ticket moves to pending, or to the status the canned reply names.

import { fillCannedReply } from '../mail/canned-reply.ts';
import { mailVariables } from '../mail/mail-variables.ts';
import type { StatusId } from '../rules/types.ts';
import type { AgentCommand } from './agent-command.ts';
import { statusActions } from './status-actions.ts';

export type ReplyCommand =
  { kind: 'text'; text: string } | { kind: 'canned'; id: string; extra: string } | { kind: 'empty' };

/**
 * Reads an agent's `/reply` comment: `/reply <canned-id>` when the first word is a known canned reply id
 * (anything after it is added below), else the text after `/reply`.
 */
export function parseReplyCommand(body: string, cannedIds: readonly string[]): ReplyCommand {
  const rest = body.trimStart().replace(/^\/reply\b[ \t]*/, '');
  const firstLine = rest.split('\n')[0]?.trim() ?? '';
  if (cannedIds.includes(firstLine))
    return { kind: 'canned', id: firstLine, extra: rest.slice(rest.indexOf('\n') + 1 || rest.length).trim() };
  const text = rest.trim();
  return text === '' ? { kind: 'empty' } : { kind: 'text', text };
}

export const reply: AgentCommand = {
  usage: '/reply <text> | /reply <canned-id>',
  help: {
    fr: 'répond au client par courriel (texte libre, ou réponse type suivie d’un texte) ; le ticket passe en attente',
    en: 'answers the customer by mail (free text, or a canned reply followed by text); the ticket goes pending',
  },
  run(input) {
    const { command, ticket, rules, comment } = input;
    const recipients = ticket.recipients;
    if (ticket.ref === undefined || !recipients) return [];
    const reading = parseReplyCommand(`/reply ${command.text}`, Object.keys(rules.replies));
    if (reading.kind === 'empty') return [];
    const lang = recipients.lang;
    const canned = reading.kind === 'canned' ? rules.replies[reading.id] : undefined;
    const status: StatusId = (canned?.[lang] ?? Object.values(canned ?? {})[0])?.status ?? 'pending';
    const variables = mailVariables(rules, {
      ref: ticket.ref,
      recipients,
      issueTitle: ticket.title,
      status,
      agentLogin: comment.author,
      statusUrl: ticket.statusUrl ?? '',
    });
    let message: string;
    if (reading.kind === 'canned') {
      const filled = fillCannedReply(rules, reading.id, lang, variables);
      message = (filled?.text ?? '') + (reading.extra ? `\n\n${reading.extra}` : '');
    } else {
      message = reading.text;
    }
    const cause = {
      source: 'command' as const,
      rule: 'command /reply',
      reason: `@${comment.author} answered the customer`,
    };
    return [
      ...statusActions(ticket, rules, status, cause),
      {
        kind: 'mail',
        mail: {
          key: `reply:comment:${comment.id}`,
          template: 'reply',
          ref: ticket.ref,
          lang,
          to: [recipients.to],
          cc: recipients.cc,
          variables: { ...variables, message },
          automatic: false,
          threaded: true,
        },
        cause,
      },
    ];
  },
};
