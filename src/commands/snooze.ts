// `/snooze <duration|date>` puts the ticket pending until then: the sweep keeps it so (no reminder to the
// customer, no automatic closing) and wakes it back to open with a reminder note to the agent who asked
// (../lifecycle/plan-lifecycle.ts). A duration is `4h`, `3d` (calendar time), a date `2026-12-24` (its
// start, UTC) or `2026-12-24T14:00` (UTC). The note that confirms it carries the snooze's marker
// (../tickets/snooze-marker.ts), which is what the sweep reads. A bad use, a time past or more than a year
// away, or a closed ticket changes nothing and gets a note saying how to write it.

import { messagesFor } from '../messages/index.ts';
import { parseDuration } from '../sla/parse-duration.ts';
import { snoozeMarker, snoozeTime } from '../tickets/snooze-marker.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, commandNoteMarker, noteLanguage } from './command-note.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.snooze, en: messagesFor('en').commands.snooze };

const yearMs = 366 * 86_400_000;

/** The time `given` names, from `now`; undefined when it is neither a duration nor a date. */
function snoozeUntil(given: string, now: number): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(given)) return Date.parse(`${given}T00:00:00Z`) || undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(given)) return Date.parse(`${given}:00Z`) || undefined;
  const duration = parseDuration(given);
  return duration.ok && duration.ms > 0 ? now + duration.ms : undefined;
}

function runSnooze(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, now } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const words = command.args.split(/\s+/).filter((word) => word !== '');
  const until = words.length === 1 ? snoozeUntil(words[0]!, now) : undefined;
  if (until === undefined) return note(text.usage, 'bad use');
  if (until <= now) return note(text.past(snoozeTime(until)), 'in the past');
  if (until > now + yearMs) return note(text.tooFar, 'too far');
  if (ticket.state === 'closed') return note(text.closed, 'closed');
  const cause = {
    source: 'command' as const,
    rule: 'command /snooze',
    reason: `@${comment.author} snoozed the ticket until ${new Date(until).toISOString()}`,
  };
  const marker = commandNoteMarker(comment.id);
  return [
    // The note first (the executor posts comments before the label write): it carries the snooze.
    {
      kind: 'comment',
      marker,
      body: `${marker}\n${snoozeMarker(until, comment.author)}\n@${comment.author} ${text.name}${text.snoozed(snoozeTime(until))}`,
      cause,
    },
    ...statusActions(ticket, rules, 'pending', cause),
  ];
}

export const snooze: AgentCommand = {
  usage: '/snooze <duration|date>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runSnooze,
};
