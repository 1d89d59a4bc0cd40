// What a condition reads of a ticket: the request as intake produced it (routing has all of it; the
// sweep knows its channel, sender and language from the facts marker), its organisation, and
// the values the form, labels and earlier routing rules set. Texts are folded once, on first use.
import type { Channel } from './channel.ts';
import type { SenderCheck } from './sender.ts';

/** A value set on the ticket so far, with where it came from (for the trace). */
export interface TracedValue {
  value: string;
  source: string;
}

/** The request itself: a ticket draft (tickets/types.ts) has all of it. */
export interface RequestFacts {
  channel?: Channel;
  /** Form id when the request came from a site form. */
  form?: string;
  subject: string;
  body: string;
  requester: { email: string };
  language?: string;
  /** Form answers by field id: text, a chosen option, or several options. */
  fields: Record<string, string | string[]>;
  /** Absent where intake checked nothing: the `sender` condition reads it as `unverified`. */
  sender?: SenderCheck;
  /** Files the customer sent with the request, as the issue lists them; absent: none. */
  attachments?: number;
  /** A monitoring alert's severity and labels (channel `alert`); absent for every other channel. */
  alert?: { severity?: string; labels: Readonly<Record<string, string>> };
}

/** The subject, the body, or both together (`text`). */
export type TextPart = 'subject' | 'body' | 'text';

export interface ConditionFacts {
  request: RequestFacts;
  /** The organisation id (or the name given when customers.yaml does not know it), its tier, and how it was found. */
  organisation: { id?: string; tier?: string; how: string };
  priority?: TracedValue;
  type?: TracedValue;
  labels: ReadonlySet<string>;
  /** The team id (SLA policies: from the ticket's `team: …` label). */
  team?: string;
  /** Folded subject, body and both, computed on first use. */
  folded: Partial<Record<TextPart, string>>;
  /** Subject, body and both lower-cased for the patterns' required words, computed on first use. */
  lowered?: Partial<Record<TextPart, string>>;
  /** The words of the folded texts, computed on first use: most keywords are one word, found in O(1). */
  words?: Partial<Record<TextPart, Set<string>>>;
  /** Folded field answers, computed on first use. */
  foldedAnswers?: Map<string, string>;
  /** Subject and body together, computed on first use. */
  text?: string;
}

/** Whether a condition matched, and why; shared and never mutated (many are built once at compile time). */
export interface Outcome {
  readonly ok: boolean;
  readonly why: string;
}

/** A compiled condition: regexes compiled, keywords folded, the trace texts written once. */
export type Matcher = (facts: ConditionFacts) => Outcome;
