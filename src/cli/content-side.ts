// One side's content for `repodesk simulate`, read from a folder holding rules/ and kb/: its articles,
// each form as `repodesk forms export` writes it, the texts that may link to articles (form texts, canned
// replies), canned replies and mail templates as comparable texts.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { formLinkingTexts } from '../rules/formats/articles/form-linking-texts.ts';
import { issueTemplateConfigName } from '../rules/formats/form-config/read.ts';
import { loadEmailTemplates } from '../rules/email-templates.ts';
import type { Article, Rules } from '../rules/types.ts';
import type { ContentSide } from '../simulate/diff-content.ts';
import { githubIssueFormText } from './forms.ts';

/** The content of the desk at `root`, whose rules and articles are already loaded. */
export async function readContentSide(
  root: string,
  rules: Rules,
  articles: readonly Article[],
): Promise<ContentSide> {
  const formsDir = path.join(root, 'rules', 'forms');
  const files = (await readdir(formsDir).catch(() => [] as string[]))
    .filter((name) => /\.ya?ml$/.test(name) && !issueTemplateConfigName.test(name))
    .sort();
  const exportedForms: Record<string, string> = {};
  for (const file of files) {
    const source = path.posix.join('rules', 'forms', file);
    const data = parse(await readFile(path.join(formsDir, file), 'utf8'), {
      merge: true,
      version: '1.1',
    }) as Record<string, unknown>;
    exportedForms[file.replace(/\.ya?ml$/, '')] = githubIssueFormText(data, source, rules.desk.siteUrl);
  }
  const linkingTexts: ContentSide['linkingTexts'][number][] = [];
  const formFile = new Map(files.map((file) => [file.replace(/\.ya?ml$/, ''), `rules/forms/${file}`]));
  for (const [id, form] of Object.entries(rules.forms))
    for (const text of formLinkingTexts(formFile.get(id) ?? `rules/forms/${id}.yaml`, form))
      linkingTexts.push(text);
  const replies: Record<string, string> = {};
  for (const [id, byLang] of Object.entries(rules.replies))
    for (const [lang, reply] of Object.entries(byLang)) {
      replies[`${id}.${lang}`] = JSON.stringify([reply.title, reply.status ?? null, reply.body]);
      linkingTexts.push({ file: reply.file, text: reply.body });
    }
  const templates: Record<string, string> = {};
  for (const [id, byLang] of Object.entries(loadEmailTemplates(path.join(root, 'rules'), root).templates))
    for (const [lang, template] of Object.entries(byLang ?? {}))
      templates[`${id}.${lang}`] = JSON.stringify([template.subject, template.body]);
  return { articles, exportedForms, linkingTexts, replies, templates, siteUrl: rules.desk.siteUrl };
}
