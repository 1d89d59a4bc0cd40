// Loads and validates everything under rules/ and kb/: the only module of rules/ that touches the
// file system. A loop over the table of formats (formats/index.ts), in two passes: each format reads its
// files through structure (YAML syntax, then JSON Schema, all errors mapped back to line:column), then
// each checks their meaning (references, duplicates, regexes, timezones, hours, links…).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from './finding.ts';
import type { FormatReader } from './formats/format-reader.ts';
import { completeForm } from './formats/forms/complete-form.ts';
import { ruleFormats, type FormatId } from './formats/index.ts';
import { readIcsHolidays } from './formats/sla/read-ics-holidays.ts';
import { hashRulesFolder } from './hash-rules-folder.ts';
import { knownIds } from './known.ts';
import { compareProblems } from './problem.ts';
import type { Problem } from './problem.ts';
import { readFrontmatter } from './read-frontmatter.ts';
import type { ExamplesInput, RulesInput } from './rules-input.ts';
import type { Article, CannedReply, Lang, RequestForm, Rules } from './types.ts';
import { validateSchema } from './validate-schema.ts';
import { formatPath, locate, parseYamlSource } from './yaml-source.ts';
import type { YamlSource } from './yaml-source.ts';

export { formatProblem } from './problem.ts';
export type { Problem } from './problem.ts';

/** Not a problem: something filled in, at its place in the file. */
export type Note = Omit<Problem, 'severity'>;

/** `rules/forms/bug.yml:7:5 note body[1].id: …` */
export function formatNote(note: Note): string {
  return `${note.file}:${note.line}:${note.column} note ${note.path}: ${note.message}`;
}

export interface LoadResult {
  /** Present only when there is no error outside rules/examples/ (warnings allowed). */
  rules?: Rules;
  /** Articles whose frontmatter is valid (drafts and internal ones included). */
  articles: Article[];
  /** Every problem found, sorted by file and position. */
  problems: Problem[];
  /** The rule examples (rules/examples/) that passed both passes, run by `repodesk validate`. */
  examples: ExamplesInput[];
  /** Files read under rules/ (relative to the root), for summaries. */
  ruleFiles: string[];
  /** What the loader filled in that an admin names in rules: the field ids derived from labels. */
  notes: Note[];
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
  /** Where the first pass of unchanged Markdown files is kept between loads (the help site's build cache). */
  firstPass?: FirstPassCache;
}

/** The first pass of a Markdown file that passed it without a problem. */
export interface FirstPassEntry {
  /** The frontmatter's data, defaults filled in. */
  data: unknown;
  bodyLine: number;
  /** Where the body starts in the text (line endings made `\n`, a leading BOM removed). */
  bodyStart: number;
}

/**
 * Keeps the first pass of Markdown files by their exact text, so that a file read again unchanged is
 * neither parsed nor validated again (its meaning is still checked with every other file). The keeper
 * decides where it lives and must tell apart entries of another version of this loader or its schemas.
 */
export interface FirstPassCache {
  get(format: FormatId, file: string, text: string): FirstPassEntry | undefined;
  set(format: FormatId, file: string, text: string, entry: FirstPassEntry): void;
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

/** Where the rule examples live: their problems fail `repodesk validate`, not the loading of the rules. */
const examplesFolder = 'rules/examples/';

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
  const ruleFiles: string[] = [];
  // The text of each file whose first pass came from the cache: parsed only if a finding needs its position.
  const unparsed = new Map<string, string>();
  const reader = fileReader(root, { problems, sources, ruleFiles, unparsed, cache: options.firstPass });
  const sourceOf = (file: string): YamlSource | undefined => {
    const text = unparsed.get(file);
    if (text !== undefined && !sources.has(file)) {
      const { source } = readFrontmatter(file, text);
      if (source) sources.set(file, source);
    }
    return sources.get(file);
  };

  // First pass, every format; then the second over everything that passed it.
  const input: RulesInput = {
    forms: [],
    formIds: new Set(),
    formFieldIds: new Set(),
    replies: [],
    icsTexts: new Map(),
    examples: [],
    articles: [],
    now: options.now,
  };
  await Promise.all(ruleFormats.map((format) => format.read(reader, input)));
  const known = knownIds(input);
  for (const format of ruleFormats)
    for (const finding of format.check(input, known)) problems.push(toProblem(finding, sourceOf));
  problems.sort(compareProblems);
  const notes = input.forms.flatMap(({ file, form, derived }) =>
    derived.map(({ path: at, id }): Note => {
      const { line, column } = toProblem({ file, path: at, severity: 'warning', message: '' }, sourceOf);
      const item = form.body[at[1] as number];
      const label = item && item.type !== 'markdown' ? item.attributes.label : '';
      return {
        file,
        line,
        column,
        path: `${formatPath(at)}.id`,
        message: `field id "${id}", derived from the label "${label}" (rules name the field by it; write \`id: ${id}\` to keep it when the label changes)`,
      };
    }),
  );
  notes.sort((a, b) => compareProblems({ ...a, severity: 'warning' }, { ...b, severity: 'warning' }));

  const articles: Article[] = input.articles.flatMap((article) =>
    article.frontmatter
      ? [{ ...article.frontmatter, slug: article.slug, body: article.body, file: article.file }]
      : [],
  );
  const result: Omit<LoadResult, 'contentHash' | 'settled'> = {
    articles,
    problems,
    examples: input.examples.filter(
      ({ file }) => !problems.some((problem) => problem.file === file && problem.severity === 'error'),
    ),
    ruleFiles: ruleFiles.sort(),
    notes,
  };
  // Rule examples are tests of the rules, not rules: a stale one fails validate, never the bot's load.
  if (!problems.some((problem) => problem.severity === 'error' && !problem.file.startsWith(examplesFolder))) {
    result.rules = assembleRules(input);
  }
  return result;
}

/**
 * The reader the formats read their files with: the file system under `root`, every problem and parsed
 * file collected for the meaning pass, every file read under rules/ counted.
 */
function fileReader(
  root: string,
  state: {
    problems: Problem[];
    sources: Map<string, YamlSource>;
    ruleFiles: string[];
    unparsed: Map<string, string>;
    cache: FirstPassCache | undefined;
  },
): FormatReader {
  const { problems, sources, ruleFiles, unparsed, cache } = state;
  const schemaChecked = (format: FormatId, source: YamlSource, data: unknown) => {
    const schemaProblems = validateSchema(format, source, data);
    problems.push(...schemaProblems);
    return schemaProblems.length === 0 ? data : undefined;
  };
  return {
    list: async (dir, accept, recursive) =>
      (await listFiles(path.join(root, dir), accept, recursive)).map((file) =>
        toPosix(path.relative(root, file)),
      ),
    exists: async (dir) => (await stat(path.join(root, dir)).catch(() => undefined))?.isDirectory() ?? false,
    read: (file) => readText(path.join(root, file)),
    counted: (file) => ruleFiles.push(file),
    report: (problem) => problems.push(problem),
    yaml(format, file, text, beforeSchema) {
      const parsed = parseYamlSource(file, text);
      problems.push(...parsed.problems);
      sources.set(file, parsed.source);
      if (parsed.source.data === undefined) return undefined;
      beforeSchema?.(parsed.source);
      return schemaChecked(format, parsed.source, parsed.source.data);
    },
    markdown(format, file, text, beforeSchema) {
      // A file completed before its schema (a default id) is read in full every time.
      const cached = beforeSchema ? undefined : cache?.get(format, file, text);
      if (cached) {
        unparsed.set(file, text);
        const body = text
          .replace(/^\uFEFF/, '')
          .replace(/\r\n?/g, '\n')
          .slice(cached.bodyStart);
        return { body, bodyLine: cached.bodyLine, data: cached.data };
      }
      const { source, body, bodyLine, problems: found } = readFrontmatter(file, text);
      problems.push(...found);
      if (!source) return { body, bodyLine };
      sources.set(file, source);
      if (source.data === undefined) return { body, bodyLine, source };
      beforeSchema?.(source.data);
      const schemaProblems = validateSchema(format, source, source.data);
      problems.push(...schemaProblems);
      if (schemaProblems.length > 0) return { body, bodyLine, source };
      if (cache && !beforeSchema && found.length === 0) {
        const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
        cache.set(format, file, text, { data: source.data, bodyLine, bodyStart: clean.length - body.length });
      }
      return { body, bodyLine, source, data: source.data };
    },
  };
}

function toProblem(finding: Finding, sourceOf: (file: string) => YamlSource | undefined): Problem {
  const source = sourceOf(finding.file);
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
    const fromIcs = readIcsHolidays(
      input.icsTexts.get(path.posix.join('rules', calendar.ics)) ?? '',
      input.now,
    ).holidays;
    const known = new Set((calendar.holidays ?? []).map((holiday) => holiday.date));
    const holidays = [...(calendar.holidays ?? []), ...fromIcs.filter((holiday) => !known.has(holiday.date))];
    holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { ...calendar, holidays };
  });
  const forms: Record<string, RequestForm> = {};
  for (const { id, form } of input.forms) forms[id] = completeForm(form, input.desk);
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
    ...(input.issueTemplateConfig ? { issueTemplateConfig: input.issueTemplateConfig } : {}),
    replies,
  };
}
