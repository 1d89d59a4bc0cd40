// rules/replies/*.md, second pass: file names, variables, languages, ids unique per language, every
// reply in every desk language.
import { closestMatch } from '../../closest-match.ts';
import type { Finding } from '../../finding.ts';
import { reference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import { replyVariables } from '../../types.ts';

const variablePattern = /\{\{\s*([^}]*?)\s*\}\}/g;

/** The second pass over rules/replies/. */
export function checkReplies(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, string>();
  const languagesById = new Map<string, { langs: Set<string>; file: string }>();
  const allowed: readonly string[] = replyVariables;
  for (const reply of input.replies) {
    if (reply.fileId === undefined) {
      out.push({
        file: reply.file,
        path: [],
        line: 1,
        column: 1,
        severity: 'error',
        message: `expected a file name like <id>.<lang>.md (e.g. password-reset.fr.md); rename the file`,
      });
    }
    const lines = reply.body.split('\n');
    lines.forEach((text, index) => {
      for (const match of text.matchAll(variablePattern)) {
        const name = match[1]!;
        if (allowed.includes(name)) continue;
        const suggestion = closestMatch(name, allowed);
        out.push({
          file: reply.file,
          path: [],
          line: reply.bodyLine + index,
          column: match.index + 1,
          severity: 'error',
          message: `unknown variable {{${name}}}${suggestion ? ` (did you mean {{${suggestion}}}?)` : ''}; known variables: ${allowed.join(', ')}`,
        });
      }
    });
    const frontmatter = reply.frontmatter;
    if (!frontmatter) continue;
    if (reply.fileLang !== undefined && frontmatter.lang !== reply.fileLang) {
      out.push({
        file: reply.file,
        path: ['lang'],
        severity: 'error',
        message: `expected lang "${reply.fileLang}" as in the file name, found "${frontmatter.lang}"; fix lang or rename the file`,
      });
    }
    reference(
      out,
      reply.file,
      ['lang'],
      known.languages,
      frontmatter.lang,
      'language',
      'languages (desk.yaml)',
    );
    const key = `${frontmatter.id}\u0000${frontmatter.lang}`;
    const other = seen.get(key);
    if (other) {
      out.push({
        file: reply.file,
        path: ['id'],
        severity: 'error',
        message: `duplicate reply "${frontmatter.id}" in ${frontmatter.lang} (also ${other}); rename one id`,
      });
    } else seen.set(key, reply.file);
    const entry = languagesById.get(frontmatter.id) ?? { langs: new Set<string>(), file: reply.file };
    entry.langs.add(frontmatter.lang);
    languagesById.set(frontmatter.id, entry);
  }
  for (const [id, { langs, file }] of languagesById) {
    for (const lang of known.languages ?? []) {
      if (!langs.has(lang)) {
        out.push({
          file,
          path: ['id'],
          severity: 'warning',
          message: `reply "${id}" has no "${lang}" version; ${lang} requesters get it in ${[...langs].join(', ')}; add rules/replies/${id}.${lang}.md`,
        });
      }
    }
  }
  return out;
}
