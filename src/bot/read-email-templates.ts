// The mail templates of rules/emails/ as the bot sends them, read at start and again on every valid reload
// of the rules (bot/watch-rules.ts). `repodesk validate` refuses rules whose templates have problems; a
// problem met here (a file changed between the two reads) is logged and that template left out.

import path from 'node:path';
import type { Logger } from '../config/logger.ts';
import { loadEmailTemplates, type EmailTemplates } from '../rules/email-templates.ts';

/** rules/emails/ under `root`, each problem logged. */
export function readEmailTemplates(root: string, log: Logger): EmailTemplates {
  const { templates, problems } = loadEmailTemplates(path.join(root, 'rules'), root);
  for (const problem of problems)
    log.error('email template problem', { file: problem.file, line: problem.line, message: problem.message });
  return templates;
}
