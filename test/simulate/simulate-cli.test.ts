// `repodesk simulate` through the real CLI, against a desk in a git repository with two commits (a routing
// rule, an SLA target, two article renames, a canned reply and a form label changed) and six tickets in
// the GitHub stand-in written as intake writes them: what changes is counted exactly.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/simulate/simulation.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { repoRoot } from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { deskRepository, rulesOf, ticketIssue } from './desk-change.ts';

let standin: Standin;
let clock = Date.parse('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris
const now = '2026-11-23T10:00:00Z';
const repo = deskRepository();
const numbers: Record<string, number> = {};

async function api<T>(
  path: string,
  init: { method: string; body: unknown },
  token = 'bot-token',
): Promise<T> {
  const response = await fetch(`${standin.url}/repos/acme/support${path}`, {
    method: init.method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(init.body),
  });
  if (!response.ok)
    throw new Error(`stand-in answered ${response.status} to ${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

const mail = (subject: string, organisation?: string): TicketDraft => ({
  channel: 'email',
  subject,
  body: 'Bonjour, pouvez-vous m’aider ?',
  requester: { name: 'Client', email: `client@${organisation ?? 'example.org'}.example` },
  language: 'fr',
  fields: {},
  labels: [],
  sender: 'verified',
});

function simulate(...args: string[]) {
  return simulateIn(repo.root, ...args);
}

function simulateIn(root: string, ...args: string[]) {
  return runCli(['simulate', '--root', root, '--now', now, ...args], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
  });
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token' },
      { login: 'camille', token: 'camille-token' },
      { login: 'monitoring', token: 'monitoring-token' },
    ],
    now: () => clock,
  });
  const rules = await rulesOf(deskFixture('base'));
  const write = async (name: string, draft: TicketDraft, at: string) => {
    clock = Date.parse(at);
    const issue = ticketIssue(draft, rules, `RD-TEST-000${Object.keys(numbers).length + 1}`);
    numbers[name] = (await api<{ number: number }>('/issues', { method: 'POST', body: issue })).number;
  };
  // Two invoice questions by mail (billing today, IT with the change), one of them closed.
  await write('invoice', mail('Ma facture de mars'), '2026-11-23T08:00:00Z');
  await write('closedInvoice', mail('Facture en double'), '2026-11-23T08:00:00Z');
  await api(`/issues/${numbers.closedInvoice}`, { method: 'PATCH', body: { state: 'closed' } });
  // The contact form (its "Sujet" label is two fields'), a key account's outage, a later mail question.
  await write(
    'form',
    {
      channel: 'web',
      form: 'contact',
      subject: 'Compte bloqué',
      body: 'Je ne peux plus me connecter.',
      requester: { name: 'Léa', email: 'lea@example.org' },
      language: 'fr',
      fields: { subject: 'Compte bloqué', details: 'Je ne peux plus me connecter.', topic: 'Compte' },
      labels: [],
      sender: 'unverified',
    },
    '2026-11-23T08:00:00Z',
  );
  await write('vip', mail('Serveur en panne', 'acme'), '2026-11-23T08:00:00Z');
  await write('later', mail('Question sur mon compte'), '2026-11-23T09:15:00Z');
  // An issue a monitoring system opened on GitHub itself.
  clock = Date.parse('2026-11-23T08:00:00Z');
  numbers.opened = (
    await api<{ number: number }>(
      '/issues',
      { method: 'POST', body: { title: 'Sonde : disque plein', body: 'Alerte.', labels: ['status: new'] } },
      'monitoring-token',
    )
  ).number;
  clock = Date.parse(now);
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('repodesk simulate --base <commit> --head <commit>', () => {
  let simulation: Simulation;
  let code: number | null;
  beforeAll(async () => {
    const result = await simulate('--base', repo.base, '--head', repo.head, '--format', 'json');
    code = result.code;
    expect(result.stderr).toBe('');
    simulation = JSON.parse(result.stdout) as Simulation;
  }, 60_000);

  it('names both sides by the rules version validate and /healthz show: the commit that last changed rules/', () => {
    expect(simulation.base).toEqual({ ref: repo.base, rulesVersion: repo.base.slice(0, 12) });
    expect(simulation.head).toEqual({ ref: repo.head, rulesVersion: repo.head.slice(0, 12) });
  });

  it('routes the six tickets again: the two invoice mails (one closed) change team, it → billing', () => {
    expect(simulation.routing.replayed).toBe(6);
    expect(simulation.routing.changed).toBe(2);
    expect(simulation.routing.byAspect).toEqual({
      team: 2,
      priority: 0,
      type: 0,
      assignment: 0,
      labels: 2,
      replies: 0,
    });
    const invoice = simulation.routing.tickets.find((ticket) => ticket.number === numbers.invoice)!;
    expect(invoice.changes).toEqual([
      { aspect: 'team', base: 'it', head: 'billing' },
      {
        aspect: 'labels',
        base: 'priority: normal, status: new, team: it, type: question',
        head: 'priority: normal, status: new, team: billing, type: question',
      },
    ]);
    expect(invoice.base.matched).toEqual(['invoices', 'fallback']);
    expect(invoice.head.matched).toEqual(['invoices']);
    expect(invoice.head.trace).toContain('rule invoices stops evaluation: 1 later rule not evaluated');
    expect(simulation.routing.tickets.map((ticket) => ticket.number).sort()).toEqual(
      [numbers.invoice, numbers.closedInvoice].sort(),
    );
  });

  it('evaluates the five open tickets under both: three standard ones breach at once, the later one is at risk, the key account’s is unchanged', () => {
    expect(simulation.sla).toMatchObject({ open: 5, changed: 4, becomeAtRisk: 1, becomeBreached: 3 });
    const later = simulation.sla.tickets.find((ticket) => ticket.number === numbers.later)!;
    expect(later.base.clocks.firstResponse).toEqual({ dueAt: '2026-11-23T14:15:00.000Z', state: 'ok' });
    expect(later.head.clocks.firstResponse).toEqual({ dueAt: '2026-11-23T10:15:00.000Z', state: 'at-risk' });
    expect(later.becomes).toBe('at-risk');
    expect(simulation.sla.tickets.map((ticket) => ticket.number)).not.toContain(numbers.vip);
    const opened = simulation.sla.tickets.find((ticket) => ticket.number === numbers.opened)!;
    expect([opened.base.policy, opened.head.policy, opened.becomes]).toEqual([
      'standard',
      'standard',
      'breached',
    ]);
  });

  it('lists the two renamed articles, the changed form and reply, and refuses the renamed page another article links to', () => {
    expect(simulation.content.articles).toEqual([
      { kind: 'renamed', lang: 'en', slug: 'invoice', to: 'invoices', title: 'Get an invoice' },
      { kind: 'renamed', lang: 'fr', slug: 'facture', to: 'factures', title: 'Obtenir une facture' },
    ]);
    expect(simulation.content.forms).toEqual({ added: [], removed: [], changed: ['contact'] });
    expect(simulation.content.replies).toEqual({ added: [], removed: [], changed: ['ack.en'] });
    expect(simulation.content.templates).toEqual({ added: [], removed: [], changed: [] });
    expect(simulation.content.errors.map((error) => error.message)).toEqual([
      'article /fr/articles/facture/ is renamed to /fr/articles/factures/ but linked from kb/fr/mot-de-passe.md (base); ' +
        'the help site has no redirects, so those links (and mails already sent with them) would lead nowhere: ' +
        'keep kb/fr/facture.md under its old name, or first merge a change that removes every link to it',
    ]);
    expect(code).toBe(1);
  });
});

describe('what else a change shows', () => {
  it('reads a form’s answers back from the issue (two fields share the label "Sujet"): a rule on the topic field moves the form ticket only', async () => {
    const byTopic = deskRepository(
      {
        'rules/routing.yaml': (text) =>
          text.replace(
            '  - id: fallback',
            '  - id: account\n    when: { field: { id: topic, equals: Compte } }\n    then: { priority: urgent }\n  - id: fallback',
          ),
      },
      [],
    );
    const result = await simulateIn(
      byTopic.root,
      '--base',
      byTopic.base,
      '--head',
      byTopic.head,
      '--format',
      'json',
    );
    expect(result.stderr).toBe('');
    const simulation = JSON.parse(result.stdout) as Simulation;
    expect(
      simulation.routing.tickets.map((ticket) => [ticket.number, ticket.changes.map((c) => c.aspect)]),
    ).toEqual([[numbers.form, ['priority', 'labels']]]);
    expect(simulation.routing.tickets[0]!.head.trace).toContainEqual(
      expect.stringMatching(/^rule account: .*"Compte"/),
    );
    // The priority moves the form ticket's SLA too? No: the SLA reads the labels on the issue, unchanged.
    expect(simulation.sla.changed).toBe(0);
    expect(result.code).toBe(0);
  });

  it('a rule on the github channel moves only the issue opened on GitHub itself', async () => {
    const byChannel = deskRepository(
      {
        'rules/routing.yaml': (text) =>
          text.replace(
            '  - id: fallback',
            '  - id: probes\n    when: { channel: github }\n    then: { type: incident }\n  - id: fallback',
          ),
      },
      [],
    );
    const result = await simulateIn(
      byChannel.root,
      '--base',
      byChannel.base,
      '--head',
      byChannel.head,
      '--format',
      'json',
    );
    const simulation = JSON.parse(result.stdout) as Simulation;
    expect(
      simulation.routing.tickets.map((ticket) => [ticket.number, ticket.changes.map((c) => c.aspect)]),
    ).toEqual([[numbers.opened, ['type', 'labels']]]);
  });

  it('lists an article removed and one added, and mail templates changed; nothing links to the removed one: no error', async () => {
    // The shipped templates in the base (with rules/emails/, every mail needs its template).
    const emails = path.join(repoRoot, 'rules/emails');
    const shipped = Object.fromEntries(
      fs
        .readdirSync(emails)
        .map((name) => [`rules/emails/${name}`, fs.readFileSync(path.join(emails, name), 'utf8')]),
    );
    const reworded = (text: string) => text.replace(/\n\n/, '\n\nMerci.\n\n');
    const article = [
      '---',
      'title: Changer de compte',
      'summary: Passer d’un compte à l’autre.',
      'category: access',
      'lang: fr',
      'translationKey: switch-account',
      'updated: 2026-11-01',
      '---',
      '',
      'Voir [le mot de passe](mot-de-passe.md).',
      '',
    ].join('\n');
    const content = deskRepository(
      {
        'kb/fr/changer-de-compte.md': article,
        'rules/emails/acknowledgement.fr.md': reworded,
        'rules/emails/reminder.en.md': reworded,
      },
      [],
      {
        base: shipped,
        removals: ['kb/en/password.md'],
      },
    );
    const result = await simulateIn(
      content.root,
      '--base',
      content.base,
      '--head',
      content.head,
      '--format',
      'json',
    );
    expect(result.stderr).toBe('');
    const simulation = JSON.parse(result.stdout) as Simulation;
    expect(simulation.content).toEqual({
      articles: [
        { kind: 'removed', lang: 'en', slug: 'password', title: 'Forgotten password' },
        { kind: 'added', lang: 'fr', slug: 'changer-de-compte', title: 'Changer de compte' },
      ],
      forms: { added: [], removed: [], changed: [] },
      replies: { added: [], removed: [], changed: [] },
      templates: { added: [], removed: [], changed: ['acknowledgement.fr', 'reminder.en'] },
      errors: [],
    });
    expect(simulation.routing.changed).toBe(0);
    expect(simulation.sla.changed).toBe(0);
    expect(result.code).toBe(0);
  });

  it('refuses an article removed while a canned reply of the base links to its page', async () => {
    const linked = deskRepository(
      {
        'rules/replies/ack.fr.md': (text) => text.replace(' Voir {{desk.siteUrl}}/fr/articles/facture/', ''),
      },
      [],
      {
        base: {
          'rules/replies/ack.fr.md': (text) =>
            `${text.trimEnd()} Voir {{desk.siteUrl}}/fr/articles/facture/\n`,
        },
        removals: ['kb/fr/facture.md'],
      },
    );
    const withoutLink = (text: string) =>
      text.replace('related: [facture]', 'related: []').replace('Voir aussi [les factures](facture.md).', '');
    fs.writeFileSync(
      path.join(linked.root, 'kb/fr/mot-de-passe.md'),
      withoutLink(fs.readFileSync(path.join(linked.root, 'kb/fr/mot-de-passe.md'), 'utf8')),
    );
    execFileSync(
      'git',
      ['-c', 'user.name=A', '-c', 'user.email=a@example.org', 'commit', '-q', '-am', 'unlink'],
      { cwd: linked.root },
    );
    const result = await simulateIn(linked.root, '--base', linked.base, '--head', 'HEAD', '--format', 'json');
    expect(result.stderr).toBe('');
    const simulation = JSON.parse(result.stdout) as Simulation;
    expect(simulation.content.errors.map((error) => error.linkedFrom)).toEqual([
      ['kb/fr/mot-de-passe.md (base)', 'rules/replies/ack.fr.md (base)'],
    ]);
    expect(simulation.content.errors[0]!.message).toMatch(
      /^article \/fr\/articles\/facture\/ is removed but linked from/,
    );
    expect(result.code).toBe(1);
  });

  it('--limit 2 routes only the two newest tickets again', async () => {
    const result = await simulate(
      '--base',
      repo.base,
      '--head',
      repo.head,
      '--format',
      'json',
      '--limit',
      '2',
    );
    const simulation = JSON.parse(result.stdout) as Simulation;
    expect(simulation.routing.replayed).toBe(2);
    expect(simulation.routing.changed).toBe(0);
    // Every open ticket still counts for the SLA.
    expect(simulation.sla.open).toBe(5);
  });

  it('without --head compares with the working tree, named as validate names it (commit-dirty+hash)', async () => {
    const tree = deskRepository({}, []);
    const sla = path.join(tree.root, 'rules/sla.yaml');
    fs.writeFileSync(sla, fs.readFileSync(sla, 'utf8').replace('firstResponse: 4h,', 'firstResponse: 1h,'));
    const result = await simulateIn(tree.root, '--base', 'HEAD', '--format', 'json');
    expect(result.stderr).toBe('');
    const simulation = JSON.parse(result.stdout) as Simulation;
    expect(simulation.head.ref).toBe('working tree');
    // The last commit that changed rules/ is the first: the second changed nothing.
    expect(simulation.head.rulesVersion).toMatch(
      new RegExp(`^${tree.base.slice(0, 12)}-dirty\\+[0-9a-f]{12}$`),
    );
    expect(simulation.base.rulesVersion).toBe(tree.base.slice(0, 12));
    expect(simulation.sla).toMatchObject({ changed: 4, becomeAtRisk: 1, becomeBreached: 3 });
    expect(simulation.routing.changed).toBe(0);
    expect(simulation.content.articles).toEqual([]);
  });

  it('prints the same summary as text, then each changed ticket with both traces', async () => {
    const result = await simulate('--base', repo.base, '--head', repo.head);
    expect(result.stdout.split('\n').slice(0, 5)).toEqual([
      `repodesk simulate: base ${repo.base} (rules ${repo.base.slice(0, 12)}) → head ${repo.head} (rules ${repo.head.slice(0, 12)}), at 2026-11-23T10:00:00.000Z`,
      'Routing: 2 of 6 tickets change (team 2, labels 2)',
      'SLA: 4 of 5 open tickets change; 1 become at risk and 3 breached at once',
      'Content: articles 0 added, 0 removed, 2 renamed; 1 exported form, 1 canned reply, 0 mail templates changed',
      '1 error: /fr/articles/facture/',
    ]);
    expect(result.stdout).toContain(`  #${numbers.invoice} Ma facture de mars\n    team: it → billing\n`);
    expect(result.stdout).toContain('    head trace:\n      rule vip: skipped:');
    expect(result.stdout).toContain('error: article /fr/articles/facture/ is renamed');
    expect(result.code).toBe(1);
  });

  it('writes Markdown for a pull request: summary first, details folded, no ticket title, numbers in code', async () => {
    const result = await simulate('--base', repo.base, '--head', repo.head, '--format', 'markdown');
    const markdown = result.stdout;
    expect(markdown.split('\n').slice(1, 6)).toEqual([
      '',
      '- Routing: 2 of 6 tickets change (team 2, labels 2)',
      '- SLA: 4 of 5 open tickets change; 1 become at risk and 3 breached at once',
      '- Content: articles 0 added, 0 removed, 2 renamed; 1 exported form, 1 canned reply, 0 mail templates changed',
      '- 1 error: /fr/articles/facture/',
    ]);
    expect(markdown.match(/<details><summary>/g)).toHaveLength(3);
    expect(markdown).toContain(`**\`#${numbers.invoice}\`**: team \`it\` → \`billing\``);
    for (const title of ['Ma facture de mars', 'Serveur en panne', 'Compte bloqué'])
      expect(markdown).not.toContain(title);
    expect(markdown).not.toMatch(/(^|[^`])#\d/m);
  });

  it.each([
    [
      ['--base', 'no-such-branch'],
      1,
      /^repodesk simulate: --base "no-such-branch": not a commit of the git repository at .*; expected a branch, tag or commit/,
    ],
    [['--head', 'HEAD'], 2, /^repodesk simulate: --base is required, e\.g\. --base origin\/main\n/],
    [
      ['--base', 'HEAD', '--format', 'html'],
      2,
      /^repodesk simulate: --format: unknown format "html"; expected one of text, json, markdown\n/,
    ],
    [
      ['--base', 'HEAD', '--limit', 'many'],
      2,
      /^repodesk simulate: --limit: expected a whole number of tickets such as 500, found "many"\n/,
    ],
  ])('refuses %j with exit %i and a message that says what to give', async (args, code, message) => {
    const result = await simulate(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('without a token says which variable to set, before reading anything', async () => {
    const result = await runCli(['simulate', '--root', repo.root, '--base', repo.base], {
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_API_URL: standin.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'repodesk simulate: GITHUB_TOKEN: missing; set GITHUB_TOKEN (or GitHub App credentials) to reach the support repository\n',
    );
  });

  it('a token GitHub refuses gives one line naming the request, and no output', async () => {
    const result = await runCli(['simulate', '--root', repo.root, '--base', repo.base], {
      GITHUB_TOKEN: 'revoked-token',
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_API_URL: standin.url,
    });
    expect(result.code).toBe(1);
    // Issues and the token's login are read at once: either request may be the one to fail first.
    expect(result.stderr).toMatch(
      /^repodesk simulate: GET \/\S+ failed \(401, unauthorized\): Bad credentials\n$/,
    );
    expect(result.stdout).toBe('');
  });

  it('refuses a ref without rules/, naming it', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.root, encoding: 'utf8' }).trim();
    const emptyTree = git('hash-object', '-t', 'tree', '/dev/null');
    const empty = execFileSync(
      'git',
      ['-c', 'user.name=A', '-c', 'user.email=a@example.org', 'commit-tree', emptyTree, '-m', 'empty'],
      { cwd: repo.root, encoding: 'utf8' },
    ).trim();
    const result = await simulate('--base', empty, '--head', repo.head);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `repodesk simulate: --base "${empty}": has no rules/ folder under the repository root; expected the ref of a desk's rules\n`,
    );
  });

  it('refuses invalid rules at a ref with validate’s file:line:col messages', async () => {
    const broken = deskRepository(
      { 'rules/routing.yaml': (text) => text.replace('then: { team: it }', 'then: { team: itt }') },
      [],
    );
    const result = await simulateIn(broken.root, '--base', broken.base, '--head', broken.head);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^repodesk simulate: the rules of --head ${broken.head} are invalid \\(repodesk validate shows the same list\\):\\n  rules/routing\\.yaml:\\d+:\\d+ error .*unknown team "itt"`,
      ),
    );
  });
});
