// `/cc add <email>` and `/cc remove <email>` change who gets a copy of the ticket's mail (its requester's
// thread in the store: the next `/reply` and notices go to them too). GitHub shows nothing of the store, so
// a note says who is in copy now. A bad use (no verb, no address, an address not in copy, a ticket with
// no requester) changes nothing and gets a note saying how to write it.

import { messagesFor } from '../messages/index.ts';
import { normaliseAddress } from '../mail/read-addresses.ts';
import type { TicketAction } from '../tickets/ticket-action.ts';
import type { AgentCommand, CommandInput } from './agent-command.ts';
import { commandNote, noteLanguage } from './command-note.ts';

const texts = { fr: messagesFor('fr').commands.cc, en: messagesFor('en').commands.cc };

function runCc(input: CommandInput): TicketAction[] {
  const { command, rules, ticket, comment } = input;
  const text = texts[noteLanguage(rules)];
  const note = (sentence: string, reason: string) => [commandNote(input, text.name + sentence, reason)];
  const [verb, given, ...more] = command.args.split(/\s+/).filter((word) => word !== '');
  if ((verb !== 'add' && verb !== 'remove') || given === undefined || more.length > 0)
    return note(text.usage, 'bad use');
  const address = normaliseAddress(given);
  if (address === '') return note(text.notAddress(given), 'not an address');
  const recipients = ticket.recipients;
  if (ticket.ref === undefined || !recipients) return note(text.noRequester, 'no requester');
  if (address === recipients.to.toLowerCase()) return note(text.isRequester(address), 'the requester');
  const inCopy = recipients.cc.map((copy) => copy.toLowerCase());
  if (verb === 'remove' && !inCopy.includes(address)) return note(text.notInCopy(address), 'not in copy');
  if (verb === 'add' && inCopy.includes(address)) return [];
  const copies = verb === 'add' ? [...inCopy, address] : inCopy.filter((copy) => copy !== address);
  const cause = {
    source: 'command' as const,
    rule: 'command /cc',
    reason: `@${comment.author} ${verb === 'add' ? 'added' : 'removed'} a copy`,
  };
  return [
    {
      kind: 'set-cc',
      add: verb === 'add' ? [address] : [],
      remove: verb === 'remove' ? [address] : [],
      cause,
    },
    commandNote(
      input,
      text.name + text.copies(copies.length > 0 ? copies.join(', ') : text.nobody),
      'copies',
    ),
  ];
}

export const cc: AgentCommand = {
  usage: '/cc add <email> | /cc remove <email>',
  help: { fr: texts.fr.help, en: texts.en.help },
  run: runCc,
};
