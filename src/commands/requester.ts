// `/requester <email> [name]` gives the ticket its requester: an issue opened on GitHub (by an agent, or a
// monitoring system) has none, so it could never be mailed. The executor records the ticket's mail thread
// (a reference first, when the issue has none) and, for a first requester, queues the acknowledgement a
// form or mail ticket gets; from then `/reply` and replies by mail work. GitHub shows nothing of the
// store, so a note says who the requester is now. A bad use changes nothing and gets a note saying how to
// write it; the same requester again changes nothing and costs nothing.

import { messagesFor } from '../messages/index.ts';
import { normaliseAddress } from '../mail/read-addresses.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = { fr: messagesFor('fr').commands.requester, en: messagesFor('en').commands.requester };

function runRequester(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const [given, ...words] = command.args.split(/\s+/).filter((word) => word !== '');
  if (given === undefined) return note(text.usage, 'bad use');
  const email = normaliseAddress(given);
  if (email === '') return note(text.notAddress(given), 'not an address');
  const before = ticket.recipients;
  const sameAddress = before?.to.toLowerCase() === email;
  // No name given: the one known for this address is kept.
  const name = words.length > 0 ? words.join(' ') : sameAddress ? before.name : '';
  if (sameAddress && name === before.name) return [];
  const lang = before?.lang ?? rules.desk.languages[0] ?? 'en';
  const acknowledge = before === undefined;
  const who = name === '' ? email : `${name} <${email}>`;
  return [
    {
      kind: 'set-requester',
      email,
      name,
      lang,
      acknowledge,
      title: ticket.title,
      cause: {
        source: 'command',
        rule: 'command /requester',
        reason: `@${comment.author} set the requester`,
      },
    },
    commandNote(input, text.name + text.set(who) + (acknowledge ? text.acknowledged : ''), 'requester'),
  ];
}

export const requester: AgentCommand = {
  usage: '/requester <email> [name]',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runRequester,
};
