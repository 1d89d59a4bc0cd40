// `/unmerge`, on a ticket merged into another (`/merge`) the same day (the desk's time zone: its lifecycle
// calendar's): the ticket is reopened, its customer thread is its own again (a mail to its reference lands
// here, its requester no longer gets the target's replies, its files are no longer listed in the target's
// body), and both issues get a note. The next day a
// note says it is too late, and nothing changes: by then the customer may have had the target's replies.

import { messagesFor } from '../messages/index.ts';
import type { Rules } from '../rules/types.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, commandNoteMarker, noteLanguage } from './command-note.ts';
import { statusActions } from './status-actions.ts';

const texts = { fr: messagesFor('fr').commands.unmerge, en: messagesFor('en').commands.unmerge };
const mergeTexts = { fr: messagesFor('fr').commands.merge, en: messagesFor('en').commands.merge };

/** The day of `at` in the desk's time zone (its lifecycle calendar's), `2026-11-23`. */
function deskDay(rules: Rules, at: number): string {
  const calendar = rules.sla.calendars.find((candidate) => candidate.id === rules.desk.lifecycle.calendar);
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: calendar?.timezone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return format.format(at);
}

function runUnmerge(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment, now } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  if (command.args !== '') return note(text.usage, 'bad use');
  const merged = ticket.mergedInto;
  if (!merged) return note(text.notMerged, 'not merged');
  const day = deskDay(rules, merged.at);
  if (day !== deskDay(rules, now)) return note(text.tooLate(day), 'too late');
  const cause = {
    source: 'command' as const,
    rule: 'command /unmerge',
    reason: `@${comment.author} undid the merge of #${ticket.number} into #${merged.number}`,
  };
  const targetMarker = commandNoteMarker(comment.id, `unmerged=${ticket.number}`);
  return [
    commandNote(input, text.name + text.done(merged.number), 'unmerged'),
    ...statusActions(ticket, rules, 'open', cause),
    { kind: 'unmerge', cause },
    {
      kind: 'other-issue',
      number: merged.number,
      actions: [
        {
          kind: 'comment',
          marker: targetMarker,
          body: `${targetMarker}\n${text.target(ticket.number)}`,
          cause,
        },
        // The files `/merge` listed in the target's body go with it (no write when none were listed).
        {
          kind: 'list-merged-files',
          source: ticket.number,
          links: [],
          heading: mergeTexts[noteLanguage(rules)].filesHeading,
          cause,
        },
      ],
      cause,
    },
  ];
}

export const unmerge: AgentCommand = {
  usage: '/unmerge',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runUnmerge,
};
