// `repodesk route --explain [FILE|-]`: routes one ticket draft (JSON) through rules/ and prints the
// decision with the trace of which rule matched and why. Reads only the rules and the draft; the
// workload is empty, so assignment shows who would get the ticket if everyone had no open ticket.

import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { parseDraft } from '../routing/parse-draft.ts';
import { route } from '../routing/route.ts';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import type { Command } from './command.ts';

const usage = `Usage: repodesk route [--explain] [FILE|-] [--root DIR] [--now ISO]

Routes a ticket draft through rules/routing.yaml and prints the decision as JSON:
{ labels, priority, type, team, assignees, replies, matched, trace }.

The draft is a JSON object (FILE, or standard input with - or no FILE):
  { "channel": "web|email|github|api", "form": "incident", "subject": "…", "body": "…",
    "requester": { "name": "…", "email": "…", "organisation": "…" }, "language": "fr",
    "fields": { "impact": "…", "devices": ["…"] }, "labels": [] }
Every property is optional: channel defaults to web with a form and email without, language to the
desk's first language, the rest to empty.
Assignment is computed as if no agent had open tickets and no round-robin history existed; agents'
leave and working hours are read at --now.

Options:
  --explain    include the trace: one line per rule saying what matched or failed and why
  --root DIR   the repository root that holds rules/ (default: .)
  --now ISO    the time to route at (default: now), e.g. 2026-11-23T10:00:00Z

Exit status: 0 routed, 1 invalid draft or rules, 2 bad usage.
`;

interface Options {
  explain: boolean;
  file: string;
  root: string;
  now: Date;
}

function parseArgs(argv: string[], now: Date): Options | string {
  const options: Options = { explain: false, file: '-', root: '.', now };
  let file: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (name === '--explain') {
      options.explain = true;
    } else if (name === '--root' || name === '--now') {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined || value === '') return `${name} needs a value`;
      if (name === '--root') {
        options.root = value;
      } else {
        const parsed = new Date(value);
        if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
          return `--now ${JSON.stringify(value)} is not an ISO date-time; example: --now 2026-11-23T10:00:00Z`;
        }
        options.now = parsed;
      }
    } else if (name.startsWith('--')) {
      return `unknown option "${arg}"`;
    } else if (file !== undefined) {
      return `one draft at a time: got "${file}" and "${arg}"`;
    } else {
      file = arg;
    }
  }
  options.file = file ?? '-';
  return options;
}

export const command: Command = {
  summary: 'route a ticket draft (JSON) and print the decision, with --explain the trace of why',
  usage,
  async run(argv) {
    const options = parseArgs(argv, new Date());
    if (typeof options === 'string') {
      process.stderr.write(`repodesk route: ${options}\n\n${usage}`);
      return 2;
    }
    const source = options.file === '-' ? 'standard input' : options.file;
    let raw: string;
    try {
      raw = options.file === '-' ? await text(process.stdin) : await readFile(options.file, 'utf8');
    } catch (error) {
      process.stderr.write(`repodesk route: cannot read ${source}: ${(error as Error).message}\n`);
      return 2;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      process.stderr.write(
        `repodesk route: ${source} is not valid JSON: ${(error as Error).message}\n` +
          'Expected one ticket draft object, e.g. {"subject": "…", "body": "…", "requester": {"email": "…"}}.\n',
      );
      return 1;
    }

    const loaded = await loadRules(options.root, { now: options.now });
    if (!loaded.rules) {
      const errors = loaded.problems.filter((problem) => problem.severity === 'error');
      process.stderr.write(
        `${errors.map(formatProblem).join('\n')}\nrepodesk route: rules under ${options.root} are invalid; ` +
          'run `repodesk validate` for details.\n',
      );
      return 1;
    }
    const parsed = parseDraft(value, loaded.rules);
    if (!parsed.draft) {
      process.stderr.write(`${parsed.errors.map((error) => `${source}: ${error}`).join('\n')}\n`);
      return 1;
    }

    const decision = route(parsed.draft, loaded.rules, { openByAgent: {}, lastAssigned: {} }, options.now);
    const output = {
      labels: decision.labels,
      priority: decision.priority,
      type: decision.type,
      team: decision.team ?? null,
      assignees: decision.assignees,
      replies: decision.replies,
      matched: decision.matched,
      ...(options.explain ? { trace: decision.trace } : {}),
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  },
};
