// The body of a ticket's issue, written for agents: who asked (unless privacy settings keep the address
// out of GitHub), through which channel, the reference, and the form answers as sections in form order.
// Files the customer sent (form uploads, mail attachments) are listed last with their signed links.
// Every customer string is neutralised. A hidden marker at the very top lets the bot find the issue it
// created after an ambiguous failure; a body over GitHub's limit is cut safely, never inside the marker
// or a character, with a pointer to the full text kept by repodesk.

import { createHash } from 'node:crypto';
import { fieldTexts } from '../forms/field-texts.ts';
import { fileSize } from '../forms/upload-texts.ts';
import type { AttachmentKind, AttachmentVerdict } from '../mail/attachments.ts';
import { messagesFor, type Messages } from '../messages/index.ts';
import { emailDomain } from '../conditions/email-domain.ts';
import { findOrganisation, indexDomains } from '../routing/find-organisation.ts';
import type { Lang, Rules } from '../rules/types.ts';
import { ticketFactsMarker, type TicketMarkerFacts } from '../tickets/markers.ts';
import { decisionMarker } from '../tickets/decision-marker.ts';
import type { RoutingDecision, TicketDraft } from '../tickets/types.ts';
import type { SuggestableArticle } from '../kb/suggest-articles.ts';
import { agentAssistSection } from './agent-assist.ts';
import { kindLabel, refusalLabel } from './attachment-texts.ts';
import { declaredOrganisationField } from './draft-from-submission.ts';
import { neutralise, neutraliseLine } from './neutralise.ts';
import { titleIsCut } from './ticket-title.ts';

export { draftFromSubmission } from './draft-from-submission.ts';
export { ticketTitle } from './ticket-title.ts';

/** GitHub refuses issue bodies longer than this (422). */
export const issueBodyMaxLength = 65_536;

export interface IssueBodyContext {
  /** The ticket's reference, given to the customer. */
  ref: string;
  /** The dedupe key of the input (form idempotency key, Message-ID…); only its hash is written. */
  key: string;
  rules: Rules;
  /** The routing decision, for the organisation and tier it found (or withheld from an unverified sender). */
  decision?: RoutingDecision & {
    organisation?: string;
    tier?: string;
    organisationWithheld?: string;
    /** The strategy that found no agent available: written in the facts for the sweep. */
    awaitingAgent?: TicketMarkerFacts['assign'];
    /** The assignment's trace line and the rule behind each automatic reply: the decision marker's. */
    assignmentWhy?: string;
    replyRules?: Record<string, string>;
    shadow?: string[];
  };
  /** The rules version in force, written in the decision marker (`unversioned` when unknown). */
  rulesVersion?: string;
  /** Files of the request, in the order the customer sent them. */
  attachments?: IssueAttachment[];
  /** The knowledge base and the help site's address: the "For the agent" section that ends the body. */
  assist?: { articles: readonly SuggestableArticle[]; siteUrl?: string };
}

/** A file of a request: a kept one with its signed link, or a refused one with the reason. */
export type IssueAttachment =
  | { name: string; kind: AttachmentKind; size: number; url: string }
  | { name: string; refused: Extract<AttachmentVerdict, { accepted: false }>['reason'] };

type Words = Messages['issueBody'];

/** The hidden marker the bot searches for; the key is hashed so the issue never shows it. */
export function ticketMarker(ref: string, key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `<!-- repodesk:ticket ref=${ref} key=${hash} -->`;
}

/** Customer text as a section body: neutralised (no Markdown of theirs acts), "no response" when empty. */
function answer(text: string, w: Words): string {
  return text.trim() === '' ? w.noResponse : neutralise(text.trim());
}

/** An address shown verbatim in a code span (where GitHub mentions nothing) when it is a plain address. */
function address(email: string): string {
  return /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/.test(email) ? `\`${email}\`` : neutraliseLine(email, 254);
}

/** The longest prefix of `text` within `max` UTF-16 units that ends on a character and entity boundary. */
function safeCut(text: string, max: number): string {
  let end = Math.max(0, Math.min(text.length, max));
  // Never half a surrogate pair, nor an accent, joiner or variation selector without what it modifies.
  while (end > 0 && end < text.length && /[\p{M}\u200d\ufe0f\udc00-\udfff]/u.test(text[end] ?? '')) end -= 1;
  const cut = text.slice(0, end);
  // Nor half an entity we wrote (`&amp;`, `&lt;`): cut before its `&`.
  const amp = cut.lastIndexOf('&');
  const whole =
    amp !== -1 && amp >= cut.length - 5 && !cut.slice(amp).includes(';') ? cut.slice(0, amp) : cut;
  // Nor an escape without the character it escapes.
  const backslashes = /\\*$/.exec(whole)?.[0].length ?? 0;
  return backslashes % 2 === 1 ? whole.slice(0, -1) : whole;
}

/** The attachments section: each kept file linked, with its checked type and size; refused ones with why. */
function attachmentSection(files: readonly IssueAttachment[], lang: Lang, w: Words): string {
  const { colon } = w;
  const lines = files.map((file) => {
    // The name is customer text like any other (its brackets escaped, so they cannot end the link text).
    const name = neutraliseLine(file.name, 100);
    if ('refused' in file) return `- ${name} (${w.notKept}${colon} ${refusalLabel(file.refused, lang)})`;
    return `- [${name}](${file.url}) · ${kindLabel(file.kind, lang)} · ${fileSize(file.size, lang)}`;
  });
  return `### ${w.attachments}\n\n${lines.join('\n')}\n`;
}

/** Renders the issue body of `draft` (see the module comment). */
export function renderIssueBody(draft: TicketDraft, context: IssueBodyContext): string {
  const { rules, ref } = context;
  const lang: Lang = rules.desk.languages[0] ?? 'en';
  const w = messagesFor(lang).issueBody;

  const found = context.decision
    ? undefined
    : findOrganisation(rules.customers, indexDomains(rules.customers), draft.requester, draft.sender);
  const organisationId = context.decision ? context.decision.organisation : found?.id;
  const withheldId = context.decision ? context.decision.organisationWithheld : found?.withheld?.id;
  const withheld = rules.customers.organisations.find((candidate) => candidate.id === withheldId);
  const organisation = rules.customers.organisations.find((candidate) => candidate.id === organisationId);
  const tierId = context.decision?.tier ?? organisation?.tier;
  const tier = rules.customers.tiers.find((candidate) => candidate.id === tierId);
  const declared = draft.fields[declaredOrganisationField];

  const who = [neutraliseLine(draft.requester.name, 100) || '—'];
  if (rules.desk.privacy.emailInIssue) {
    if (draft.requester.email !== '') who.push(address(draft.requester.email));
    if (draft.requester.phone) who.push(neutraliseLine(draft.requester.phone, 40));
  }
  if (organisation) {
    const tierName = tier ? (tier.name[lang] ?? tier.id) : tierId;
    who.push(
      `${neutraliseLine(organisation.name, 200)}${tierName ? ` (${neutraliseLine(tierName, 100)})` : ''}`,
    );
  } else if (organisationId) {
    who.push(neutraliseLine(organisationId, 200));
  }
  const { colon } = w;
  if (typeof declared === 'string' && declared !== '' && declared !== organisation?.name) {
    who.push(`${w.declared}${colon} ${neutraliseLine(declared, 200)}`);
  }

  const form = draft.form === undefined ? undefined : rules.forms[draft.form];
  const channel = form
    ? `${w.channels[draft.channel]} (${neutraliseLine(form.repodesk.translations[lang]?.name ?? form.name, 200)})`
    : w.channels[draft.channel];
  const header = [
    // The facts marker on the same line: the sweep chooses SLA policies by channel, organisation, language.
    ticketMarker(ref, context.key) +
      ticketFactsMarker({
        channel: draft.channel,
        ...(draft.sender ? { sender: draft.sender } : {}),
        ...(organisation ? { organisation: organisation.id } : {}),
        language: draft.language,
        ...(form ? { form: draft.form } : {}),
        ...(context.decision?.awaitingAgent ? { assign: context.decision.awaitingAgent } : {}),
        // The domain only, never the address: what a simulation needs to replay rules on the requester.
        ...(emailDomain(draft.requester.email) ? { domain: emailDomain(draft.requester.email) } : {}),
      }) +
      (context.decision
        ? decisionMarker({
            rules: context.rulesVersion ?? 'unversioned',
            matched: context.decision.matched,
            ...(context.decision.team === undefined ? {} : { team: context.decision.team }),
            assignees: context.decision.assignees,
            assignment: context.decision.assignmentWhy ?? '',
            replies: context.decision.replyRules ?? {},
            shadow: context.decision.shadow ?? [],
          })
        : ''),
    `**${w.requester}${colon}** ${who.join(' · ')}  `,
    `**${w.channel}${colon}** ${channel} · **${w.language}${colon}** ${neutraliseLine(draft.language, 20)} · **${w.reference}${colon}** ${neutraliseLine(ref, 100)}`,
    ...(withheld
      ? ['', w.notVerified(neutraliseLine(withheld.name, 200), draft.channel === 'email' ? 'email' : 'form')]
      : []),
    '',
  ].join('\n');

  const sections: string[] = [];
  if (form) {
    // Labels and options in the agents' language; the draft holds the form file's own option labels.
    for (const field of fieldTexts(form, lang)) {
      const value = draft.fields[field.id];
      const shown = (option: string): string => {
        const index = field.canonicalOptions.indexOf(option);
        return index === -1 ? option : (field.options[index] ?? option);
      };
      let content: string;
      if (field.type === 'checkboxes') {
        const ticked = new Set(Array.isArray(value) ? value : value === undefined ? [] : [value]);
        content = field.canonicalOptions
          .map((option) => `- [${ticked.has(option) ? 'x' : ' '}] ${neutraliseLine(shown(option), 1000)}`)
          .join('\n');
      } else if (field.type === 'dropdown') {
        content = answer(
          (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(shown).join(', '),
          w,
        );
      } else {
        content = answer(Array.isArray(value) ? value.join(', ') : (value ?? ''), w);
      }
      sections.push(`### ${neutraliseLine(field.label, 200)}\n\n${content}\n`);
    }
  } else {
    // A form's subject is one of its answers above; a mail's subject appears only in the title, whole
    // unless too long for it.
    if (titleIsCut(draft)) sections.push(`### ${w.subject}\n\n${answer(draft.subject, w)}\n`);
    sections.push(`### ${w.message}\n\n${answer(draft.body, w)}\n`);
  }

  const assist = context.assist
    ? agentAssistSection({
        rules,
        articles: context.assist.articles,
        ...(context.assist.siteUrl ? { siteUrl: context.assist.siteUrl } : {}),
        text: `${draft.subject}\n${draft.body}`,
        language: draft.language,
        ...(context.decision ? { type: context.decision.type } : {}),
        ...(form?.repodesk.category ? { category: form.repodesk.category } : {}),
      })
    : '';
  // Never cut, like the list of files: they come after the customer's answers.
  const files =
    (context.attachments && context.attachments.length > 0
      ? `\n${attachmentSection(context.attachments, lang, w)}`
      : '') + (assist === '' ? '' : `\n${assist}`);
  const body = `${header}\n${sections.join('\n')}${files}`;
  if (body.length <= issueBodyMaxLength) return body;

  // The answers are cut, never the list of files (its links are the only way to the files).
  const pointer = `\n\n---\n\n${w.truncated(neutraliseLine(ref, 100))}\n`;
  const tail = files === '' ? pointer : `\n${files}${pointer}`;
  const answers = sections.join('\n');
  let room = issueBodyMaxLength - header.length - 1 - tail.length;
  for (;;) {
    const truncated = `${header}\n${safeCut(answers, room).trimEnd()}${tail}`;
    if (truncated.length <= issueBodyMaxLength) return truncated;
    room -= truncated.length - issueBodyMaxLength;
  }
}
