// What is kept of one signal from the help site (src/store/feedback-log.ts stores it, feedback-report.ts
// reads it): its kind, language, time and the few words it carries, never who sent it.

import type { AssistantOutcome, FeedbackKind } from './feedback-signal.ts';

/** One stored signal. */
export interface FeedbackEntry {
  kind: FeedbackKind;
  lang: string;
  /** Article slug (votes, comments, deflections). */
  article?: string;
  /** The search words that found nothing, lower-cased and shortened. */
  query?: string;
  /** A reader's comment on an article, plain text. */
  comment?: string;
  /** Whether the vote a comment explains was "yes". */
  helpful?: boolean;
  /** The request form a deflection kept from being sent, or the one the assistant opened. */
  form?: string;
  /** How a conversation with the assistant ended (kind `assistant`). */
  outcome?: AssistantOutcome;
  at: number;
}
