// The email template format: `rules/emails/<id>.<lang>.md`, a frontmatter with the `subject` and a
// plain-text body, both with `{{variables}}`. A template that uses an unknown variable is a problem at its
// line and column, not an empty gap in a customer's mail. Pure: the text in, the template and problems out.
import type { Problem } from '../../problem.ts';
import { readFrontmatter } from '../../read-frontmatter.ts';
import { replyVariables } from '../../types.ts';
import type { Lang } from '../../types.ts';

/** The templates repodesk sends. */
export const emailTemplateIds = [
  'acknowledgement',
  'reply',
  'auto-reply',
  'too-large',
  'auto-close',
  'reminder',
] as const;
export type EmailTemplateId = (typeof emailTemplateIds)[number];

/** Variables of email templates: those of canned replies, plus the mail-only ones. */
const emailVariables = [...replyVariables, 'message', 'suggestions', 'subject', 'limit'] as const;

export interface EmailTemplate {
  id: EmailTemplateId;
  lang: Lang;
  subject: string;
  body: string;
  file: string;
}

export type EmailTemplates = Partial<Record<EmailTemplateId, Record<Lang, EmailTemplate>>>;

/** `{{ name }}` in a template. */
export const variablePattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

function checkVariables(file: string, text: string, firstLine: number, where: string): Problem[] {
  const problems: Problem[] = [];
  const known = new Set<string>(emailVariables);
  text.split('\n').forEach((line, index) => {
    for (const found of line.matchAll(variablePattern)) {
      const name = found[1] ?? '';
      if (known.has(name)) continue;
      problems.push({
        file,
        line: firstLine + index,
        column: (found.index ?? 0) + 1,
        path: where,
        severity: 'error',
        message: `unknown variable "{{${name}}}"; known variables: ${emailVariables.join(', ')}`,
      });
    }
  });
  return problems;
}

/** Whether a file name names a template repodesk sends; when not, the problem to report instead. */
export function emailTemplateName(
  file: string,
  name: string,
): { id: EmailTemplateId; lang: Lang } | { problem: Problem } {
  const nameMatch = /^([a-z-]+)\.([a-z]{2})\.md$/.exec(name);
  const id = emailTemplateIds.find((known) => known === nameMatch?.[1]);
  if (!nameMatch || id === undefined)
    return {
      problem: {
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `expected a file named <template>.<lang>.md with a template among ${emailTemplateIds.join(', ')}; found "${name}"`,
      },
    };
  return { id, lang: nameMatch[2] ?? '' };
}

/** Reads the template `file` (named `name`) from its text: the template when usable, and every problem. */
export function parseEmailTemplate(
  file: string,
  name: string,
  text: string,
): { template?: EmailTemplate; problems: Problem[] } {
  const named = emailTemplateName(file, name);
  if ('problem' in named) return { problems: [named.problem] };
  const markdown = readFrontmatter(file, text);
  const problems = [...markdown.problems];
  const data = markdown.source?.data as { subject?: unknown } | undefined;
  if (!data || typeof data.subject !== 'string' || data.subject.trim() === '') {
    problems.push({
      file,
      line: 2,
      column: 1,
      path: 'subject',
      severity: 'error',
      message: 'expected a `subject:` line in the frontmatter, found none; add the subject of the mail',
    });
    return { problems };
  }
  problems.push(
    ...checkVariables(file, data.subject, 2, 'subject'),
    ...checkVariables(file, markdown.body, markdown.bodyLine, 'body'),
  );
  const { id, lang } = named;
  return { template: { id, lang, subject: data.subject, body: markdown.body.trim(), file }, problems };
}
