// Email templates: `rules/emails/<id>.<lang>.md`, a frontmatter with the `subject` and a plain-text body,
// both with `{{variables}}`. Admins change them by pull request like every other rule; a template that
// uses an unknown variable is a problem at its line and column, not an empty gap in a customer's mail.

import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from './problem.ts';
import { readFrontmatter } from './read-frontmatter.ts';
import { replyVariables } from './types.ts';
import type { Lang } from './types.ts';

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
export const emailVariables = [...replyVariables, 'message', 'suggestions', 'subject', 'limit'] as const;
export type EmailVariable = (typeof emailVariables)[number];

export interface EmailTemplate {
  id: EmailTemplateId;
  lang: Lang;
  subject: string;
  body: string;
  file: string;
}

export type EmailTemplates = Partial<Record<EmailTemplateId, Record<Lang, EmailTemplate>>>;

/** A `{{variable}}` of a template or canned reply (the name in the first group). */
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

/** Reads every template of `rulesDir/emails`; `root` makes file names relative in problems. */
export function loadEmailTemplates(
  rulesDir: string,
  root = path.dirname(rulesDir),
): { templates: EmailTemplates; problems: Problem[] } {
  const dir = path.join(rulesDir, 'emails');
  const templates: EmailTemplates = {};
  const problems: Problem[] = [];
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .sort()
    : [];
  for (const name of names) {
    const file = path.relative(root, path.join(dir, name)).split(path.sep).join('/');
    const nameMatch = /^([a-z-]+)\.([a-z]{2})\.md$/.exec(name);
    const id = emailTemplateIds.find((known) => known === nameMatch?.[1]);
    if (!nameMatch || id === undefined) {
      problems.push({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `expected a file named <template>.<lang>.md with a template among ${emailTemplateIds.join(', ')}; found "${name}"`,
      });
      continue;
    }
    const markdown = readFrontmatter(file, fs.readFileSync(path.join(dir, name), 'utf8'));
    problems.push(...markdown.problems);
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
      continue;
    }
    problems.push(
      ...checkVariables(file, data.subject, 2, 'subject'),
      ...checkVariables(file, markdown.body, markdown.bodyLine, 'body'),
    );
    const lang = nameMatch[2] ?? '';
    (templates[id] ??= {})[lang] = { id, lang, subject: data.subject, body: markdown.body.trim(), file };
  }
  return { templates, problems };
}
