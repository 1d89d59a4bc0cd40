// rules/emails/, second pass: every template repodesk sends, in each desk language.
import type { Finding } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import { emailTemplateIds } from './email-template.ts';

/** The second pass over rules/emails/ (nothing when the desk has no such folder: it sends no mail). */
export function checkEmails(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const emails = input.emails;
  if (!emails) return out;
  for (const id of emailTemplateIds) {
    const present = Object.keys(emails.templates[id] ?? {});
    for (const lang of known.languages ?? []) {
      const file = `rules/emails/${id}.${lang}.md`;
      // A file that is there but broken has its own error from the first pass.
      if (present.includes(lang) || emails.files.has(file)) continue;
      out.push(
        present.length === 0
          ? {
              file,
              path: [],
              line: 1,
              column: 1,
              severity: 'error',
              message: `missing file: repodesk sends the "${id}" mail and rules/emails/ has no template for it; add ${file} (subject: in the frontmatter, the message below)`,
            }
          : {
              file,
              path: [],
              line: 1,
              column: 1,
              severity: 'warning',
              message: `missing translation: the "${id}" mail goes out in ${present.join(', ')} to ${lang} speakers; add ${file}`,
            },
      );
    }
  }
  return out;
}
