// A ticket draft read back from what GitHub holds of it, so that a simulation runs with a read token and no
// access to the bot's store: the facts marker intake wrote on the body's first line (channel, sender check,
// organisation, language, form; ids only, never an address) and the body's `### ` sections (a form's
// answers under its labels in the desk's language, or the message). Markers count only in an issue a
// repodesk login opened; any other issue is a github-channel draft of its title and body, as the bot routes
// an issue opened on GitHub. The requester's address is not on GitHub, only its domain (in the facts, since
// they keep it): the draft's requester is `@domain`, so rules on the requester's domain and organisations
// found by domain replay, and a rule on a whole address sees none.
// Pure: the issue and the rules in, the draft out.

import { fieldTexts } from '../forms/field-texts.ts';
import { issueBodySections, parseIssueFormBody } from '../forms/parse-issue-form-body.ts';
import { neutraliseLine } from '../intake/neutralise.ts';
import { messagesFor } from '../messages/index.ts';
import { sameLogin } from '../rules/agents.ts';
import type { Rules } from '../rules/types.ts';
import { readTicketFacts, startsWithTicketMarker } from '../tickets/markers.ts';
import type { TicketDraft } from '../tickets/types.ts';

/** What a simulation reads of an issue. */
export interface IssueText {
  title: string;
  body: string;
  author: string;
}

/** A field's answer as the issue shows it, back in the form file's own options (what rules compare). */
function answerOf(
  field: ReturnType<typeof fieldTexts>[number],
  text: string,
  noResponse: string,
): string | string[] | undefined {
  const canonical = (shown: string) => {
    const index = field.options.indexOf(shown);
    return index === -1 ? shown : (field.canonicalOptions[index] ?? shown);
  };
  if (field.type === 'checkboxes')
    return text
      .split('\n')
      .map((line) => /^- \[[xX]\] (.*)$/.exec(line.trim())?.[1]?.trim())
      .filter((label): label is string => label !== undefined)
      .map(canonical);
  if (text === '' || text === noResponse) return undefined;
  if (field.type === 'dropdown') {
    const chosen = text.split(', ').map(canonical);
    return field.multiple ? chosen : chosen[0];
  }
  return text;
}

/** The draft `issue` was (most likely) made from; see the module comment. */
export function draftFromIssue(
  issue: IssueText,
  rules: Rules,
  repodeskLogins: readonly string[],
): TicketDraft {
  const deskLanguage = rules.desk.languages[0] ?? 'en';
  const byRepodesk =
    startsWithTicketMarker(issue.body) && repodeskLogins.some((login) => sameLogin(login, issue.author));
  const facts = byRepodesk ? readTicketFacts(issue.body) : undefined;
  if (!facts) {
    const answers = parseIssueFormBody(issue.body, rules.forms);
    return {
      channel: 'github',
      ...(answers ? { form: answers.form } : {}),
      subject: issue.title,
      body: issue.body,
      requester: { name: issue.author, email: '' },
      language: deskLanguage,
      fields: answers?.fields ?? {},
      labels: [],
    };
  }
  // Intake wrote the sections in the desk's first language (see intake/render-issue-body.ts).
  const words = messagesFor(deskLanguage).issueBody;
  const found = issueBodySections(issue.body);
  const form = facts.form === undefined ? undefined : rules.forms[facts.form];
  const fields: Record<string, string | string[]> = {};
  if (form) {
    // One section per field, in form order (two fields may share a label): each field takes the next
    // section under its label.
    let next = 0;
    for (const field of fieldTexts(form, deskLanguage)) {
      const at = found.findIndex(
        (section, index) => index >= next && section.heading === neutraliseLine(field.label, 200).trim(),
      );
      if (at === -1) continue;
      next = at + 1;
      const value = answerOf(field, found[at]!.text, words.noResponse);
      if (value !== undefined) fields[field.id] = value;
    }
  }
  const section = (heading: string) => found.find((candidate) => candidate.heading === heading)?.text;
  const answer = (id: string) => (typeof fields[id] === 'string' ? fields[id] : '');
  return {
    channel: facts.channel ?? 'web',
    ...(form ? { form: facts.form } : {}),
    // As intake made them: a form's subject and description are two of its answers.
    subject: form ? answer(form.repodesk.subjectField) : (section(words.subject) ?? issue.title),
    body: form ? answer(form.repodesk.descriptionField) : (section(words.message) ?? ''),
    requester: {
      name: '',
      email: facts.domain ? `@${facts.domain}` : '',
      ...(facts.organisation ? { organisation: facts.organisation } : {}),
    },
    language: facts.language ?? deskLanguage,
    fields,
    labels: [...(form?.labels ?? [])],
    ...(facts.sender ? { sender: facts.sender } : {}),
  };
}
