// `repodesk simulate`: what a change of rules/ and kb/ would do, before it is merged. The rules of two git
// refs (or a ref and the working tree) are loaded as the bot loads them; the last tickets are routed under
// both, every open ticket's SLA is evaluated under both, and the content is compared. Tickets are read from
// GitHub only (bodies, facts markers, timelines), in every repository the base's desk.yaml lists
// (confidential queues), so it runs in GitHub Actions with a read token and no access to the bot's store. `--comment-on` keeps one comment on a pull request up to date.

import path from 'node:path';
import { formatProblem, loadRules, type LoadResult } from '../rules/load-rules.ts';
import { rulesVersion } from '../rules/rules-version.ts';
import type { Rules } from '../rules/types.ts';
import { diffContent } from '../simulate/diff-content.ts';
import { diffSla, type SlaTicket } from '../simulate/diff-sla.ts';
import { draftFromIssue } from '../simulate/draft-from-issue.ts';
import { renderSimulationMarkdown } from '../simulate/render-simulation-markdown.ts';
import { renderSimulationText } from '../simulate/render-simulation-text.ts';
import { replayRouting, type ReplayTicket } from '../simulate/replay-routing.ts';
import type { Simulation } from '../simulate/simulation.ts';
import { repodeskLoginsOf } from '../sweep/run-sweep.ts';
import { trackerFromEnvironment } from '../sweep/sweep-environment.ts';
import { deskTrackers } from '../tracker/desk-trackers.ts';
import type { IssueWithBody, Tracker } from '../tracker/tracker.ts';
import type { Command } from './command.ts';
import { readContentSide } from './content-side.ts';
import { rulesAtRef } from './rules-at-ref.ts';

const formats = ['text', 'json', 'markdown'] as const;
type Format = (typeof formats)[number];

const usage = `Usage: repodesk simulate --base <git-ref> [--head <git-ref>] [--format text|json|markdown] [--limit N]
                         [--root DIR] [--repository OWNER/REPO] [--now ISO] [--comment-on PR]

Shows what the rules and articles of --head would change compared with those of --base:
  routing  the last N tickets routed under both (team, priority, type, assignment strategy, labels,
           automatic replies), with both rule traces of each changed ticket
  SLA      every open ticket's policy and due times under both, and how many would be at risk or
           breached at once
  content  articles added, removed or renamed (a removed or renamed article that a form, a canned
           reply or another article links to is an error: the help site has no redirects), forms
           whose exported GitHub issue form changes, canned replies and mail templates changed
Tickets are read from GitHub (issue bodies, the facts marker intake writes, timelines) in the support
repository and every other one the base's rules/desk.yaml lists (confidential queues; the output says
how many came from each): a token that can read them is enough. Assignment is compared on an empty
workload.

Options:
  --base REF           the git ref to compare with (branch, tag or commit), e.g. origin/main
  --head REF           the git ref of the change (default: the working tree under --root)
  --format FORMAT      text (default), json, or markdown (summary first, details folded)
  --limit N            how many of the newest tickets to route again, all repositories together
                       (default: 500)
  --root DIR           the folder that holds rules/ and kb/, inside the git checkout (default: .)
  --repository R       the support repository owner/repo (default: GITHUB_REPOSITORY)
  --now ISO            route and evaluate clocks at this time (default: now)
  --comment-on PR      also write the Markdown as one comment on pull request PR of GITHUB_REPOSITORY
                       (or --comment-repository OWNER/REPO): the comment an earlier run wrote (found by
                       its hidden marker) is edited in place, never a second one
  --comment-repository R  where the pull request is (default: GITHUB_REPOSITORY)

Environment: GITHUB_TOKEN (or GitHub App credentials), GITHUB_REPOSITORY, GITHUB_API_URL, as for
repodesk sweep; REPODESK_BOT_LOGIN and REPODESK_OTHER_LOGINS name the logins whose facts markers
count. REPODESK_COMMENT_TOKEN, when set, writes the comment instead of GITHUB_TOKEN (the workflow's
own token can comment on its pull request while GITHUB_TOKEN reads another repository), as
REPODESK_COMMENT_LOGIN when GitHub cannot tell its login (github-actions[bot] for a workflow token).

The rules version of each side is the name /healthz shows when it runs (repodesk validate prints it too).
Exit status: 0 without errors, 1 with content errors or invalid rules at a ref, 2 for bad usage.
`;

/** The hidden marker that names the preview comment, so a later run edits it instead of adding one. */
export const previewMarker = '<!-- repodesk:simulate -->';

/** GitHub refuses comments longer than this. */
const commentMaxLength = 65_536;

interface Options {
  base: string;
  head?: string;
  format: Format;
  limit: number;
  root: string;
  repository?: string;
  now: Date;
  commentOn?: number;
  commentRepository?: string;
}

const valued = [
  '--base',
  '--head',
  '--format',
  '--limit',
  '--root',
  '--repository',
  '--now',
  '--comment-on',
  '--comment-repository',
];

function parseArgs(argv: string[]): Options | string {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!valued.includes(name)) return `unknown option "${arg}"; expected ${valued.join(', ')}`;
    const value = inline ?? argv[(i += 1)];
    if (value === undefined || value === '') return `${name} needs a value`;
    values[name] = value;
  }
  if (values['--base'] === undefined) return '--base is required, e.g. --base origin/main';
  const format = values['--format'] ?? 'text';
  if (!(formats as readonly string[]).includes(format))
    return `--format: unknown format "${format}"; expected one of ${formats.join(', ')}`;
  const limit = Number(values['--limit'] ?? 500);
  if (!Number.isInteger(limit) || limit < 0)
    return `--limit: expected a whole number of tickets such as 500, found "${values['--limit']}"`;
  const now = new Date(values['--now'] ?? Date.now());
  if (Number.isNaN(now.getTime()))
    return `--now: expected an ISO-8601 time such as 2026-11-23T10:00:00Z, found "${values['--now']}"`;
  const commentOn = values['--comment-on'] === undefined ? undefined : Number(values['--comment-on']);
  if (commentOn !== undefined && (!Number.isInteger(commentOn) || commentOn <= 0))
    return `--comment-on: expected a pull request number such as 12, found "${values['--comment-on']}"`;
  return {
    base: values['--base'],
    format: format as Format,
    limit,
    root: path.resolve(values['--root'] ?? '.'),
    now,
    ...(values['--head'] !== undefined ? { head: values['--head'] } : {}),
    ...(values['--repository'] !== undefined ? { repository: values['--repository'] } : {}),
    ...(commentOn !== undefined ? { commentOn } : {}),
    ...(values['--comment-repository'] !== undefined
      ? { commentRepository: values['--comment-repository'] }
      : {}),
  };
}

interface LoadedSide {
  ref: string;
  version: string;
  root: string;
  loaded: LoadResult & { rules: Rules };
  remove(): Promise<void>;
}

/** Loads the rules of `ref` (or of the working tree), or says what is wrong with them. */
async function loadSide(
  options: Options,
  ref: string | undefined,
  option: string,
): Promise<LoadedSide | string> {
  if (ref === undefined) {
    const loaded = await loadRules(options.root, { now: options.now });
    if (!loaded.rules) return invalid(loaded, `the working tree under ${options.root}`);
    const version = await rulesVersion(options.root, loaded.contentHash);
    return {
      ref: 'working tree',
      version: version.version,
      root: options.root,
      loaded: { ...loaded, rules: loaded.rules },
      remove: async () => {},
    };
  }
  const checkout = await rulesAtRef(options.root, ref, option);
  if (typeof checkout === 'string') return checkout;
  const loaded = await loadRules(checkout.root, { now: options.now });
  if (!loaded.rules) {
    await checkout.remove();
    return invalid(loaded, `${option} ${ref}`);
  }
  return {
    ref,
    version: checkout.version,
    root: checkout.root,
    loaded: { ...loaded, rules: loaded.rules },
    remove: checkout.remove,
  };
}

function invalid(loaded: LoadResult, where: string): string {
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  return `the rules of ${where} are invalid (repodesk validate shows the same list):\n${errors.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`;
}

/** A ticket as read from GitHub, with the tracker of its repository. */
interface ReadTicket {
  tracker: Tracker;
  issue: IssueWithBody;
}

/** The issues of one repository that are tickets (monthly reports are not). */
async function readTickets(tracker: Tracker): Promise<ReadTicket[]> {
  const tickets: ReadTicket[] = [];
  for await (const issue of tracker.listIssues({ state: 'all' }))
    if (!issue.labels.some((label) => label.toLowerCase() === 'repodesk-report'))
      tickets.push({ tracker, issue });
  return tickets;
}

/**
 * The tickets of every repository, oldest first: each repository's in issue order, the repositories merged
 * by creation time (on a tie, the earlier repository of the list first).
 */
function oldestFirst(byRepository: ReadTicket[][]): ReadTicket[] {
  const queues = byRepository.map((tickets) => [...tickets].sort((a, b) => a.issue.number - b.issue.number));
  const merged: ReadTicket[] = [];
  for (;;) {
    let next: ReadTicket[] | undefined;
    for (const queue of queues)
      if (
        queue.length > 0 &&
        (!next || Date.parse(queue[0]!.issue.createdAt) < Date.parse(next[0]!.issue.createdAt))
      )
        next = queue;
    if (!next) return merged;
    merged.push(next.shift()!);
  }
}

/** The Markdown as one comment: cut to the summary when the details do not fit GitHub's limit. */
function commentBody(simulation: Simulation): string {
  const whole = `${previewMarker}\n${renderSimulationMarkdown(simulation)}`;
  if (whole.length <= commentMaxLength) return whole;
  const short: Simulation = {
    ...simulation,
    routing: { ...simulation.routing, tickets: [] },
    sla: { ...simulation.sla, tickets: [] },
  };
  return `${previewMarker}\n${renderSimulationMarkdown(short)}\nThe details are too long for a comment: run \`repodesk simulate\` for them.\n`;
}

/** Edits the preview comment an earlier run wrote on `number`, or writes it; returns what it did. */
async function ensureComment(tracker: Tracker, number: number, body: string): Promise<string> {
  const self = await tracker.selfLogin();
  const own = (await tracker.listComments(number)).find(
    (comment) => comment.author === self && comment.body.startsWith(previewMarker),
  );
  if (own) {
    if (own.body !== body) await tracker.updateComment(own.id, body);
    return `updated the preview comment on #${number}`;
  }
  await tracker.createComment(number, body);
  return `wrote the preview comment on #${number}`;
}

/** Each open issue's history, read a few at a time (GitHub answers them in parallel), in ticket order. */
async function openTickets(
  tickets: ReadTicket[],
  agentLogins: string[],
  inQueue: (ticket: ReadTicket) => { repository?: string },
): Promise<SlaTicket[]> {
  const open = tickets.filter((ticket) => ticket.issue.state === 'open');
  const histories: SlaTicket[] = new Array(open.length);
  let next = 0;
  const reader = async () => {
    for (let index = next++; index < open.length; index = next++) {
      const ticket = open[index]!;
      const { tracker, issue } = ticket;
      histories[index] = {
        ...inQueue(ticket),
        history: {
          number: issue.number,
          createdAt: issue.createdAt,
          state: issue.state,
          labels: issue.labels,
          assignees: issue.assignees,
          timeline: await tracker.listTimeline(issue.number, { agentLogins }),
        },
        title: issue.title,
        body: issue.body,
        author: issue.author,
      };
    }
  };
  await Promise.all(Array.from({ length: timelineReaders }, reader));
  return histories;
}

/** Timelines read at once: GitHub counts requests, not their overlap; a handful keeps its secondary limits calm. */
const timelineReaders = 6;

async function simulate(
  options: Options,
  base: LoadedSide,
  head: LoadedSide,
  tracker: Tracker,
  reading: Promise<{ tickets: ReadTicket[]; logins: string[] }>,
): Promise<number> {
  const rules = { base: base.loaded.rules, head: head.loaded.rules };
  const { logins } = await reading;
  // The support repository's tickets were read while the rules loaded; the other repositories the base's
  // desk.yaml lists are read now.
  const others = deskTrackers(tracker, rules.base.desk.repositories).slice(1);
  const tickets = oldestFirst([(await reading).tickets, ...(await Promise.all(others.map(readTickets)))]);
  const inQueue = (ticket: ReadTicket) =>
    ticket.tracker === tracker ? {} : { repository: ticket.tracker.repository };
  // The drafts as intake made them: read with the forms of the base, which the tickets were written with.
  const newest = tickets.slice(Math.max(0, tickets.length - options.limit));
  const replayed: ReplayTicket[] = newest.map((ticket) => ({
    ...inQueue(ticket),
    number: ticket.issue.number,
    title: ticket.issue.title,
    draft: draftFromIssue(ticket.issue, rules.base, logins),
  }));
  const open = await openTickets(
    tickets,
    rules.base.teams.agents.map((agent) => agent.login),
    inQueue,
  );
  const simulation: Simulation = {
    base: { ref: base.ref, rulesVersion: base.version },
    head: { ref: head.ref, rulesVersion: head.version },
    now: options.now.toISOString(),
    sources: [tracker, ...others].map((source) => ({
      repository: source.repository,
      replayed: newest.filter((ticket) => ticket.tracker === source).length,
      open: tickets.filter((ticket) => ticket.tracker === source && ticket.issue.state === 'open').length,
    })),
    routing: replayRouting(replayed, rules.base, rules.head, options.now),
    sla: diffSla(open, rules.base, rules.head, logins, options.now),
    content: diffContent(
      await readContentSide(base.root, rules.base, base.loaded.articles),
      await readContentSide(head.root, rules.head, head.loaded.articles),
    ),
  };
  const output =
    options.format === 'json'
      ? `${JSON.stringify(simulation, null, 2)}\n`
      : options.format === 'markdown'
        ? renderSimulationMarkdown(simulation)
        : renderSimulationText(simulation);
  process.stdout.write(output);
  if (options.commentOn !== undefined) {
    // The comment may be written with another token than the one that reads tickets (the workflow's own),
    // as another login: the comment an earlier run wrote is found by that login.
    const { REPODESK_COMMENT_TOKEN: commentToken, REPODESK_COMMENT_LOGIN: commentLogin } = process.env;
    const env: NodeJS.ProcessEnv = commentToken
      ? {
          ...process.env,
          GITHUB_TOKEN: commentToken,
          REPODESK_BOT_LOGIN: commentLogin,
          REPODESK_OTHER_LOGINS: '',
        }
      : process.env;
    const target = trackerFromEnvironment(env, options.commentRepository);
    if ('problems' in target) {
      process.stderr.write(
        target.problems.map((problem) => `repodesk simulate --comment-on: ${problem}\n`).join(''),
      );
      return 1;
    }
    process.stderr.write(
      `repodesk simulate: ${await ensureComment(target.tracker, options.commentOn, commentBody(simulation))}\n`,
    );
  }
  return simulation.content.errors.length === 0 ? 0 : 1;
}

export const command: Command = {
  summary: 'show what a change of rules/ and kb/ would do: tickets re-routed, SLA clocks, content',
  usage,
  async run(argv) {
    const options = parseArgs(argv);
    if (typeof options === 'string') {
      process.stderr.write(`repodesk simulate: ${options}\n\n${usage}`);
      return 2;
    }
    const environment = trackerFromEnvironment(process.env, options.repository);
    if ('problems' in environment) {
      process.stderr.write(environment.problems.map((problem) => `repodesk simulate: ${problem}\n`).join(''));
      return 1;
    }
    const { tracker } = environment;
    // GitHub is read while the rules load: one waits on the network, the other on the CPU.
    const reading = Promise.all([readTickets(tracker), repodeskLoginsOf(tracker)]).then(
      ([tickets, logins]) => ({ tickets, logins }),
    );
    reading.catch(() => {}); // awaited below, unless the rules are refused first
    const base = await loadSide(options, options.base, '--base');
    if (typeof base === 'string') {
      process.stderr.write(`repodesk simulate: ${base}\n`);
      return 1;
    }
    try {
      const head = await loadSide(options, options.head, '--head');
      if (typeof head === 'string') {
        process.stderr.write(`repodesk simulate: ${head}\n`);
        return 1;
      }
      try {
        return await simulate(options, base, head, tracker, reading);
      } finally {
        await head.remove();
      }
    } catch (error) {
      process.stderr.write(`repodesk simulate: ${(error as Error).message}\n`);
      return 1;
    } finally {
      await base.remove();
    }
  },
};
