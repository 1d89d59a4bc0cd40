// `/reply` is an agent's public reply: the text after it (or the canned reply its first line names, with
// any text below added) is mailed to the requester and the CCs exactly once (the outbox key is the comment
// id), and the ticket moves to pending, or to the status the canned reply names. Free text gets the same
// `{{variables}}` as canned replies. Nothing is sent, and a note says why, when the first line is one word
// that looks like a canned reply's id but names none (`/reply demande-information`), or the text uses a
// variable that does not exist.
// The collision guard: when another agent has replied to the customer since their last message, or has
// `/take`n the ticket in the last 30 minutes, the reply is held (not mailed, the status unchanged) and a note
// says who and how to go on: `/send` sends it anyway, `/drop` drops it. The same agent replying twice is no
// collision.

import { messagesFor } from '../messages/index.ts';
import { fillCannedReply } from '../mail/canned-reply.ts';
import { mailVariables } from '../mail/mail-variables.ts';
import { renderVariables } from '../mail/render-template.ts';
import { closestMatch, listChoices } from '../rules/closest-match.ts';
import { variablePattern } from '../rules/email-templates.ts';
import type { Rules, StatusId } from '../rules/types.ts';
import type { ReplyCollision } from '../tickets/held-reply.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';
import { noteTime } from './note-time.ts';
import { statusActions } from './status-actions.ts';
import { replyMailKey } from '../tickets/reply-mail-key.ts';

const texts = { fr: messagesFor('fr').commands.reply, en: messagesFor('en').commands.reply };

/** Whether a first line is one word that reads as a canned reply's id: kebab-case, or a near miss of one. */
function looksLikeCannedId(firstLine: string, cannedIds: readonly string[]): boolean {
  if (firstLine === '' || /\s/.test(firstLine)) return false;
  return /^[a-z0-9]+(?:[-_][a-z0-9]+)+$/i.test(firstLine) || closestMatch(firstLine, cannedIds) !== undefined;
}

/** The first `{{variable}}` of `text` that is not one of `known`. */
function unknownVariableIn(text: string, known: readonly string[]): string | undefined {
  return [...text.matchAll(variablePattern)]
    .map((found) => found[1] ?? '')
    .find((name) => !known.includes(name));
}

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

/** What a `/reply` comment sends: its message and the status it moves the ticket to, or why it sends nothing. */
type ReplyMessage =
  | { kind: 'empty' }
  | { kind: 'unknown-id'; given: string; known: readonly string[] }
  | { kind: 'unknown-variable'; given: string; known: readonly string[] }
  | { kind: 'reply'; message: string; status: StatusId; variables: Record<string, string> };

/**
 * The message a `/reply` comment (`body`, from `/reply` on) mails in `lang`, its variables filled with
 * `variablesFor(status)`. It is read once, when the command runs: the mail carries it as `shown`, and the
 * customer's follow page shows that, whatever the canned replies say later.
 */
export function replyMessage(
  rules: Rules,
  body: string,
  lang: string,
  variablesFor: (status: StatusId) => Record<string, string>,
): ReplyMessage {
  const cannedIds = Object.keys(rules.replies);
  const reading = parseReplyCommand(body, cannedIds);
  if (reading.kind === 'empty') return reading;
  const firstLine =
    body
      .trimStart()
      .replace(/^\/reply\b[ \t]*/, '')
      .split('\n', 1)[0]
      ?.trim() ?? '';
  if (reading.kind === 'text' && looksLikeCannedId(firstLine, cannedIds))
    return { kind: 'unknown-id', given: firstLine, known: cannedIds };
  const canned = reading.kind === 'canned' ? rules.replies[reading.id] : undefined;
  const status: StatusId = (canned?.[lang] ?? Object.values(canned ?? {})[0])?.status ?? 'pending';
  const variables = variablesFor(status);
  const written = reading.kind === 'canned' ? reading.extra : reading.text;
  const names = Object.keys(variables);
  const unknown = unknownVariableIn(written, names);
  if (unknown !== undefined) return { kind: 'unknown-variable', given: unknown, known: names };
  const own = renderVariables(written, variables);
  if (reading.kind === 'text') return { kind: 'reply', message: own, status, variables };
  const filled = fillCannedReply(rules, reading.id, lang, variables)?.text ?? '';
  return { kind: 'reply', message: filled + (own ? `\n\n${own}` : ''), status, variables };
}

/** The note refusing a reply that names an unknown canned reply or variable (nothing is sent). */
export function replyRefusal(
  input: CommandInput,
  reading: Extract<ReplyMessage, { kind: 'unknown-id' | 'unknown-variable' }>,
): TicketAction[] {
  const text = texts[noteLanguage(input.rules)];
  const closest = closestMatch(reading.given, reading.known);
  if (reading.kind === 'unknown-id') {
    const known = listChoices(reading.known.map((id) => `\`${id}\``));
    return [commandNote(input, text.unknownId(reading.given, closest, known), 'unknown canned reply')];
  }
  const known = listChoices(reading.known.map((name) => `\`{{${name}}}\``));
  return [commandNote(input, text.unknownVariable(reading.given, closest, known), 'unknown variable')];
}

/** How long a `/take` keeps others' replies held. */
const takeHoldsMs = 30 * 60_000;

/**
 * Why another agent's work makes this reply wait, or undefined: the latest of their replies since the
 * customer last wrote, else the latest of their `/take`s in the last 30 minutes.
 */
function collisionOf(input: CommandInput): ReplyCollision | undefined {
  const { activity } = input.ticket;
  const author = input.comment.author.toLowerCase();
  const others = (entry: { by: string }) => entry.by.toLowerCase() !== author;
  const replied = activity.replies
    .filter((entry) => others(entry) && entry.at >= activity.customerWroteAt)
    .at(-1);
  if (replied) return { kind: 'replied', ...replied };
  const took = activity.takes.filter((entry) => others(entry) && input.now - entry.at < takeHoldsMs).at(-1);
  return took ? { kind: 'took', ...took } : undefined;
}

export const reply: AgentCommand = {
  usage: '/reply <text> | /reply <canned-id>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run(input) {
    const { command, ticket, rules, comment } = input;
    const recipients = ticket.recipients;
    if (ticket.ref === undefined || !recipients) return [];
    const { ref } = ticket;
    const lang = recipients.lang;
    const reading = replyMessage(rules, `/reply ${command.text}`, lang, (status) =>
      mailVariables(rules, {
        ref,
        recipients,
        issueTitle: ticket.title,
        status,
        agentLogin: comment.author,
        statusUrl: ticket.statusUrl ?? '',
      }),
    );
    if (reading.kind === 'empty') return [];
    if (reading.kind !== 'reply') return replyRefusal(input, reading);
    const cause = {
      source: 'command' as const,
      rule: 'command /reply',
      reason: `@${comment.author} answered the customer`,
    };
    const text = texts[noteLanguage(rules)];
    const files = comment.files ?? [];
    const kept = files.flatMap((file) => ('kept' in file ? [{ id: file.kept.id, name: file.name }] : []));
    const refused = files.flatMap((file) =>
      'refused' in file ? [text.fileRefused(file.name, text.fileReasons[file.refused])] : [],
    );
    const refusal =
      refused.length === 0
        ? []
        : [commandNote(input, text.filesRefused(refused.join(', ')), 'files refused', 'files')];
    const mail = {
      key: replyMailKey(comment.id),
      template: 'reply' as const,
      ref,
      lang,
      to: [recipients.to],
      cc: recipients.cc,
      variables: { ...reading.variables, message: reading.message },
      automatic: false,
      threaded: true,
      // The reply that resolves the ticket asks the customer how it went.
      ...(reading.status === 'resolved' ? { survey: true } : {}),
      shown: reading.message,
      ...(kept.length > 0 ? { attachments: kept } : {}),
    };
    const collision = collisionOf(input);
    if (collision) {
      const why =
        collision.kind === 'replied'
          ? text.heldReplied(collision.by, noteTime(collision.at))
          : text.heldTook(collision.by, noteTime(collision.at));
      const holdCause = { ...cause, reason: `@${collision.by} ${collision.kind} first` };
      return [
        {
          kind: 'hold-reply',
          reply: { key: mail.key, ref, author: comment.author, collision, mail, status: reading.status },
          cause: holdCause,
        },
        commandNote(input, why + text.held, 'reply held'),
        ...refusal,
      ];
    }
    return [
      ...statusActions(ticket, rules, reading.status, cause),
      { kind: 'mail', mail, cause },
      ...mergedRequesterMails(input, [recipients.to, ...recipients.cc]),
      ...refusal,
    ];
  },
};

/**
 * The same reply to the requesters of the tickets merged into this one, each in a mail of their own under
 * their own reference (their answer threads back through it), filled with their own variables: they
 * never see this ticket's requester or copies. Those already among `mailed` get nothing more.
 */
function mergedRequesterMails(input: CommandInput, mailed: readonly string[]): TicketAction[] {
  const { command, ticket, rules, comment } = input;
  const seen = new Set(mailed.map((address) => address.toLowerCase()));
  return (ticket.mergedHere ?? []).flatMap((merged): TicketAction[] => {
    const { recipients } = merged;
    if (seen.has(recipients.to.toLowerCase())) return [];
    seen.add(recipients.to.toLowerCase());
    const reading = replyMessage(rules, `/reply ${command.text}`, recipients.lang, (status) =>
      mailVariables(rules, {
        ref: merged.ref,
        recipients,
        issueTitle: ticket.title,
        status,
        agentLogin: comment.author,
        statusUrl: merged.statusUrl,
      }),
    );
    if (reading.kind !== 'reply') return [];
    const cc = recipients.cc.filter((address) => !seen.has(address.toLowerCase()));
    return [
      {
        kind: 'mail',
        mail: {
          key: `${replyMailKey(comment.id)}:${merged.ref}`,
          template: 'reply',
          ref: merged.ref,
          lang: recipients.lang,
          to: [recipients.to],
          cc,
          variables: { ...reading.variables, message: reading.message },
          automatic: false,
          threaded: true,
          shown: reading.message,
        },
        cause: {
          source: 'command',
          rule: 'command /reply',
          reason: `@${comment.author} answered the requester of merged #${merged.number}`,
        },
      },
    ];
  });
}
