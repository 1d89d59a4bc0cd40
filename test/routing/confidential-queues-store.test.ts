// What the bot's store keeps by issue number is kept by repository too (confidential queues, issue 13):
// the HR repository's #N and the default repository's #N are two tickets. Through the real bot (the GitHub
// stand-in's signed webhooks, the SMTP sink) and the real CLI: a merge, a label change and a rating made on
// one repository's #N never show on the other's.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSurveyToken } from '../../src/outbound/survey-token.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import {
  agentToken,
  eventually,
  postRequest,
  repoRoot,
  settle,
  startHarness,
  type Harness,
  hrRequestFields,
  incidentFields,
} from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';

const hrAgentToken = 'claire-token';
const hr = 'acme/support-hr';
const main = 'acme/support';
let harness: Harness;
let root: string;
let requests = 0;

/** The template's rules, with the HR repository listed and the HR rule filing its tickets there. */
function writeDesk(target: string): void {
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(target, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(target, 'kb'), { recursive: true });
  const desk = path.join(target, 'rules', 'desk.yaml');
  fs.writeFileSync(
    desk,
    fs
      .readFileSync(desk, 'utf8')
      .replace('repository: cassiopee/support\n', `repository: ${main}\nrepositories: [${main}, ${hr}]\n`),
  );
  const routing = path.join(target, 'rules', 'routing.yaml');
  const text = fs.readFileSync(routing, 'utf8');
  const hrRule = '      team: rh\n      assign: least-open\n      stop: true\n';
  expect(text).toContain(hrRule);
  fs.writeFileSync(routing, text.replace(hrRule, `      repository: ${hr}\n${hrRule}`));
}

interface Ticket {
  repository: string;
  number: number;
  ref: string;
  token: string;
  email: string;
}

/** A request from the site: the HR form lands in the HR repository, an incident in the default one. */
async function submit(repository: string): Promise<Ticket> {
  requests += 1;
  const email = `salarie.${requests}@example.org`;
  const [form, fields] =
    repository === hr
      ? ['demande-rh', hrRequestFields(`Attestation employeur ${requests}`)]
      : ['incident', incidentFields(`VPN refusé ${requests}`)];
  const response = await postRequest(harness.url, {
    form,
    lang: 'fr',
    requester: { name: 'Marie Curie', email },
    fields,
    idempotencyKey: randomUUID().replace(/-/g, ''),
    startedAt: harness.bot.context.clock() - 60_000,
  });
  expect(response.status).toBe(202);
  const accepted = (await response.json()) as { ref: string; token: string };
  await settle(harness);
  const record = await eventually(async () => {
    const found = await harness.bot.context.refs.get(accepted.ref);
    return found?.issueNumber === undefined ? undefined : found;
  });
  expect(record.repository ?? main).toBe(repository);
  return { repository, number: record.issueNumber!, ...accepted, email };
}

/** Two tickets of the same issue number, one in each repository. */
async function pair(): Promise<{ inHr: Ticket; inMain: Ticket }> {
  const inHr = await submit(hr);
  const inMain = await submit(main);
  expect(inHr.number).toBe(inMain.number);
  return { inHr, inMain };
}

async function api<T>(repository: string, route: string): Promise<T> {
  const response = await fetch(`${harness.standin.url}/repos/${repository}${route}`, {
    headers: { authorization: `token ${agentToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function comment(ticket: Ticket, body: string, token = agentToken): Promise<void> {
  const url = `${harness.standin.url}/repos/${ticket.repository}/issues/${ticket.number}/comments`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  expect(response.status).toBe(201);
  await settle(harness);
}

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

/** `repodesk why` as an admin runs it next to the bot: GitHub through the stand-in, the bot's store. */
function why(args: string[]) {
  return runCli(['why', ...args, '--root', root], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: main,
    GITHUB_API_URL: harness.standin.url,
    DATA_DIR: harness.dataDir,
  });
}

/** `repodesk report` as the monthly workflow runs it, with the bot's store for the ratings. */
function report(args: string[]) {
  return runCli(['report', ...args, '--root', root, '--data-dir', harness.dataDir], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: main,
    GITHUB_API_URL: harness.standin.url,
  });
}

/**
 * Rates `ticket` as its requester's survey link does (the HR form opts out of the survey mail, so the link
 * is signed here, as the bot signs it).
 */
async function rate(ticket: Ticket, rating: 'good' | 'bad'): Promise<void> {
  const token = signSurveyToken(harness.bot.context.surveySecret, ticket.ref, harness.bot.context.clock());
  const url = `${harness.url}/api/satisfaction/${ticket.ref}/${rating}?token=${encodeURIComponent(token)}`;
  const response = await fetch(url, { method: 'POST', redirect: 'manual' });
  expect(response.status).toBeLessThan(400);
  await settle(harness);
}

interface ReportJson {
  tickets: { listed: number };
  volume: { totals: { created: number } };
  groups: { lines: { group: string; created: number; csat: { good: number; bad: number } | null }[] };
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-queues-store-'));
  writeDesk(root);
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(`rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  harness = await startHarness({
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    standin: { repos: [main, hr] },
    // An HR agent (teams.yaml), collaborator of the HR repository only.
    standinUsers: [{ login: 'claire-fontaine', token: hrAgentToken, role: { [hr]: 'write' } }],
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('two repositories with an issue of the same number', () => {
  let first: { inHr: Ticket; inMain: Ticket };
  let second: { inHr: Ticket; inMain: Ticket };

  beforeAll(async () => {
    first = await pair();
    second = await pair();
  });

  it('a merge in the HR repository does not mail its requester the default issue’s replies', async () => {
    await comment(second.inHr, `/merge #${first.inHr.number}`, hrAgentToken);
    expect(await api<{ state: string }>(hr, `/issues/${second.inHr.number}`)).toMatchObject({
      state: 'closed',
    });
    const before = mailsTo(second.inHr.email).length;
    const requesterBefore = mailsTo(first.inMain.email).length;
    await comment(first.inMain, '/reply Bonjour, le VPN est rétabli.');
    expect(mailsTo(first.inMain.email)).toHaveLength(requesterBefore + 1);
    expect(mailsTo(second.inHr.email)).toHaveLength(before);
  });

  it('the default repository’s issue of the merged number can still be merged, and its thread follows', async () => {
    await comment(second.inMain, `/merge #${first.inMain.number}`);
    expect(
      await api<{ state: string; state_reason: string | null }>(main, `/issues/${second.inMain.number}`),
    ).toMatchObject({ state: 'closed', state_reason: 'duplicate' });
    // Its follow page now shows the target's ticket; the HR source still follows the HR target.
    const page = async (ticket: Ticket) =>
      (await (await fetch(`${harness.url}/api/requests/${ticket.ref}?token=${ticket.token}`)).json()) as {
        title: string;
      };
    expect((await page(second.inMain)).title).toContain('VPN refusé');
    expect((await page(second.inHr)).title).toContain('Attestation employeur');
  });

  it('/unmerge in one repository leaves the other’s merge in place', async () => {
    await comment(second.inHr, '/unmerge', hrAgentToken);
    expect(await api<{ state: string }>(hr, `/issues/${second.inHr.number}`)).toMatchObject({
      state: 'open',
    });
    expect(await api<{ state: string }>(main, `/issues/${second.inMain.number}`)).toMatchObject({
      state: 'closed',
    });
  });

  let third: { inHr: Ticket; inMain: Ticket };

  it('repodesk why on the default issue does not list a label change made on the HR issue', async () => {
    third = await pair();
    await comment(third.inHr, '/status pending', hrAgentToken);
    const labels = (await api<{ labels: { name: string }[] }>(hr, `/issues/${third.inHr.number}`)).labels;
    expect(labels.map((label) => label.name)).toContain('status: pending');
    const run = await why([String(third.inMain.number)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("label changes: from the bot's store");
    expect(run.stdout).not.toContain('status: pending');
  });

  it.each([
    ['OWNER/REPO#N', () => `${hr}#${third.inHr.number}`],
    ['its reference', () => third.inHr.ref],
  ])('repodesk why on the HR issue, named by %s, reads it there with its label change', async (_how, arg) => {
    const run = await why([arg()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      new RegExp(`^${hr}#${third.inHr.number} .*Attestation employeur`),
    );
    expect(run.stdout).toMatch(/added label "status: pending" \(command \/status/);
  });

  it('repodesk why refuses a repository desk.yaml does not list, naming the listed ones', async () => {
    const run = await why(['acme/lab#1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `repodesk why: acme/lab#1: "acme/lab" is not one of the desk's repositories (rules/desk.yaml repositories: ${main}, ${hr}); expected one of them, or add it there\n`,
    );
  });

  it('repodesk report counts every repository’s tickets once, and a rating on HR #N only for HR #N', async () => {
    await rate(first.inHr, 'bad');
    const listed = async (repository: string) =>
      (await api<{ number: number }[]>(repository, '/issues?state=all&per_page=100')).length;
    const inHr = await listed(hr);
    const inMain = await listed(main);
    expect(inHr).toBeGreaterThan(0);
    expect(inMain).toBeGreaterThan(0);
    const now = new Date(harness.bot.context.clock() + 60_000).toISOString();
    const run = await report(['--format', 'json', '--by', 'team', '--now', now]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as ReportJson;
    expect(json.tickets.listed).toBe(inHr + inMain);
    expect(json.volume.totals.created).toBe(inHr + inMain);
    const line = (group: string) => json.groups.lines.find((candidate) => candidate.group === group);
    const mainTeam = (
      await api<{ labels: { name: string }[] }>(main, `/issues/${first.inMain.number}`)
    ).labels
      .map((label) => label.name)
      .find((name) => name.startsWith('team: '))!
      .slice('team: '.length);
    expect(line('rh')).toMatchObject({ created: inHr, csat: { good: 0, bad: 1 } });
    expect(line(mainTeam)?.csat).toMatchObject({ good: 0, bad: 0 });
  });
});

describe('repodesk report’s customers’ comments', () => {
  let tickets: { inHr: Ticket; inMain: Ticket };
  /** Rates `ticket` and adds `comment` on the help site's survey page, as the requester does. */
  async function rateWithComment(ticket: Ticket, rating: 'good' | 'bad', comment: string): Promise<void> {
    await rate(ticket, rating);
    const token = signSurveyToken(harness.bot.context.surveySecret, ticket.ref, harness.bot.context.clock());
    const response = await fetch(`${harness.url}/api/satisfaction/${ticket.ref}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, comment }),
    });
    expect(response.status).toBe(204);
    await settle(harness);
  }
  const now = () => new Date(harness.bot.context.clock() + 60_000).toISOString();

  beforeAll(async () => {
    tickets = await pair();
    await rateWithComment(tickets.inHr, 'bad', 'Attestation reçue trop tard.');
    await rateWithComment(tickets.inMain, 'good', 'VPN rétabli, merci.');
  });

  it.each(['text', 'markdown', 'html'])(
    'in %s, the HR ticket’s comment names its repository, the default one’s is #N',
    async (format) => {
      const run = await report(['--format', format, '--now', now()]);
      expect(run.stderr).not.toContain('error');
      expect(run.code).toBe(0);
      // Markdown keeps GitHub from linking #N to the wrong issue with a zero-width joiner after the #.
      const lines = run.stdout.replaceAll('\u200d', '').split('\n');
      const hrLine = lines.find((line) => line.includes('Attestation reçue trop tard.'));
      const mainLine = lines.find((line) => line.includes('VPN rétabli, merci.'));
      expect(hrLine).toContain(`${hr}#${tickets.inHr.number}`);
      expect(mainLine).toContain(`#${tickets.inMain.number}`);
      expect(mainLine).not.toContain(`${hr}#`);
    },
  );

  it('in json, the HR ticket’s comment carries its repository, the default one’s none', async () => {
    const run = await report(['--format', 'json', '--now', now()]);
    expect(run.code).toBe(0);
    const comments = (
      JSON.parse(run.stdout) as { satisfaction: { comments: { number: number; repository?: string }[] } }
    ).satisfaction.comments;
    expect(comments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          number: tickets.inHr.number,
          repository: hr,
          comment: 'Attestation reçue trop tard.',
        }),
        {
          number: tickets.inMain.number,
          rating: 'good',
          at: expect.any(String),
          comment: 'VPN rétabli, merci.',
        },
      ]),
    );
  });
});

describe('the issue’s turn is the repository’s issue’s', () => {
  /** Holds the turn of `repository`'s issue `number` in the bot until the returned function is called. */
  async function holdTurn(repository: string, number: number): Promise<() => Promise<void>> {
    let letGo: (() => void) | undefined;
    const held = harness.bot.context.issueLocks
      .forRepository(repository)
      .run(number, () => new Promise<void>((resolve) => (letGo = resolve)));
    await eventually(async () => letGo !== undefined);
    return async () => {
      letGo!();
      await held;
    };
  }

  const labelsOf = async (ticket: Ticket) =>
    (await api<{ labels: { name: string }[] }>(ticket.repository, `/issues/${ticket.number}`)).labels.map(
      (label) => label.name,
    );

  it.each([
    ['the HR issue’s /status runs while the default issue of its number is busy', 'inHr', 'inMain'],
    ['the default issue’s /status runs while the HR issue of its number is busy', 'inMain', 'inHr'],
  ] as const)('%s', async (_name, commanded, busy) => {
    const tickets = await pair();
    const letGo = await holdTurn(tickets[busy].repository, tickets[busy].number);
    try {
      await comment(tickets[commanded], '/status on-hold', commanded === 'inHr' ? hrAgentToken : agentToken);
      expect(await labelsOf(tickets[commanded])).toContain('status: on-hold');
      expect(await labelsOf(tickets[busy])).not.toContain('status: on-hold');
    } finally {
      await letGo();
    }
  });
});
