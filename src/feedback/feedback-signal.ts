// The contract of `POST /api/feedback`, in one place: the help site builds its signals with these types
// (site/scripts/bot.ts, bundled at build time) and the bot checks what it receives with
// `parseFeedbackSignal`, so the two sides cannot drift apart. Pure: no I/O, no clock.

/** Every kind of signal the help site sends, as stored and counted by the bot. */
export const feedbackKinds = [
  'article-helpful',
  'article-not-helpful',
  'article-comment',
  'empty-search',
  'deflection',
  'assistant',
] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

/** Caps the site applies (maxlength) and the bot enforces. */
export const feedbackLimits = {
  /** Characters (UTF-16 code units, as a textarea's maxlength counts them) of an article comment. */
  commentChars: 1000,
  /** Characters of the search words of an empty search. */
  queryChars: 200,
} as const;

/** A reader's yes/no on an article. */
export interface ArticleVoteSignal {
  kind: 'article-helpful' | 'article-not-helpful';
  lang: string;
  article: string;
}

/** The optional comment a reader adds after voting; `helpful` repeats the vote it explains. */
export interface ArticleCommentSignal {
  kind: 'article-comment';
  lang: string;
  article: string;
  helpful: boolean;
  comment: string;
}

/** A search that found nothing, once the reader stopped typing. */
export interface EmptySearchSignal {
  kind: 'empty-search';
  lang: string;
  query: string;
}

/** A customer who said a suggested article solved the problem, and did not send `form`. */
export interface DeflectionSignal {
  kind: 'deflection';
  lang: string;
  article: string;
  form: string;
}

/** How a conversation with the help site's assistant ended. */
export const assistantOutcomes = ['deflected', 'escalated'] as const;
export type AssistantOutcome = (typeof assistantOutcomes)[number];

/**
 * The end of a conversation with the help site's assistant: `deflected`, the customer said `article`
 * solved the problem; `escalated`, the assistant opened the request form `form`. Never what was typed.
 */
export type AssistantSignal =
  | { kind: 'assistant'; lang: string; outcome: 'deflected'; article: string }
  | { kind: 'assistant'; lang: string; outcome: 'escalated'; form: string };

export type FeedbackSignal =
  ArticleVoteSignal | ArticleCommentSignal | EmptySearchSignal | DeflectionSignal | AssistantSignal;

/** What the desk knows, to check a signal against. */
export interface FeedbackContext {
  languages: readonly string[];
  forms: readonly string[];
}

export interface FeedbackProblem {
  field: string;
  message: string;
}

export type ParsedFeedback = { ok: true; signal: FeedbackSignal } | { ok: false; errors: FeedbackProblem[] };

const slugPattern = /^[a-z0-9][a-z0-9-]{0,99}$/;

// Control characters (terminal escapes included), bidirectional overrides and zero-width tricks: a
// comment is shown to agents in a terminal (`repodesk report feedback`) and must stay plain text.
// Newlines and tabs are folded into spaces.
const unsafeCharacters =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Customer text made safe to store and print: NFC, no control or direction characters, single spaces. */
export function plainText(text: string): string {
  return text.normalize('NFC').replace(unsafeCharacters, '').replace(/\s+/g, ' ').trim();
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${plainText(value).slice(0, 40)}"`;
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}

/**
 * Checks a signal from the help site: every problem is listed with the field, what was expected and
 * what was found. Unknown fields are ignored (and not kept).
 */
export function parseFeedbackSignal(body: unknown, context: FeedbackContext): ParsedFeedback {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, errors: [{ field: '', message: `expected a JSON object, found ${describe(body)}` }] };
  const input = body as Record<string, unknown>;
  const errors: FeedbackProblem[] = [];
  const kind = input.kind;
  if (typeof kind !== 'string' || !(feedbackKinds as readonly string[]).includes(kind))
    errors.push({
      field: 'kind',
      message: `expected one of ${feedbackKinds.join(', ')}, found ${describe(kind)}`,
    });
  const lang = input.lang;
  if (typeof lang !== 'string' || !context.languages.includes(lang))
    errors.push({
      field: 'lang',
      message: `expected one of ${context.languages.join(', ')}, found ${describe(lang)}`,
    });
  const article = (): string => {
    const value = input.article;
    if (typeof value === 'string' && slugPattern.test(value)) return value;
    errors.push({
      field: 'article',
      message: `expected the slug of an article (lower-case letters, digits and dashes), found ${describe(value)}`,
    });
    return '';
  };
  let signal: FeedbackSignal | undefined;
  const language = String(lang);
  switch (kind as FeedbackKind) {
    case 'article-helpful':
    case 'article-not-helpful':
      signal = { kind: kind as ArticleVoteSignal['kind'], lang: language, article: article() };
      break;
    case 'article-comment': {
      const slug = article();
      const helpful = input.helpful;
      if (typeof helpful !== 'boolean')
        errors.push({ field: 'helpful', message: `expected true or false, found ${describe(helpful)}` });
      const comment = typeof input.comment === 'string' ? plainText(input.comment) : '';
      if (comment === '')
        errors.push({
          field: 'comment',
          message: `expected the reader's comment, found ${describe(input.comment)}`,
        });
      else if (comment.length > feedbackLimits.commentChars)
        errors.push({
          field: 'comment',
          message: `the comment is limited to ${feedbackLimits.commentChars} characters, found ${comment.length}`,
        });
      signal = { kind: 'article-comment', lang: language, article: slug, helpful: helpful === true, comment };
      break;
    }
    case 'empty-search': {
      const query = typeof input.query === 'string' ? plainText(input.query) : '';
      if (query === '')
        errors.push({ field: 'query', message: `expected the search words, found ${describe(input.query)}` });
      signal = { kind: 'empty-search', lang: language, query: query.slice(0, feedbackLimits.queryChars) };
      break;
    }
    case 'deflection': {
      const slug = article();
      const form = input.form;
      if (typeof form !== 'string' || !context.forms.includes(form))
        errors.push({
          field: 'form',
          message: `expected the id of a request form (${context.forms.join(', ')}), found ${describe(form)}`,
        });
      signal = { kind: 'deflection', lang: language, article: slug, form: String(form) };
      break;
    }
    case 'assistant': {
      const outcome = input.outcome;
      if (outcome === 'deflected') {
        signal = { kind: 'assistant', lang: language, outcome, article: article() };
      } else if (outcome === 'escalated') {
        const form = input.form;
        if (typeof form !== 'string' || !context.forms.includes(form))
          errors.push({
            field: 'form',
            message: `expected the id of the request form the assistant opened (${context.forms.join(', ')}), found ${describe(form)}`,
          });
        signal = { kind: 'assistant', lang: language, outcome, form: String(form) };
      } else {
        errors.push({
          field: 'outcome',
          message: `expected one of ${assistantOutcomes.join(', ')}, found ${describe(outcome)}`,
        });
      }
      break;
    }
  }
  return errors.length > 0 || !signal ? { ok: false, errors } : { ok: true, signal };
}
