// An issue opened on GitHub with an issue form, read back into the form's answers. GitHub writes one
// `### <label>` section per field, in the order of the form, with `_No response_` for an empty answer,
// `- [X] <label>` per checkbox, the options of a multiple dropdown joined by `, `, and a `render`
// textarea in a code fence. The form is the one whose field labels are exactly the body's headings (in
// order), so routing `field:` conditions read such an issue as they read the portal's submission of the
// same form. Pure: the body and the forms in, the form id and the answers out.
import { messagesFor } from '../messages/index.ts';
import type { FormItem, RequestForm } from '../rules/types.ts';

/** The form an issue body was written with, and its answers by field id. */
export interface IssueFormAnswers {
  form: string;
  fields: Record<string, string | string[]>;
}

type Field = Exclude<FormItem, { type: 'markdown' }>;

const noResponse = '_No response_';

/** The heading of the section ../intake/agent-assist.ts ends a routed issue with, in every language. */
const assistHeadings = new Set(['fr', 'en'].map((lang) => messagesFor(lang).issueBody.forAgent));

/**
 * The `### ` sections of `body`, in order: heading and the text under it, trimmed (a fenced code block is
 * kept whole, its `###` lines are no headings). Issue forms and repodesk's own issue bodies share this shape.
 */
export function issueBodySections(body: string): { heading: string; text: string }[] {
  const found: { heading: string; text: string }[] = [];
  let inFence = false;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = inFence ? null : /^### (.*)$/.exec(line);
    if (heading) {
      found.push({ heading: heading[1]!.trim(), text: '' });
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const current = found.at(-1);
    if (current) current.text += `${line}\n`;
  }
  return found.map((section) => ({ ...section, text: section.text.trim() }));
}

function answer(field: Field, text: string): string | string[] | undefined {
  if (field.type === 'checkboxes') {
    const ticked = new Set(
      text
        .split('\n')
        .map((line) => /^- \[[xX]\] (.*)$/.exec(line.trim())?.[1]?.trim())
        .filter((label): label is string => label !== undefined),
    );
    // As a portal submission's draft holds them: the labels of the ticked boxes.
    return field.attributes.options
      .filter((option) => ticked.has(option.label))
      .map((option) => option.label);
  }
  if (text === '' || text === noResponse) return undefined;
  if (field.type === 'dropdown' && field.attributes.multiple)
    return text.split(', ').filter((option) => field.attributes.options.includes(option));
  if (field.type === 'textarea' && field.attributes.render !== undefined) {
    const fenced = /^```[^\n]*\n([\s\S]*?)\n?```$/.exec(text);
    if (fenced) return fenced[1]!;
  }
  return text;
}

/** The form of `forms` that `body` was written with, and its answers; undefined when none fits. */
export function parseIssueFormBody(
  body: string,
  forms: Record<string, RequestForm>,
): IssueFormAnswers | undefined {
  const found = issueBodySections(body);
  // The "For the agent" section the bot appends when it routes the issue is none of the form's answers.
  while (found.length > 0 && assistHeadings.has(found.at(-1)!.heading)) found.pop();
  if (found.length === 0) return undefined;
  for (const [id, form] of Object.entries(forms)) {
    const fields = form.body.filter((item): item is Field => item.type !== 'markdown');
    if (
      fields.length !== found.length ||
      fields.some((field, index) => field.attributes.label.trim() !== found[index]!.heading)
    )
      continue;
    const answers: Record<string, string | string[]> = {};
    fields.forEach((field, index) => {
      const value = answer(field, found[index]!.text);
      if (value !== undefined) answers[field.id] = value;
    });
    return { form: id, fields: answers };
  }
  return undefined;
}
