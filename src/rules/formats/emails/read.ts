// rules/emails/*.md, first pass: each template as the bot reads it. A desk without the folder sends no
// mail, and its absence is no problem.
import path from 'node:path';
import type { RulesInput } from '../../rules-input.ts';
import type { FormatReader } from '../format-reader.ts';
import { parseEmailTemplate, type EmailTemplates } from './email-template.ts';

export async function readEmails(reader: FormatReader, input: RulesInput): Promise<void> {
  if (!(await reader.exists('rules/emails'))) return;
  const files = await reader.list('rules/emails', (name) => name.endsWith('.md'));
  const texts = await Promise.all(files.map((file) => reader.read(file)));
  const templates: EmailTemplates = {};
  files.forEach((file, index) => {
    const { template, problems } = parseEmailTemplate(file, path.posix.basename(file), texts[index] ?? '');
    for (const problem of problems) reader.report(problem);
    if (!template) return;
    reader.counted(file);
    (templates[template.id] ??= {})[template.lang] = template;
  });
  input.emails = { templates, files: new Set(files) };
}
