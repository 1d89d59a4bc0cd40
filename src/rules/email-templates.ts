// Email templates as the bot uses them: read from `rules/emails/` (the format, its checks and its
// variables are in formats/emails/); mail/render-template.ts picks one and fills its `{{variables}}`.

import fs from 'node:fs';
import path from 'node:path';
import {
  emailTemplateName,
  parseEmailTemplate,
  type EmailTemplates,
} from './formats/emails/email-template.ts';
import type { Problem } from './problem.ts';

export {
  variablePattern,
  type EmailTemplate,
  type EmailTemplateId,
  type EmailTemplates,
} from './formats/emails/email-template.ts';

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
    // A misnamed file is reported without being read.
    const text =
      'problem' in emailTemplateName(file, name) ? '' : fs.readFileSync(path.join(dir, name), 'utf8');
    const parsed = parseEmailTemplate(file, name, text);
    problems.push(...parsed.problems);
    if (parsed.template) (templates[parsed.template.id] ??= {})[parsed.template.lang] = parsed.template;
  }
  return { templates, problems };
}
