// Builds the mails repodesk sends, as data: text and HTML parts from one template, threading headers,
// the signed Reply-To, and the robot headers on automatic mail. Pure: the Message-ID is given (derived from
// the outbox job key), so a retried send is the same message.

import { messagesFor } from '../messages/index.ts';
import type { EmailTemplate } from '../rules/email-templates.ts';
import { renderVariables } from './render-template.ts';

export interface OutgoingMail {
  /** Without angle brackets. */
  messageId: string;
  from: { name: string; address: string };
  to: string[];
  cc: string[];
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string;
  references: string[];
  /** Extra headers (Auto-Submitted, X-Loop, X-Auto-Response-Suppress). */
  headers: Record<string, string>;
  /** Files sent with the mail (an agent's reply), as read from the store. */
  attachments?: MailFile[];
}

/** A file sent with a mail. */
export interface MailFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface ArticleSuggestion {
  title: string;
  url: string;
}

export interface ComposeInput {
  template: EmailTemplate;
  /** Values of the template's variables (raw text: escaped here for HTML). */
  variables: Partial<Record<string, string>>;
  /** Up to 3 articles that might already answer (acknowledgement). */
  suggestions?: ArticleSuggestion[];
  /** Heading of the suggestions block, in the template's language. */
  suggestionsHeading?: string;
  /** The satisfaction survey's two links (a resolution mail), shown after the template's text. */
  survey?: { good: string; bad: string };
  /** Automatic mail (acknowledgement, notices) carries Auto-Submitted; an agent's reply does not. */
  automatic: boolean;
  from: { name: string; address: string };
  to: string[];
  cc?: string[];
  /** The signed plus-address. */
  replyTo: string;
  messageId: string;
  /** The last Message-ID of the thread, and the thread so far (oldest first). */
  inReplyTo?: string;
  references?: string[];
  /** Our X-Loop value (our address). */
  loopId: string;
  attachments?: MailFile[];
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

function oneLine(text: string, max: number): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .slice(0, max);
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}

/** Renders a plain-text body to HTML: paragraphs, line breaks, links; every character of text escaped. */
function textToHtml(text: string, blocks: Record<string, string>): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => {
    const key = paragraph.trim();
    if (blocks[key] !== undefined) return blocks[key];
    return `<p>${linkify(escapeHtml(paragraph)).replace(/\n/g, '<br>\n')}</p>`;
  });
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

/** Builds one outgoing mail from a template. */
export function composeMail(input: ComposeInput): OutgoingMail {
  const suggestions = (input.suggestions ?? []).slice(0, 3);
  const texts = messagesFor(input.template.lang).mail;
  const heading = input.suggestionsHeading ?? texts.suggestionsHeading;
  const suggestionsText =
    suggestions.length === 0
      ? ''
      : [
          heading,
          ...suggestions.map((article) => texts.suggestion(oneLine(article.title, 200), article.url)),
        ].join('\n');
  // The HTML of the suggestions is built from escaped parts and placed by a marker that text cannot contain.
  const suggestionsMarker = '\u0000suggestions\u0000';
  const suggestionsHtml =
    suggestions.length === 0
      ? ''
      : `<p>${escapeHtml(heading)}</p>\n<ul>\n${suggestions
          .map(
            (article) =>
              `<li><a href="${escapeHtml(article.url)}">${escapeHtml(oneLine(article.title, 200))}</a></li>`,
          )
          .join('\n')}\n</ul>`;
  const values = { ...input.variables, suggestions: suggestionsText };
  const text =
    renderVariables(input.template.body, values)
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n';
  const htmlSource = renderVariables(input.template.body, {
    ...input.variables,
    suggestions: suggestionsMarker,
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const survey = input.survey;
  const surveyText = survey
    ? `\n${texts.surveyHeading}\n${texts.surveyLink(texts.surveyGood, survey.good)}\n${texts.surveyLink(texts.surveyBad, survey.bad)}\n`
    : '';
  const surveyMarker = '\u0000survey\u0000';
  const surveyHtml = survey
    ? `<p>${escapeHtml(texts.surveyHeading)}</p>\n<p><a href="${escapeHtml(survey.good)}">${escapeHtml(texts.surveyGood)}</a> · <a href="${escapeHtml(survey.bad)}">${escapeHtml(texts.surveyBad)}</a></p>`
    : '';
  const html = textToHtml(survey ? `${htmlSource}\n\n${surveyMarker}` : htmlSource, {
    [suggestionsMarker]: suggestionsHtml,
    [surveyMarker]: surveyHtml,
    '': '',
  }).replace(/<p><\/p>\n?/g, '');
  const headers: Record<string, string> = { 'X-Loop': input.loopId };
  if (input.automatic) {
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const references = [...(input.references ?? [])];
  if (input.inReplyTo && !references.includes(input.inReplyTo)) references.push(input.inReplyTo);
  const mail: OutgoingMail = {
    messageId: input.messageId,
    from: { name: oneLine(input.from.name, 100), address: input.from.address },
    to: input.to,
    cc: input.cc ?? [],
    replyTo: input.replyTo,
    subject: oneLine(renderVariables(input.template.subject, values), 250),
    text: text + surveyText,
    html,
    references: references.slice(-20),
    headers,
  };
  if (input.inReplyTo) mail.inReplyTo = input.inReplyTo;
  if (input.attachments && input.attachments.length > 0) mail.attachments = input.attachments;
  return mail;
}
