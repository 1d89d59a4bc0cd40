// Hidden markers repodesk writes into issues, shared by every module that must recognise them.

import type { AssignmentStrategy, Channel, SenderCheck } from '../rules/types.ts';
import { assignmentStrategies, channels, senderChecks } from '../rules/types.ts';

/** True when the body starts with the ticket marker, where intake writes it (not a copy in the text). */
export function startsWithTicketMarker(body: string): boolean {
  return body.startsWith('<!-- repodesk:ticket ');
}

/**
 * The reference in the ticket marker at the very start of the body, where intake writes it; undefined
 * without one. Anybody can type a marker into an issue they open: only the store and the author
 * tell whether repodesk wrote it.
 */
export function ticketMarkerRef(body: string): string | undefined {
  return /^<!-- repodesk:ticket ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4}) key=[0-9a-f]+ -->/.exec(body)?.[1];
}

/**
 * What intake knows of a ticket that the labels do not say, kept for every process that chooses an
 * SLA policy later (the bot's sweep, an Actions run, `repodesk sla explain`): the channel, the organisation
 * found by the requester's email domain (its tier is read from customers.yaml at sweep time, so a change of
 * tier applies to open tickets), the request's language and the form it came through (for reports).
 */
export interface TicketMarkerFacts {
  channel: Channel;
  /** Whether intake proved the requester's address theirs (absent: nothing checked it). */
  sender?: SenderCheck;
  organisation?: string;
  language?: string;
  /** The site form the request came through (reports count requests per form). */
  form?: string;
  /**
   * The domain of the requester's address (never the address): `repodesk simulate` replays rules on the
   * requester's domain and organisation from it. Absent on tickets created before it was kept.
   */
  domain?: string;
  /**
   * The strategy routing wanted an agent by when none of the team was available (leave, hours, capacity):
   * the sweep assigns the ticket by it once one is. Absent when routing assigned someone or nobody on purpose.
   */
  assign?: Exclude<AssignmentStrategy, 'none'>;
}

/** Values written into the facts marker: ids and language tags only, never free text. */
const safeValue = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i;

/** The hidden facts marker intake writes right after the ticket marker, on the body's first line. */
export function ticketFactsMarker(facts: TicketMarkerFacts): string {
  const fields: [string, string | undefined][] = [
    ['channel', facts.channel],
    ['sender', facts.sender],
    ['organisation', facts.organisation],
    ['language', facts.language],
    ['form', facts.form],
    ['assign', facts.assign],
    ['domain', facts.domain],
  ];
  const written = fields
    .filter((field): field is [string, string] => field[1] !== undefined && safeValue.test(field[1]))
    .map(([key, value]) => `${key}=${value}`);
  return `<!-- repodesk:facts ${written.join(' ')} -->`;
}

/**
 * The facts marker at the very start of an issue body, right after the ticket marker: where only intake
 * writes (customer text comes later, neutralised, and can hold no `<!--`). Anything else is no facts.
 */
const leadingFacts =
  /^<!-- repodesk:ticket ref=[^\s>]+ key=[0-9a-f]+ --><!-- repodesk:facts ((?:[a-z]+=[A-Za-z0-9._-]+ ?)*)-->/;

/**
 * Reads the facts intake wrote into an issue body; undefined when the body does not start with them. Anyone
 * opening an issue can copy them: read them only from an issue repodesk opened (see sweep/ticket-facts.ts).
 */
export function readTicketFacts(body: string): Partial<TicketMarkerFacts> | undefined {
  const found = leadingFacts.exec(body);
  if (!found) return undefined;
  const facts: Partial<TicketMarkerFacts> = {};
  for (const pair of (found[1] ?? '').trim().split(' ')) {
    const [key = '', value = ''] = pair.split('=');
    if (key === 'channel' && (channels as readonly string[]).includes(value))
      facts.channel = value as Channel;
    else if (key === 'sender' && (senderChecks as readonly string[]).includes(value))
      facts.sender = value as SenderCheck;
    else if (key === 'organisation' && value !== '') facts.organisation = value;
    else if (key === 'language' && value !== '') facts.language = value;
    else if (key === 'form' && value !== '') facts.form = value;
    else if (key === 'domain' && value !== '') facts.domain = value.toLowerCase();
    else if (
      key === 'assign' &&
      value !== 'none' &&
      (assignmentStrategies as readonly string[]).includes(value)
    )
      facts.assign = value as Exclude<AssignmentStrategy, 'none'>;
  }
  return facts;
}

/**
 * The hidden marker ending a customer's mail on the ticket theirs was merged into (`/merge`): whose thread it
 * is, so that each requester's follow page shows their own messages only. Customer text can hold no `<!--`.
 */
export function viaReferenceMarker(ref: string): string {
  return `<!-- repodesk:via ref=${ref} -->`;
}

/** The reference a customer's message came through when it ends with `viaReferenceMarker`; else undefined. */
export function viaReferenceOf(body: string): string | undefined {
  return /\n<!-- repodesk:via ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4}) -->$/.exec(body.trimEnd())?.[1];
}
