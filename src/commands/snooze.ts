// `/snooze <duration|date|day [time]>` puts the ticket pending until then: the sweep keeps it so (no reminder to the
// customer, no automatic closing) and wakes it back to open with a reminder note to the agent who asked
// (../lifecycle/plan-lifecycle.ts). When is read in the desk's time zone (`snooze-until.ts`: `3d`,
// `2026-12-24`, `lundi 9h`, `monday 9:00`) and the note states it there. The note that confirms it carries
// the snooze's marker (../tickets/snooze-marker.ts), which is what the sweep reads. A bad use, a time past or more than a year
// away, or a closed ticket changes nothing and gets a note saying how to write it.

import { messagesFor } from '../messages/index.ts';
import type { Rules } from '../rules/types.ts';
import { snoozeMarker, snoozeTime } from '../tickets/snooze-marker.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, commandNoteMarker, noteLanguage } from './command-note.ts';
import { snoozeUntil } from './snooze-until.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.snooze, en: messagesFor('en').commands.snooze };

const yearMs = 366 * 86_400_000;

/** The desk's time zone: its lifecycle calendar's (rules/sla.yaml), which validation checks exists. */
function deskZone(rules: Rules): string {
  const id = rules.desk.lifecycle.calendar;
  return rules.sla.calendars.find((calendar) => calendar.id === id)?.timezone ?? 'UTC';
}

/** What the agent wrote, as a note may quote it: no backticks, at most 60 characters. */
function shown(args: string): string {
  const plain = args.replaceAll('`', "'");
  return plain.length > 60 ? `${plain.slice(0, 59)}…` : plain;
}

function runSnooze(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, now } = input;
  const language = noteLanguage(rules);
  const text = texts[language];
  const zone = deskZone(rules);
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const words = command.args.split(/\s+/).filter((word) => word !== '');
  const until = snoozeUntil(words, now, zone);
  if (until === undefined) return note(text.usage(shown(command.args), zone), 'bad use');
  const when = snoozeTime(until, zone, language);
  if (until <= now) return note(text.past(when), 'in the past');
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
      body: `${marker}\n${snoozeMarker(until, comment.author)}\n@${comment.author} ${text.name}${text.snoozed(when)}`,
      cause,
    },
    ...statusActions(ticket, rules, 'pending', cause),
  ];
}

export const snooze: AgentCommand = {
  usage: '/snooze <duration|date|day [time]>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runSnooze,
};
