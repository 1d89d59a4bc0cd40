// The sweep against the GitHub stand-in, through the real Octokit client: a few hundred tickets created
// in the past, several sweeps at advancing times, and the labels, comments, assignees and states an
// agent then sees on GitHub. A second sweep at the same time writes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { runSweep, type SweepResult } from '../../src/sweep/run-sweep.ts';
import { emptySweepCache } from '../../src/sweep/sweep-cache.ts';
import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet } as never;
let clock = Date.parse('2026-11-19T07:00:00Z');
let standin: Standin;
let rules: Rules;
let bot: GithubTracker;
let agent: GithubTracker;

function trackerAs(login: string): GithubTracker {
  const octokit = createOctokit({ baseUrl: standin.url, token: standin.tokens[login]! }, { log: quiet });
  return new GithubTracker({ octokit, repository: 'acme/support', now: () => clock });
}

const at = (iso: string) => {
  clock = Date.parse(iso);
};

/** Ticket numbers by scenario. */
const groups = {
  /** Normal priority, team it, never answered. */
  unanswered: [] as number[],
  /** Urgent, team billing, never answered (24×7, assign on breach). */
  urgent: [] as number[],
  /** Answered by an agent within the target. */
  answered: [] as number[],
  /** Pending since Friday, the customer never answers. */
  silent: [] as number[],
  /** Pending since Friday, the customer answers on Monday. */
  answeredByCustomer: [] as number[],
  /** Pending with the skip label. */
  exempt: [] as number[],
  /** Resolved on Friday. */
  resolved: [] as number[],
};
const perGroup = 40;
const cache = emptySweepCache('acme/support');

/** One sweep as a scheduled run does it: a fresh process, so a fresh tracker with no page cache. */
async function sweep(
  now: string,
  options: { cache?: boolean } = {},
): Promise<SweepResult & { standinWrites: number }> {
  at(now);
  standin.resetStats();
  const result = await runSweep({
    tracker: trackerAs('repodesk-bot'),
    rules,
    now: new Date(now),
    maxWrites: 10_000,
    ...(options.cache ? { cache } : {}),
  });
  expect(result.errors).toEqual([]);
  return { ...result, standinWrites: standin.stats().writes };
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille', token: 'camille-token' },
      { login: 'hugo', token: 'hugo-token' },
    ],
    now: () => clock,
  });
  const loaded = await loadRules(new URL('../fixtures/sla/rules', import.meta.url).pathname, {
    now: new Date(clock),
  });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems));
  rules = loaded.rules;
  bot = trackerAs('repodesk-bot');
  agent = trackerAs('camille');

  const create = async (group: keyof typeof groups, labels: string[]) => {
    const issue = await bot.createIssue({ title: `Ticket ${group}`, body: 'Bonjour', labels, assignees: [] });
    groups[group].push(issue.number);
    return issue.number;
  };
  // Thursday 19 and Friday 20 November 2026: tickets that are pending or resolved by Monday.
  for (let index = 0; index < perGroup; index += 1) {
    at('2026-11-19T08:00:00Z');
    for (const group of ['silent', 'answeredByCustomer', 'exempt'] as const) {
      const number = await create(group, [
        'status: new',
        'team: it',
        ...(group === 'exempt' ? ['no-autoclose'] : []),
      ]);
      at('2026-11-20T15:00:00Z');
      await agent.createComment(number, '/reply Pouvez-vous nous envoyer la facture ?');
      await agent.updateIssue(number, {
        labels: ['status: pending', 'team: it', ...(group === 'exempt' ? ['no-autoclose'] : [])],
      });
      at('2026-11-19T08:00:00Z');
    }
    const resolved = await create('resolved', ['status: open', 'team: it']);
    at('2026-11-20T10:00:00Z');
    await agent.updateIssue(resolved, { labels: ['status: resolved', 'team: it'] });
  }
  // Monday 23 November 2026, 09:00 Paris: fresh tickets.
  for (let index = 0; index < perGroup; index += 1) {
    at('2026-11-23T08:00:00Z');
    await create('unanswered', ['status: new', 'priority: normal', 'team: it']);
    await create('urgent', ['status: new', 'priority: urgent', 'team: billing']);
    const answered = await create('answered', ['status: new', 'priority: normal', 'team: it']);
    at('2026-11-23T09:00:00Z');
    await agent.createComment(answered, '/reply Bonjour, nous regardons.');
    await agent.updateIssue(answered, { labels: ['status: open', 'priority: normal', 'team: it'] });
  }
  // The customers of one group answer on Monday morning (mirrored by the bot).
  at('2026-11-23T08:30:00Z');
  for (const number of groups.answeredByCustomer) {
    await bot.createComment(number, `${customerMessageMarker}\nVoici la facture.`);
  }
}, 240_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

async function labelsOf(numbers: number[]): Promise<string[][]> {
  return Promise.all(numbers.map(async (number) => (await bot.getIssue(number)).labels.sort()));
}

describe('the sweep on the stand-in', () => {
  it('Monday 09:45 Paris: urgent tickets at risk, resolved ones closed, answered pending ones reopened', async () => {
    const result = await sweep('2026-11-23T08:45:00Z');
    expect(result.tickets).toBe(7 * perGroup);
    expect(await labelsOf(groups.urgent.slice(0, 2))).toEqual([
      ['priority: urgent', 'sla: at-risk', 'status: new', 'team: billing'],
      ['priority: urgent', 'sla: at-risk', 'status: new', 'team: billing'],
    ]);
    const resolved = await bot.getIssue(groups.resolved[0]!);
    expect(resolved).toMatchObject({ state: 'closed', labels: ['team: it', 'status: closed'] });
    expect(await labelsOf([groups.answeredByCustomer[0]!])).toEqual([['status: open', 'team: it']]);
    expect(await labelsOf([groups.unanswered[0]!, groups.answered[0]!])).toEqual([
      ['priority: normal', 'status: new', 'team: it'],
      ['priority: normal', 'status: open', 'team: it'],
    ]);
    // Urgent at-risk (1 write each), resolved closed (1 PATCH each), customer answered (1 PATCH each).
    expect(result.standinWrites).toBe(3 * perGroup);
    expect(result.writes).toBe(3 * perGroup);
  });

  it('a second run at the same time writes nothing', async () => {
    const result = await sweep('2026-11-23T08:45:00Z');
    expect(result.plans).toEqual([]);
    expect(result.standinWrites).toBe(0);
  });

  it('Monday 13:30 Paris: breaches escalate once (assign for urgent, one mention for normal)', async () => {
    const result = await sweep('2026-11-23T12:30:00Z');
    const urgent = await bot.getIssue(groups.urgent[0]!);
    expect(urgent.labels.sort()).toEqual([
      'priority: urgent',
      'sla: breached',
      'status: new',
      'team: billing',
    ]);
    expect(urgent.assignees).toEqual(['camille']);
    const normal = await bot.getIssue(groups.unanswered[0]!);
    expect(normal.labels.sort()).toEqual(['priority: normal', 'sla: breached', 'status: new', 'team: it']);
    const comments = await bot.listComments(groups.unanswered[0]!);
    expect(comments.map((comment) => comment.body)).toEqual([
      '<!-- repodesk:sla clock=firstResponse step=100 since=2026-11-23T08:00:00.000Z -->\n' +
        '@hugo SLA **standard**: the first response target (4h) is at 100% (due 2026-11-23T12:00:00.000Z, 30m overdue). ' +
        'This ticket needs attention.\n' +
        '<!-- repodesk:cause source=sla rule=sla%20policy%20standard%20firstResponse%20step%20100 rules=unversioned -->',
    ]);
    expect(await labelsOf([groups.answered[0]!])).toEqual([['priority: normal', 'status: open', 'team: it']]);
    expect(result.standinWrites).toBe(result.writes);
    expect(result.writes).toBeGreaterThan(0);

    const again = await sweep('2026-11-23T12:30:00Z');
    expect(again.standinWrites).toBe(0);
    // Later on Monday only the next-response clocks of Monday morning's customer answers move (at risk).
    const later = await sweep('2026-11-23T15:00:00Z');
    expect(new Set(later.plans.map((plan) => plan.number))).toEqual(new Set(groups.answeredByCustomer));
    expect(later.plans[0]!.actions.map((action) => [action.kind, action.cause.rule])).toEqual([
      ['add-label', 'sla policy standard nextResponse step 75'],
    ]);
    expect(await bot.listComments(groups.unanswered[0]!)).toHaveLength(1);
  });

  it('the breach label goes when an agent finally answers', async () => {
    at('2026-11-23T15:30:00Z');
    await agent.createComment(groups.unanswered[0]!, '/reply Désolé pour le délai.');
    await sweep('2026-11-23T15:45:00Z');
    expect(await labelsOf([groups.unanswered[0]!])).toEqual([
      ['priority: normal', 'status: new', 'team: it'],
    ]);
  });

  it('Tuesday 17:00 Paris: silent pending tickets get one reminder, the exempt ones none', async () => {
    await sweep('2026-11-24T16:00:00Z', { cache: true });
    const own = async (number: number) =>
      (await bot.listComments(number)).filter((comment) => comment.author === 'repodesk-bot');
    const [reminder, ...more] = await own(groups.silent[0]!);
    expect(more).toEqual([]);
    expect(reminder!.body).toBe(
      '<!-- repodesk:public-notice -->\n' +
        '<!-- repodesk:lifecycle step=pending-reminder since=2026-11-20T15:00:00.000Z -->\n' +
        `Bonjour,\n\nNous attendons votre réponse concernant votre demande #${groups.silent[0]} « Ticket silent ».\n\nAide Lumen\n` +
        '<!-- repodesk:cause source=lifecycle rule=lifecycle%20pending-reminder rules=unversioned -->',
    );
    expect(await own(groups.exempt[0]!)).toEqual([]);
    const again = await sweep('2026-11-24T16:00:00Z', { cache: true });
    expect(again.standinWrites).toBe(0);
    // The cache kept the timelines of the tickets nothing changed on.
    expect(again.timelinesFromCache).toBeGreaterThan(0);
  });

  it('Friday 17:00 Paris: silent pending tickets are closed with a notice, exempt ones stay', async () => {
    await sweep('2026-11-26T16:00:00Z', { cache: true });
    expect((await bot.getIssue(groups.silent[0]!)).state).toBe('open');
    await sweep('2026-11-27T16:00:00Z', { cache: true });
    const closed = await bot.getIssue(groups.silent[0]!);
    expect(closed).toMatchObject({ state: 'closed', labels: ['team: it', 'status: closed'] });
    const comments = await bot.listComments(groups.silent[0]!);
    // The agent's question, our reminder, our closing notice.
    expect(comments).toHaveLength(3);
    expect(comments[2]!.body).toContain(
      '<!-- repodesk:lifecycle step=pending-close since=2026-11-20T15:00:00.000Z -->',
    );
    expect(comments[2]!.body).toContain('nous avons clôturé votre demande');
    expect((await bot.getIssue(groups.exempt[0]!)).state).toBe('open');
    const again = await sweep('2026-11-27T16:00:00Z', { cache: true });
    expect(again.standinWrites).toBe(0);
  });

  it('a dry run plans without writing', async () => {
    await sweep('2026-11-30T07:00:00Z');
    at('2026-11-30T08:00:00Z');
    for (let index = 0; index < 3; index += 1) {
      const issue = await bot.createIssue({
        title: 'Serveur en panne',
        body: 'Bonjour',
        labels: ['status: new', 'priority: urgent', 'team: billing'],
        assignees: [],
      });
      groups.urgent.push(issue.number);
    }
    at('2026-11-30T09:30:00Z');
    standin.resetStats();
    const result = await runSweep({
      tracker: trackerAs('repodesk-bot'),
      rules,
      now: new Date('2026-11-30T09:30:00Z'),
      dryRun: true,
    });
    expect(result.plans.map((plan) => plan.actions.map((action) => action.kind))).toEqual([
      ['add-label', 'assign'],
      ['add-label', 'assign'],
      ['add-label', 'assign'],
    ]);
    expect(result.writes).toBe(0);
    expect(standin.stats().writes).toBe(0);
  });

  it('the write budget defers whole tickets to the next run', async () => {
    at('2026-11-30T09:30:00Z');
    standin.resetStats();
    const limited = await runSweep({
      tracker: trackerAs('repodesk-bot'),
      rules,
      now: new Date('2026-11-30T09:30:00Z'),
      maxWrites: 2,
    });
    // A label and an assignment: one write a ticket.
    expect(limited.writes).toBe(2);
    expect(standin.stats().writes).toBe(2);
    expect(limited.deferred).toHaveLength(1);
    const rest = await sweep('2026-11-30T09:30:00Z');
    expect(rest.writes).toBe(1);
    expect(rest.deferred).toEqual([]);
    expect((await sweep('2026-11-30T09:30:00Z')).standinWrites).toBe(0);
    const last = await bot.getIssue(groups.urgent.at(-1)!);
    expect(last.assignees).toEqual(['camille']);
    expect(last.labels).toContain('sla: breached');
  });
});
