// Loads and validates everything under rules/ and kb/: the only module of rules/ that touches the
// file system. Two passes: structure (YAML syntax, then JSON Schema, all errors mapped back to
// line:column), then meaning (references, duplicates, regexes, timezones, hours, links…).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { emailTemplateIds, loadEmailTemplates } from './email-templates.ts';
import type { ArticleInput } from './formats/articles/check.ts';
import { checkRules } from './check-rules.ts';
import type { Finding } from './finding.ts';
import type { ReplyInput, RulesInput } from './rules-input.ts';
import { compareProblems } from './problem.ts';
import type { Problem } from './problem.ts';
import { hashRulesFolder } from './hash-rules-folder.ts';
import { readFrontmatter } from './read-frontmatter.ts';
import { unquotedBooleans } from './formats/forms/github-issue-form.ts';
import { readIcsHolidays } from './formats/sla/read-ics-holidays.ts';
import type { FormatId } from './formats/index.ts';
import type {
  Article,
  ArticleFrontmatter,
  CannedReply,
  CannedReplyFrontmatter,
  CustomersFile,
  DeskSettings,
  Lang,
  RequestForm,
  RoutingFile,
  Rules,
  SlaFile,
  TeamsFile,
} from './types.ts';
import { validateSchema } from './validate-schema.ts';
import { formatPath, locate, parseYamlSource } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';

export { formatProblem } from './problem.ts';
export type { Problem } from './problem.ts';

export interface LoadResult {
  /** Present only when there is no error (warnings allowed). */
  rules?: Rules;
  /** Articles whose frontmatter is valid (drafts and internal ones included). */
  articles: Article[];
  /** Every problem found, sorted by file and position. */
  problems: Problem[];
  /** Files read under rules/ (relative to the root), for summaries. */
  ruleFiles: string[];
  /** `hashRulesFolder` of what was read: the identity of these rules (see rules-version.ts). */
  contentHash: string;
  /**
   * False when rules/ kept changing while it was read (a pull in progress): the hash may not describe
   * what was read; load again once the changes stop.
   */
  settled: boolean;
}

export interface LoadOptions {
  /** Today, for `reviewBy` and for holiday lists about to run out. */
  now: Date;
}

const singleFiles = ['desk', 'teams', 'customers', 'routing', 'sla'] as const;

/**
 * The mail templates of rules/emails/, when the desk has that folder (a desk without it sends no mail):
 * each file checked as the bot reads it, and every template repodesk sends present in each desk language.
 */
function checkEmailTemplates(
  root: string,
  rulesDir: string,
  languages: Lang[],
  ruleFiles: string[],
): Problem[] {
  if (!existsSync(path.join(rulesDir, 'emails'))) return [];
  const { templates, problems } = loadEmailTemplates(rulesDir, root);
  for (const byLang of Object.values(templates))
    for (const template of Object.values(byLang)) ruleFiles.push(template.file);
  for (const id of emailTemplateIds) {
    const present = Object.keys(templates[id] ?? {});
    for (const lang of languages) {
      const file = `rules/emails/${id}.${lang}.md`;
      // A file that is there but broken has its own error above.
      if (present.includes(lang) || existsSync(path.join(root, file))) continue;
      problems.push(
        present.length === 0
          ? {
              file,
              line: 1,
              column: 1,
              path: '',
              severity: 'error',
              message: `missing file: repodesk sends the "${id}" mail and rules/emails/ has no template for it; add ${file} (subject: in the frontmatter, the message below)`,
            }
          : {
              file,
              line: 1,
              column: 1,
              path: '',
              severity: 'warning',
              message: `missing translation: the "${id}" mail goes out in ${present.join(', ')} to ${lang} speakers; add ${file}`,
            },
      );
    }
  }
  return problems;
}

async function listFiles(
  dir: string,
  accept: (name: string) => boolean,
  recursive = false,
): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

const toPosix = (file: string) => file.split(path.sep).join('/');

/** Reads rules/ again while it changes under the reader, this many times at most. */
const maxReads = 3;

/**
 * Loads rules/ and kb/ under `root` and validates them; never throws on a user mistake. The content
 * hash is taken before and after reading: equal, it describes what was read.
 */
export async function loadRules(root: string, options: LoadOptions): Promise<LoadResult> {
  let before = await hashRulesFolder(root);
  for (let read = 1; ; read += 1) {
    const result = await loadRulesOnce(root, options);
    const after = await hashRulesFolder(root);
    if (after === before || read === maxReads) {
      return { ...result, contentHash: after, settled: after === before };
    }
    before = after;
  }
}

async function loadRulesOnce(
  root: string,
  options: LoadOptions,
): Promise<Omit<LoadResult, 'contentHash' | 'settled'>> {
  const problems: Problem[] = [];
  const sources = new Map<string, YamlSource>();
  const relative = (file: string) => toPosix(path.relative(root, file));

  /** Parses a YAML text and checks its structure; returns the data only when both passes are clean. */
  const parseChecked = (
    format: FormatId,
    file: string,
    text: string,
    lineOffset = 0,
    beforeSchema?: (source: YamlSource) => void,
  ) => {
    const parsed = parseYamlSource(file, text, lineOffset);
    problems.push(...parsed.problems);
    sources.set(file, parsed.source);
    if (parsed.source.data === undefined) return undefined;
    beforeSchema?.(parsed.source);
    const schemaProblems = validateSchema(format, parsed.source, parsed.source.data);
    problems.push(...schemaProblems);
    return schemaProblems.length === 0 ? parsed.source.data : undefined;
  };

  const rulesDir = path.join(root, 'rules');
  const [formFiles, replyFiles, kbFiles] = await Promise.all([
    listFiles(path.join(rulesDir, 'forms'), (name) => /\.ya?ml$/.test(name)),
    listFiles(path.join(rulesDir, 'replies'), (name) => name.endsWith('.md') && name !== 'README.md'),
    listFiles(path.join(root, 'kb'), (name) => name.endsWith('.md') && name !== 'README.md', true),
  ]);
  const singleTexts = await Promise.all(
    singleFiles.map((name) => readText(path.join(rulesDir, `${name}.yaml`))),
  );
  // A missing file is often only misnamed: look for the .yml spelling to say so.
  const ymlSpellings = await Promise.all(
    singleFiles.map((name, index) =>
      singleTexts[index] === undefined ? readText(path.join(rulesDir, `${name}.yml`)) : undefined,
    ),
  );
  const [formTexts, replyTexts, kbTexts] = await Promise.all([
    Promise.all(formFiles.map(readText)),
    Promise.all(replyFiles.map(readText)),
    Promise.all(kbFiles.map(readText)),
  ]);

  const ruleFiles: string[] = [];
  const input: RulesInput = {
    forms: [],
    formIds: new Set(),
    formFieldIds: new Set(),
    replies: [],
    icsTexts: new Map(),
    articles: [],
    now: options.now,
  };
  singleFiles.forEach((name, index) => {
    const file = `rules/${name}.yaml`;
    const text = singleTexts[index];
    if (text === undefined) {
      problems.push({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message:
          ymlSpellings[index] === undefined
            ? `missing file: rules/ must contain ${name}.yaml (see rules/README.md for its fields)`
            : `missing file: rules/ must contain ${name}.yaml; rename rules/${name}.yml to rules/${name}.yaml`,
      });
      return;
    }
    ruleFiles.push(file);
    const data: unknown = parseChecked(name, file, text);
    if (data === undefined) return;
    // `x-…` keys only hold YAML anchors; the merged values are already in place.
    const map = data as Record<string, unknown>;
    for (const key of Object.keys(map)) if (key.startsWith('x-')) delete map[key];
    if (name === 'desk') input.desk = data as DeskSettings;
    else if (name === 'teams') input.teams = data as TeamsFile;
    else if (name === 'customers') input.customers = data as CustomersFile;
    else if (name === 'routing') input.routing = data as RoutingFile;
    else input.sla = data as SlaFile;
  });

  formFiles.forEach((absolute, index) => {
    const file = relative(absolute);
    ruleFiles.push(file);
    const id = path.basename(absolute).replace(/\.ya?ml$/, '');
    if (input.formIds.has(id)) {
      problems.push({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `duplicate form id "${id}": rules/forms/ has both ${id}.yaml and ${id}.yml; the form id is the file name, keep one file`,
      });
    }
    input.formIds.add(id);
    let written: unknown;
    const data = parseChecked('form', file, formTexts[index] ?? '', 0, (parsed) => {
      // As GitHub would read it: before the schema fills defaults in.
      written = structuredClone(parsed.data);
      for (const { path: at, text } of unquotedBooleans(parsed.doc, 'repodesk')) {
        const { line, column } = locate(parsed, at);
        problems.push({
          file,
          line,
          column,
          path: formatPath(at),
          severity: 'error',
          message: `GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): it reads YAML 1.1, where an unquoted ${text} is true or false, not a text; write it in quotes: "${text}"`,
        });
      }
    });
    const body = (sources.get(file)?.data as { body?: unknown } | undefined)?.body;
    for (const item of Array.isArray(body) ? body : []) {
      const { id, type } = (item ?? {}) as { id?: unknown; type?: unknown };
      if (typeof id === 'string' && type !== 'markdown') input.formFieldIds.add(id);
    }
    if (data !== undefined) input.forms.push({ id, file, form: data as RequestForm, written });
  });

  replyFiles.forEach((absolute, index) => {
    const file = relative(absolute);
    ruleFiles.push(file);
    const name = path.basename(absolute);
    const nameMatch = /^(.+)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.md$/.exec(name);
    const markdown = readFrontmatter(file, replyTexts[index] ?? '');
    problems.push(...markdown.problems);
    const reply: ReplyInput = {
      file,
      fileId: nameMatch?.[1],
      fileLang: nameMatch?.[2],
      body: markdown.body,
      bodyLine: markdown.bodyLine,
    };
    if (markdown.source) {
      sources.set(file, markdown.source);
      const data = markdown.source.data;
      // The id defaults to the file name, filled before validation so the schema can require it.
      if (data && typeof data === 'object' && !Array.isArray(data) && !('id' in data) && reply.fileId) {
        (data as Record<string, unknown>).id = reply.fileId;
      }
      if (data !== undefined) {
        const schemaProblems = validateSchema('reply', markdown.source, data);
        problems.push(...schemaProblems);
        if (schemaProblems.length === 0) reply.frontmatter = data as CannedReplyFrontmatter;
      }
    }
    input.replies.push(reply);
  });

  // ICS files named by calendars: read now so the checks stay pure.
  for (const calendar of input.sla?.calendars ?? []) {
    if (calendar.ics === undefined) continue;
    const file = toPosix(path.posix.join('rules', calendar.ics));
    if (!input.icsTexts.has(file)) {
      const text = await readText(path.join(rulesDir, calendar.ics));
      input.icsTexts.set(file, text);
      if (text !== undefined) ruleFiles.push(file);
    }
  }

  const articleInputs: ArticleInput[] = [];
  kbFiles.forEach((absolute, index) => {
    const file = relative(absolute);
    const [, folder = ''] = file.split('/');
    const markdown = readFrontmatter(file, kbTexts[index] ?? '');
    problems.push(...markdown.problems);
    const article: ArticleInput = {
      file,
      folder,
      slug: path.basename(absolute, '.md'),
      body: markdown.body,
      bodyLine: markdown.bodyLine,
    };
    if (markdown.source) {
      sources.set(file, markdown.source);
      if (markdown.source.data !== undefined) {
        const schemaProblems = validateSchema('article', markdown.source, markdown.source.data);
        problems.push(...schemaProblems);
        if (schemaProblems.length === 0) article.frontmatter = markdown.source.data as ArticleFrontmatter;
        else {
          const key = (markdown.source.data as { translationKey?: unknown } | null)?.translationKey;
          if (typeof key === 'string') article.looseTranslationKey = key;
        }
      } else {
        // Invalid YAML: still take a plainly written translationKey, so no "missing translation" cascades.
        const key = /^translationKey:[ \t]*['"]?([^'"\s#]+)/m.exec(kbTexts[index] ?? '');
        if (key) article.looseTranslationKey = key[1];
      }
    }
    articleInputs.push(article);
  });

  input.articles = articleInputs;
  const findings: Finding[] = checkRules(input);
  for (const finding of findings) problems.push(toProblem(finding, sources));
  problems.push(...checkEmailTemplates(root, rulesDir, input.desk?.languages ?? [], ruleFiles));
  problems.sort(compareProblems);

  const articles: Article[] = articleInputs.flatMap((article) =>
    article.frontmatter
      ? [{ ...article.frontmatter, slug: article.slug, body: article.body, file: article.file }]
      : [],
  );
  const result: Omit<LoadResult, 'contentHash' | 'settled'> = {
    articles,
    problems,
    ruleFiles: ruleFiles.sort(),
  };
  if (!problems.some((problem) => problem.severity === 'error')) {
    result.rules = assembleRules(input);
  }
  return result;
}

function toProblem(finding: Finding, sources: Map<string, YamlSource>): Problem {
  const source = sources.get(finding.file);
  const position =
    finding.line !== undefined
      ? { line: finding.line, column: finding.column ?? 1 }
      : source
        ? locate(source, finding.path, finding.at)
        : { line: 1, column: 1 };
  return {
    file: finding.file,
    line: position.line,
    column: position.column,
    path: formatPath(finding.path),
    severity: finding.severity,
    message: finding.message,
  };
}

/** Called only without errors: every file is present and valid. */
function assembleRules(input: RulesInput): Rules {
  const sla = input.sla!;
  const calendars = sla.calendars.map((calendar) => {
    if (calendar.ics === undefined) return calendar;
    // ICS holidays are merged here so the SLA engine (pure, no file access) sees one list.
    const fromIcs = readIcsHolidays(input.icsTexts.get(path.posix.join('rules', calendar.ics)) ?? '');
    const known = new Set((calendar.holidays ?? []).map((holiday) => holiday.date));
    const holidays = [...(calendar.holidays ?? []), ...fromIcs.filter((holiday) => !known.has(holiday.date))];
    holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { ...calendar, holidays };
  });
  const forms: Record<string, RequestForm> = {};
  for (const { id, form } of input.forms) forms[id] = form;
  const replies: Record<string, Record<Lang, CannedReply>> = {};
  for (const reply of input.replies) {
    const frontmatter = reply.frontmatter!;
    (replies[frontmatter.id] ??= {})[frontmatter.lang] = {
      ...frontmatter,
      body: reply.body,
      file: reply.file,
    };
  }
  return {
    desk: input.desk!,
    teams: input.teams!,
    customers: input.customers!,
    routing: input.routing!,
    sla: { ...sla, calendars },
    forms,
    replies,
  };
}
