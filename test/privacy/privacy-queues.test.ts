// Privacy on a desk with confidential queues (issue 13): a requester with one ticket in the default
// repository and one in the HR repository (issue #N in each: numbers are per repository). Through the real
// paths: the bot takes both form requests, then `repodesk privacy export|erase` as its own process on the
// same data folder, the daily retention task, and an HR agent's `/erase` on the HR issue.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyRetentionTask } from '../../src/privacy/retention-task.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import {
  agentToken,
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
const dayMs = 24 * 60 * 60 * 1000;
let harness: Harness;
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-privacy-queues-'));
  dataDir = path.join(root, 'data');
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const desk = path.join(root, 'rules', 'desk.yaml');
  const deskText = fs.readFileSync(desk, 'utf8');
  expect(deskText).toContain('repository: cassiopee/support\n');
  fs.writeFileSync(
    desk,
    deskText.replace(
      'repository: cassiopee/support\n',
      'repository: acme/support\nrepositories: [acme/support, acme/support-hr]\n',
    ),
  );
  const routing = path.join(root, 'rules', 'routing.yaml');
  const hrRule = '      team: rh\n      assign: least-open\n      stop: true\n';
  const routingText = fs.readFileSync(routing, 'utf8');
  expect(routingText).toContain(hrRule);
  fs.writeFileSync(routing, routingText.replace(hrRule, `      repository: acme/support-hr\n${hrRule}`));
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(`rules invalid: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
  harness = await startHarness({
    desk: { root, rules: loaded.rules, articles: loaded.articles },
    dataDir,
    standin: { repos: ['acme/support', 'acme/support-hr'] },
    standinUsers: [{ login: 'claire-fontaine', token: hrAgentToken, role: { 'acme/support-hr': 'write' } }],
  });
});
afterAll(async () => {
  await harness?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const cliEnv = () => ({
  GITHUB_TOKEN: 'bot-token',
  GITHUB_REPOSITORY: 'acme/support',
  GITHUB_API_URL: harness.standin.url,
  DATA_DIR: dataDir,
  REPODESK_ROOT: root,
});

interface Ticket {
  repository: string;
  number: number;
}

/** One form request from `name` <`email`>: an incident (default repository) or an HR request. */
async function submit(form: 'incident' | 'demande-rh', name: string, email: string): Promise<Ticket> {
  const fields =
    form === 'demande-rh'
      ? hrRequestFields(`Attestation employeur pour ${name}`)
      : incidentFields(`VPN refusé pour ${name}`);
  const response = await postRequest(harness.url, {
    form,
    lang: 'fr',
    requester: { name, email },
    fields,
    idempotencyKey: randomUUID().replace(/-/g, ''),
    startedAt: harness.bot.context.clock() - 60_000,
  });
  expect(response.status).toBe(202);
  const { ref } = (await response.json()) as { ref: string };
  await settle(harness);
  const record = await harness.bot.context.refs.get(ref);
  expect(record?.issueNumber).toBeGreaterThan(0);
  return { repository: record?.repository ?? 'acme/support', number: record!.issueNumber! };
}

/** One requester's two tickets, the HR one first filed in acme/support-hr. */
async function requesterWithTwoTickets(name: string, email: string): Promise<[Ticket, Ticket]> {
  const incident = await submit('incident', name, email);
  const hr = await submit('demande-rh', name, email);
  expect([incident.repository, hr.repository]).toEqual(['acme/support', 'acme/support-hr']);
  return [incident, hr];
}

async function api(ticket: Ticket, route = '', init: RequestInit = {}, token = agentToken) {
  const response = await fetch(
    `${harness.standin.url}/repos/${ticket.repository}/issues/${ticket.number}${route}`,
    {
      ...init,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    },
  );
  expect(response.ok, `${route}: ${response.status}`).toBe(true);
  return response.json() as Promise<unknown>;
}

/** What GitHub shows of a ticket: its title, body and comments. */
async function issueText(ticket: Ticket): Promise<string> {
  const issue = (await api(ticket)) as { title: string; body: string };
  const comments = (await api(ticket, '/comments')) as { body: string }[];
  return [issue.title, issue.body, ...comments.map((comment) => comment.body)].join('\n');
}

async function comment(ticket: Ticket, body: string, token = agentToken): Promise<void> {
  await api(ticket, '/comments', { method: 'POST', body: JSON.stringify({ body }) }, token);
  await settle(harness);
}

/** The requesters the store still knows, by repository and issue. */
async function rememberedRequesters(): Promise<string[]> {
  return (
    await harness.bot.context.store.all(
      `SELECT t.requester, r.repository, r.issue_number FROM mail_threads t JOIN ticket_refs r ON r.ref = t.ref
        WHERE t.requester <> '' ORDER BY t.requester, r.repository, r.issue_number`,
    )
  ).map(
    (row) => `${String(row.requester)} ${String(row.repository) || 'default'}#${Number(row.issue_number)}`,
  );
}

describe('repodesk privacy export on a desk with two repositories', () => {
  it("lists the requester's ticket and public thread in each repository, read from its own issue", async () => {
    const [incident, hr] = await requesterWithTwoTickets('Marie Curie', 'marie.curie@example.org');
    await comment(hr, '/reply Votre attestation employeur est prête.', hrAgentToken);
    await comment(hr, 'Note interne : dossier vérifié.', hrAgentToken);
    const out = path.join(root, 'marie.tar.gz');
    const result = await runCli(['privacy', 'export', 'marie.curie@example.org', '--out', out], cliEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Wrote ${out}: 2 tickets, 0 mails, 0 files.\n`);
    const folder = path.join(root, 'marie');
    fs.mkdirSync(folder);
    await extract({ file: out, cwd: folder });
    const document = JSON.parse(fs.readFileSync(path.join(folder, 'requester.json'), 'utf8')) as {
      tickets: {
        title: string;
        issue: number;
        github: { repository: string; number: number; title: string; publicThread: { body: string }[] };
      }[];
    };
    const tickets = document.tickets
      .map((ticket) => ({
        repository: ticket.github.repository,
        number: ticket.github.number,
        title: ticket.github.title,
        thread: ticket.github.publicThread.map((entry) => entry.body),
      }))
      .sort((a, b) => a.repository.localeCompare(b.repository));
    expect(tickets).toEqual([
      {
        repository: 'acme/support',
        number: incident.number,
        title: expect.stringContaining('VPN refusé pour Marie Curie'),
        thread: [],
      },
      {
        repository: 'acme/support-hr',
        number: hr.number,
        title: expect.stringContaining('Attestation employeur pour Marie Curie'),
        thread: ['/reply Votre attestation employeur est prête.'],
      },
    ]);
  });
});

describe('repodesk privacy erase on a desk with two repositories', () => {
  it('redacts the requester in both repositories and says which issue of which repository changed', async () => {
    const [incident, hr] = await requesterWithTwoTickets('Jeanne Baret', 'jeanne.baret@example.org');
    const [, paulHr] = await requesterWithTwoTickets('Paul Langevin', 'paul.langevin@example.org');
    for (const ticket of [incident, hr]) expect(await issueText(ticket)).toContain('Jeanne Baret');
    const result = await runCli(['privacy', 'erase', 'jeanne.baret@example.org'], cliEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  GitHub issue #${incident.number}: title and body redacted\n`);
    expect(result.stdout).toContain(`  GitHub issue acme/support-hr#${hr.number}: title and body redacted\n`);
    expect(result.stdout).toContain("  store: 2 tickets forget the requester's address, name and copies\n");
    for (const ticket of [incident, hr]) {
      const shown = (await issueText(ticket)).toLowerCase();
      expect(shown).not.toContain('jeanne');
      expect(shown).toContain('[effacé · erased]');
    }
    // Paul's HR ticket is his own.
    expect(await issueText(paulHr)).toContain('Paul Langevin');
    expect((await rememberedRequesters()).filter((line) => line.startsWith('jeanne'))).toEqual([]);
  });

  it('--ticket N --repository acme/support-hr erases that HR issue only, not issue #N of the default repository', async () => {
    const [incident, hr] = await requesterWithTwoTickets('Luc Montagnier', 'luc.montagnier@example.org');
    const result = await runCli(
      [
        'privacy',
        'erase',
        'luc.montagnier@example.org',
        '--ticket',
        String(hr.number),
        '--repository',
        'acme/support-hr',
      ],
      cliEnv(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  GitHub issue acme/support-hr#${hr.number}: title and body redacted\n`);
    expect(result.stdout).toContain("  store: 1 tickets forget the requester's address, name and copies\n");
    expect(await issueText(hr)).not.toContain('Luc Montagnier');
    expect(await issueText(incident)).toContain('Luc Montagnier');
    expect((await rememberedRequesters()).filter((line) => line.startsWith('luc'))).toEqual([
      `luc.montagnier@example.org default#${incident.number}`,
    ]);
  });

  it.each([
    [['--repository', 'acme/support-hr'], '--repository: only with erase --ticket N'],
    [['--ticket', '1', '--repository', 'support-hr'], '--repository: expected owner/repo'],
  ])('%j is refused with the fix', async (options, message) => {
    const result = await runCli(['privacy', 'erase', 'luc.montagnier@example.org', ...options], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('retention and /erase on a desk with two repositories', () => {
  it('the retention task forgets the requester of a closed HR ticket, read in the HR repository', async () => {
    const [incident, hr] = await requesterWithTwoTickets('Nina Simone', 'nina.simone@example.org');
    await api(hr, '', {
      method: 'PATCH',
      body: JSON.stringify({ state: 'closed', state_reason: 'completed' }),
    });
    await settle(harness);
    const closedAt = Date.parse(((await api(hr)) as { closed_at: string }).closed_at);
    const retentionDays = harness.rules.desk.privacy.retentionDays;
    await privacyRetentionTask(harness.bot.context).run(closedAt + (retentionDays + 1) * dayMs);
    expect(await issueText(hr)).not.toContain('Nina Simone');
    // Her open ticket of the default repository (issue #N too) stays as it was.
    expect(await issueText(incident)).toContain('Nina Simone');
    expect((await rememberedRequesters()).filter((line) => line.startsWith('nina'))).toEqual([
      `nina.simone@example.org default#${incident.number}`,
    ]);
  });

  it("an HR agent's /erase on the HR issue erases that ticket, not the requester's ticket of the same number elsewhere", async () => {
    const [incident, hr] = await requesterWithTwoTickets('Olga Tokarczuk', 'olga.tokarczuk@example.org');
    await comment(hr, '/erase', hrAgentToken);
    expect(await issueText(hr)).not.toContain('Olga Tokarczuk');
    expect(await issueText(incident)).toContain('Olga Tokarczuk');
    expect((await rememberedRequesters()).filter((line) => line.startsWith('olga'))).toEqual([
      `olga.tokarczuk@example.org default#${incident.number}`,
    ]);
  });
});
