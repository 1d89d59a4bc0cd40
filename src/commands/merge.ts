// `/merge #N` folds this ticket into #N (a duplicate): this issue is closed as a duplicate with a note
// linking #N, its labels are carried over to #N but for those that say one thing at a time (status,
// priority, type, team, SLA state: #N keeps its own, so its SLA clocks are unchanged), and the store sends
// its customer thread on to #N (../store/ticket-merges.ts): a mail to its reference lands on #N, its follow
// page shows #N's replies. When #N has another requester, this ticket's requester becomes a separate
// recipient of #N's public replies from then on, never of the earlier thread; both notes say so. This
// ticket's files (mail attachments, GitHub attachments) are listed in #N's body (../tickets/merged-files-
// section.ts). At most four writes: this issue's note and close, #N's note, and its labels and body in one. Merging again into #N changes nothing and
// writes nothing; #N missing, this ticket, merged itself or in another repository gets a note, nothing else.

import { messagesFor } from '../messages/index.ts';
import type { Rules } from '../rules/types.ts';
import { fileLink } from '../tickets/merged-files-section.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput, CommandTicket } from './agent-command.ts';
import { commandNote, commandNoteMarker, noteLanguage } from './command-note.ts';
import { readIssueReference } from './issue-reference.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.merge, en: messagesFor('en').commands.merge };

const lower = (text: string) => text.toLowerCase();

/** The labels of which a ticket has one at a time (status, priority, type, team, SLA state), lower-cased. */
function exclusiveLabels(rules: Rules): Set<string> {
  const { desk, teams, sla } = rules;
  return new Set(
    [
      ...Object.values(desk.statuses).map((status) => status.label),
      ...desk.priorities.map((priority) => priority.label),
      ...desk.types.map((type) => type.label),
      ...teams.teams.map((team) => team.label),
      ...sla.policies.flatMap((policy) => policy.escalation.map((step) => step.label)),
    ].map(lower),
  );
}

/** The address of this ticket's requester when it is not #N's (who then becomes a separate recipient). */
function otherRequester(source: CommandTicket, target: CommandTicket): string | undefined {
  const address = source.recipients?.to;
  if (address === undefined) return undefined;
  const same = [target.recipients?.to ?? '', ...(target.recipients?.cc ?? [])].some(
    (known) => lower(known) === lower(address),
  );
  return same ? undefined : address;
}

function runMerge(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, related, repository } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const words = command.args.split(/\s+/).filter((word) => word !== '');
  const named = words.length === 1 ? readIssueReference(words[0]!, repository) : ({ kind: 'none' } as const);
  if (named.kind === 'none') return note(text.usage, 'bad use');
  if (named.kind === 'other-repository') return note(text.otherRepository(named.given), 'other repository');
  const { number } = named;
  if (number === ticket.number) return note(text.itself, 'this ticket');
  if (ticket.mergedInto)
    return ticket.mergedInto.number === number
      ? []
      : note(text.alreadyMerged(ticket.mergedInto.number), 'already merged');
  const target = related.get(number);
  if (!target) return note(text.missing(number), 'no such issue');
  if (target.mergedInto || target.stateReason === 'duplicate')
    return note(text.targetMerged(number, target.mergedInto?.number), 'target merged');

  const exclusive = exclusiveLabels(rules);
  const present = new Set(target.labels.map(lower));
  const carried = ticket.labels.filter((label) => !exclusive.has(lower(label)) && !present.has(lower(label)));
  const requester = otherRequester(ticket, target);
  const cause = {
    source: 'command' as const,
    rule: 'command /merge',
    reason: `@${comment.author} merged #${ticket.number} into #${number}`,
  };
  const sourceNote =
    text.name +
    text.merged(number) +
    (carried.length > 0 ? text.labels(carried.map((label) => `\`${label}\``).join(', ')) : '') +
    (requester === undefined ? '' : text.otherRequester(requester, number)) +
    text.undo;
  const targetMarker = commandNoteMarker(comment.id, `merged=${ticket.number}`);
  // This ticket's files (its mail attachments, its GitHub attachments), listed in the target's body in the
  // same write as the labels, so that an agent working the target finds them.
  const links = (ticket.files ?? []).map(fileLink);
  const targetNote =
    text.target(ticket.number) +
    (requester === undefined ? '' : text.targetRequester(requester)) +
    (links.length > 0 ? text.targetFiles(links.length) : '');
  return [
    commandNote(input, sourceNote, 'merged'),
    ...statusActions(ticket, rules, 'closed', cause).map((action): TicketAction =>
      action.kind === 'close' ? { ...action, reason: 'duplicate' } : action,
    ),
    { kind: 'merge-into', target: number, cause },
    {
      kind: 'other-issue',
      number,
      actions: [
        { kind: 'comment', marker: targetMarker, body: `${targetMarker}\n${targetNote}`, cause },
        ...carried.map((label): TicketAction => ({ kind: 'add-label', label, cause })),
        ...(links.length > 0
          ? [
              {
                kind: 'list-merged-files' as const,
                source: ticket.number,
                links,
                heading: text.filesHeading,
                cause,
              },
            ]
          : []),
      ],
      cause,
    },
  ];
}

export const merge: AgentCommand = {
  usage: '/merge #N',
  help: { fr: texts.fr.help, en: texts.en.help },
  relatedIssues(command, _ticket, repository) {
    const named = readIssueReference(command.args.trim(), repository);
    return named.kind === 'issue' ? [named.number] : [];
  },
  run: runMerge,
};
