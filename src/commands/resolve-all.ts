// `/resolve-all [text]` on a master ticket (`/link #N` on its children) resolves every open linked ticket:
// each gets a note saying so and its status label swapped to resolved (two writes each), and with a text,
// its requester gets that reply, and so do the requesters of the tickets merged into it, each under their own
// reference (one mail each, keyed by the comment and that reference; the same
// variables and canned-id checks as `/reply`, an unknown one sends and changes nothing). A note on the master
// lists what was resolved. Children resolved or closed already are left as they are.

import { messagesFor } from '../messages/index.ts';
import { mailVariables } from '../mail/mail-variables.ts';
import { childrenOf } from '../tickets/children-section.ts';
import { statusOfIssue } from '../tickets/status-of-issue.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput, CommandTicket } from './agent-command.ts';
import { commandNote, commandNoteMarker, noteLanguage } from './command-note.ts';
import { replyMessage, replyRefusal } from './reply.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.resolveAll, en: messagesFor('en').commands.resolveAll };

/**
 * Children resolved by one run: two writes each plus the master's note stay within GitHub's 80 content
 * writes a minute, which the write budget must grant at once; the rest are resolved by running it again.
 */
const childrenPerRun = 30;

function runResolveAll(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, related } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const children = childrenOf(ticket.body).filter((child) => child !== ticket.number);
  if (children.length === 0) return note(text.noChildren, 'no children');
  const allOpen = children
    .map((number) => related.get(number))
    .filter((child): child is CommandTicket => {
      const status = child && statusOfIssue(child, rules);
      return status !== undefined && status !== 'resolved' && status !== 'closed';
    });
  if (allOpen.length === 0) return note(text.noneOpen, 'none open');
  const open = allOpen.slice(0, childrenPerRun);
  const cause = {
    source: 'command' as const,
    rule: 'command /resolve-all',
    reason: `@${comment.author} resolved the tickets linked to #${ticket.number}`,
  };
  const written = command.text.trim();
  const actions: TicketAction[] = [];
  let mailed = false;
  for (const child of open) {
    const marker = commandNoteMarker(comment.id, `resolved=${child.number}`);
    actions.push({
      kind: 'other-issue',
      number: child.number,
      actions: [
        { kind: 'comment', marker, body: `${marker}\n${text.child(ticket.number)}`, cause },
        ...statusActions(child, rules, 'resolved', cause),
      ],
      cause,
    });
    if (written === '' || child.ref === undefined || !child.recipients) continue;
    // The child's requester, then those of the tickets merged into it (each under their own reference).
    const requesters = [
      { ref: child.ref, recipients: child.recipients, statusUrl: child.statusUrl ?? '' },
      ...(child.mergedHere ?? []),
    ];
    const seen = new Set<string>();
    for (const { ref, recipients, statusUrl } of requesters) {
      const reading = replyMessage(rules, `/reply ${written}`, recipients.lang, () =>
        mailVariables(rules, {
          ref,
          recipients,
          issueTitle: child.title,
          status: 'resolved',
          agentLogin: comment.author,
          statusUrl,
        }),
      );
      if (reading.kind === 'unknown-id' || reading.kind === 'unknown-variable')
        return replyRefusal(input, reading);
      if (reading.kind !== 'reply' || seen.has(recipients.to.toLowerCase())) continue;
      const cc = recipients.cc.filter((address) => !seen.has(address.toLowerCase()));
      for (const address of [recipients.to, ...cc]) seen.add(address.toLowerCase());
      mailed = true;
      actions.push({
        kind: 'mail',
        mail: {
          key: `resolve-all:comment:${comment.id}:${ref}`,
          template: 'reply',
          ref,
          lang: recipients.lang,
          to: [recipients.to],
          cc,
          variables: { ...reading.variables, message: reading.message },
          automatic: false,
          threaded: true,
        },
        cause,
      });
    }
  }
  const list = open.map((child) => `#${child.number}`).join(', ');
  const rest = allOpen.length - open.length;
  return [
    commandNote(
      input,
      text.name + text.resolved(list) + (mailed ? text.mailed : '') + (rest > 0 ? text.more(rest) : ''),
      'resolved all',
    ),
    ...actions,
  ];
}

export const resolveAll: AgentCommand = {
  usage: '/resolve-all [text]',
  help: { fr: texts.fr.help, en: texts.en.help },
  relatedIssues: (_command, ticket) => childrenOf(ticket.body).filter((child) => child !== ticket.number),
  run: runResolveAll,
};
