// `repodesk validate`: checks rules/ and kb/ and prints every problem, as text, JSON or GitHub
// workflow annotations (shown on the changed lines of a pull request).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatNote, formatProblem, loadRules } from '../rules/load-rules.ts';
import type { Problem } from '../rules/load-rules.ts';
import { compareProblems } from '../rules/problem.ts';
import { rulesVersion } from '../rules/rules-version.ts';
import { runExamples } from '../rule-examples/run-examples.ts';
import type { Command } from './command.ts';

const formats = ['text', 'json', 'github'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: repodesk validate [--root DIR] [--format text|json|github]

Checks rules/ and kb/ under DIR (default: the current directory): YAML syntax, the JSON Schema of
every file, then references, duplicates, regexes, timezones, hours, links and translations; then runs
the rule examples of rules/examples/*.yaml through the routing and SLA engines the bot uses, and reports
each failing example at its line with what was expected, what was found and the rule trace.

Options:
  --root DIR       the repository root that holds rules/ and kb/ (default: .)
  --format FORMAT  text (default): one "file:line:col note message" line per field id derived from
                   a label (forms written without ids, as GitHub allows), one "file:line:col severity
                   message" line per problem, a summary, the examples run (with the routing rules
                   and SLA policies no example exercises) and the rules version
                   json: { problems, notes, errorCount, warningCount, examples, rulesVersion }
                   github: workflow annotations (::error file=…,line=…,col=…::message)

The rules version is the name a running bot shows on /healthz for the same rules/: the last commit that
changed rules/ (12 digits), <commit>-dirty+<content hash> with uncommitted changes, or sha256:<content
hash> outside a git checkout.

Exit status: 0 without errors (warnings allowed), 1 with errors, 2 for bad usage.
`;

interface Options {
  root: string;
  format: Format;
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = { root: '.', format: 'text' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (name !== '--root' && name !== '--format') return `unknown option "${arg}"`;
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '') return `${name} needs a value`;
    if (name === '--root') options.root = value;
    else if ((formats as readonly string[]).includes(value)) options.format = value as Format;
    else return `unknown format "${value}"; expected one of ${formats.join(', ')}`;
  }
  return options;
}

/** Escapes a GitHub workflow command's message (`data`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a GitHub workflow command's property value. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=rules/routing.yaml,line=14,col=9,title=…::message`, file relative to the working directory. */
export function githubAnnotation(problem: Problem, root: string): string {
  const file = path.relative(process.cwd(), path.resolve(root, problem.file)).split(path.sep).join('/');
  const message = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${problem.line}`,
    `col=${problem.column}`,
    `title=${escapeProperty(`repodesk validate: ${problem.severity}`)}`,
  ].join(',');
  return `::${problem.severity} ${properties}::${escapeData(message)}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The rule examples run, and what they leave untested. */
interface ExamplesSummary {
  count: number;
  failed: number;
  rulesWithoutExample: string[];
  policiesWithoutExample: string[];
}

/** `rule examples: 24 run, 1 failed; routing rules without an example: a, b` */
function examplesLine(examples: ExamplesSummary): string {
  const untested = [
    examples.rulesWithoutExample.length > 0
      ? `routing rules without an example: ${examples.rulesWithoutExample.join(', ')}`
      : '',
    examples.policiesWithoutExample.length > 0
      ? `SLA policies without an example: ${examples.policiesWithoutExample.join(', ')}`
      : '',
  ].filter(Boolean);
  const all =
    untested.length === 0 ? '; every routing rule and SLA policy has one' : `; ${untested.join('; ')}`;
  return `rule examples: ${examples.count} run, ${examples.failed} failed${all}`;
}

export const command: Command = {
  summary: 'check rules/ and kb/ (schemas, references, regexes, links); exit 1 on errors',
  usage,
  async run(argv) {
    const options = parseArgs(argv);
    if (typeof options === 'string') {
      process.stderr.write(`repodesk validate: ${options}\n\n${usage}`);
      return 2;
    }
    const isDirectory = await stat(options.root).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (!isDirectory) {
      process.stderr.write(`repodesk validate: --root "${options.root}" is not a directory\n`);
      return 2;
    }
    const result = await loadRules(options.root, { now: new Date() });
    // The name `/healthz` shows for the same content, so a pull request can be matched to what runs.
    const version = await rulesVersion(options.root, result.contentHash);
    const problems = [...result.problems];
    let examples: ExamplesSummary | undefined;
    if (result.rules && result.examples.length > 0) {
      const run = runExamples(result.rules, result.examples);
      problems.push(...run.problems);
      problems.sort(compareProblems);
      examples = {
        count: run.count,
        failed: run.problems.length,
        rulesWithoutExample: result.rules.routing.rules
          .map((rule) => rule.id)
          .filter((id) => !run.matchedRules.has(id)),
        policiesWithoutExample: result.rules.sla.policies
          .map((policy) => policy.id)
          .filter((id) => !run.chosenPolicies.has(id)),
      };
    }
    const errorCount = problems.filter((problem) => problem.severity === 'error').length;
    const warningCount = problems.length - errorCount;
    const summary =
      errorCount === 0
        ? `✔ rules/ and kb/ are valid: ${plural(result.ruleFiles.length, 'file')}, ${plural(result.articles.length, 'article')}${warningCount > 0 ? ` (${plural(warningCount, 'warning')})` : ''}`
        : `✖ ${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}`;
    let output: string;
    if (options.format === 'json') {
      output = JSON.stringify(
        {
          problems,
          notes: result.notes,
          errorCount,
          warningCount,
          ...(examples ? { examples } : {}),
          rulesVersion: version,
        },
        null,
        2,
      );
    } else if (options.format === 'github') {
      output = [
        ...problems.map((problem) => githubAnnotation(problem, options.root)),
        summary,
        ...(examples ? [examplesLine(examples)] : []),
        `rules version: ${version.version}`,
      ].join('\n');
    } else {
      output = [
        ...result.notes.map(formatNote),
        ...problems.map(formatProblem),
        summary,
        ...(examples ? [examplesLine(examples)] : []),
        `rules version: ${version.version}`,
      ].join('\n');
    }
    process.stdout.write(`${output}\n`);
    return errorCount === 0 ? 0 : 1;
  },
};
