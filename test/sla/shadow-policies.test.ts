// `mode: shadow` on an SLA policy: evaluated and recorded as "would have" (`repodesk why`, `repodesk
// simulate`), never applied: the sweep labels, escalates and writes the status line by the real policy
// only. Through the real CLI against the GitHub stand-in, tickets written as intake writes them.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Simulation } from '../../src/simulate/simulation.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { deskRepository, rulesOf, ticketIssue } from '../simulate/desk-change.ts';

/** On trial: every ticket answered within 30 minutes, escalated when breached. */
const trial = [
  '  - id: essai-express',
  '    mode: shadow',
  '    name: { fr: Essai express, en: Express trial }',
  '    calendar: paris',
  '    targets: { firstResponse: 30m }',
  '    escalation:',
  '      - { at: 100, label: "sla: breached", notify: assign }',
  '',
].join('\n');
const withTrial = (text: string) => text.replace('policies:\n', `policies:\n${trial}`);
const repo = deskRepository({ 'rules/sla.yaml': withTrial }, []);
/** On trial for urgent tickets only: a first response within 15 minutes, above the urgent policy. */
const urgentTrialSla = (text: string) =>
  text.replace(
    'policies:\n',
    [
      'policies:',
      '  - id: essai-urgent',
      '    mode: shadow',
      '    name: { fr: Essai urgent, en: Urgent trial }',
      '    when: { priority: urgent }',
      '    calendar: paris',
      '    targets: { firstResponse: 15m }',
      '',
    ].join('\n'),
  );
const urgentTrial = deskRepository({ 'rules/sla.yaml': urgentTrialSla }, []);
const now = '2026-11-23T10:00:00Z';
let clock = Date.parse('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris
let standin: Standin;
const numbers: number[] = [];
const env = () => ({
  GITHUB_TOKEN: 'bot-token',
  GITHUB_REPOSITORY: 'acme/support',
  GITHUB_API_URL: standin.url,
});

const mail = (subject: string, domain = 'example.org'): TicketDraft => ({
  channel: 'email',
  subject,
  body: 'Bonjour, pouvez-vous m’aider ?',
  requester: { name: 'Client', email: `client@${domain}` },
  language: 'fr',
  fields: {},
  labels: [],
  sender: 'verified',
});

beforeAll(async () => {
  standin = await startStandin({
    users: [{ login: 'repodesk-bot', token: 'bot-token' }],
    now: () => clock,
  });
  const rules = await rulesOf(deskFixture('base'));
  // Two normal tickets, and a key account's outage (urgent).
  const drafts = [
    mail('Ma facture de mars'),
    mail('Compte bloqué'),
    mail('Serveur en panne', 'acme.example'),
  ];
  for (const [index, draft] of drafts.entries()) {
    const issue = ticketIssue(draft, rules, `RD-TEST-000${index + 1}`);
    const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
      method: 'POST',
      headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
      body: JSON.stringify(issue),
    });
    numbers.push(((await response.json()) as { number: number }).number);
  }
  clock = Date.parse(now);
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('a shadow SLA policy that would be chosen', () => {
  it('the sweep writes nothing by it: no label, no escalation, no status line', async () => {
    // The sweep under the rules without the trial brings every ticket up to date first.
    const first = await runCli(['sweep', '--root', deskFixture('base')], env());
    expect(first.code).toBe(0);
    const issues = await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
      headers: { authorization: 'token bot-token' },
    });
    const before = (await issues.json()) as { number: number; body: string; labels: { name: string }[] }[];
    const writes = standin.stats().writes;
    const second = await runCli(['sweep', '--root', repo.root], env());
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(standin.stats().writes - writes).toBe(0);
    const after = await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
      headers: { authorization: 'token bot-token' },
    });
    expect(await after.json()).toEqual(before);
    expect(before.flatMap((issue) => issue.labels.map((label) => label.name))).not.toContain('sla: breached');
  });

  it.each([0, 1])(
    'repodesk why prints it as "would have", next to the real policy (ticket %i)',
    async (i) => {
      const why = await runCli(['why', String(numbers[i]), '--root', repo.root], env());
      expect(why.code).toBe(0);
      expect(why.stdout).toContain('SLA policy: standard (rules in force: ');
      expect(why.stdout).toMatch(
        /\n {2}shadow policy that would have been chosen \(not applied\): essai-express; firstResponse due 2026-11-23T08:30:00\.000Z \(breached\)\n/,
      );
    },
  );

  it('repodesk simulate shows the shadow policy’s outcome next to the real one', async () => {
    const args = ['simulate', '--root', repo.root, '--now', now, '--base', repo.base, '--head', repo.head];
    const json = await runCli([...args, '--format', 'json'], env());
    expect(json.code).toBe(0);
    const simulation = JSON.parse(json.stdout) as Simulation;
    expect(simulation.sla.tickets.map((ticket) => ticket.number).sort()).toEqual([...numbers].sort());
    for (const ticket of simulation.sla.tickets) {
      expect(ticket.base).toEqual({
        policy: ticket.number === numbers[2] ? 'urgent' : 'standard',
        clocks: expect.any(Object),
      });
      expect(ticket.head.policy).toBe(ticket.base.policy);
      expect(ticket.head.clocks).toEqual(ticket.base.clocks);
      expect(ticket.head.shadow).toEqual({
        policy: 'essai-express',
        clocks: { firstResponse: { dueAt: '2026-11-23T08:30:00.000Z', state: 'breached' } },
      });
      expect(ticket.becomes).toBeNull();
    }
    expect(simulation.sla.becomeBreached).toBe(0);
    const text = await runCli([...args, '--format', 'text'], env());
    expect(text.stdout).toContain(
      'shadow (not applied): policy essai-express; firstResponse due 2026-11-23T08:30:00.000Z (breached)',
    );
  });
});

describe('a shadow SLA policy with conditions', () => {
  it('the sweep writes nothing by it', async () => {
    await runCli(['sweep', '--root', deskFixture('base')], env());
    const writes = standin.stats().writes;
    const sweep = await runCli(['sweep', '--root', urgentTrial.root], env());
    expect(sweep.code).toBe(0);
    expect(standin.stats().writes - writes).toBe(0);
  });

  it('repodesk why shows it for the ticket it matches, next to the real policy', async () => {
    const why = await runCli(['why', String(numbers[2]), '--root', urgentTrial.root], env());
    expect(why.stdout).toContain('SLA policy: urgent (rules in force: ');
    expect(why.stdout).toContain(
      '  shadow policy that would have been chosen (not applied): essai-urgent; firstResponse due 2026-11-23T08:15:00.000Z (breached)\n',
    );
    expect(why.stdout).toContain(
      '  policy "essai-urgent" (shadow, not applied): conditions match, would have been chosen\n',
    );
  });

  it('repodesk why prints no shadow policy for a ticket it does not match', async () => {
    const why = await runCli(['why', String(numbers[0]), '--root', urgentTrial.root], env());
    expect(why.stdout).toContain('SLA policy: standard (rules in force: ');
    expect(why.stdout).toContain('  policy "essai-urgent" (shadow): conditions do not match\n');
    expect(why.stdout).not.toContain('would have been chosen');
  });

  it('repodesk simulate lists only the ticket it matches, in Markdown too', async () => {
    const args = ['simulate', '--root', urgentTrial.root, '--now', now];
    const json = await runCli(
      [...args, '--base', urgentTrial.base, '--head', urgentTrial.head, '--format', 'json'],
      env(),
    );
    const simulation = JSON.parse(json.stdout) as Simulation;
    expect(simulation.sla.changed).toBe(1);
    expect(simulation.sla.tickets[0]).toMatchObject({
      number: numbers[2],
      base: { policy: 'urgent' },
      head: { policy: 'urgent', shadow: { policy: 'essai-urgent' } },
      becomes: null,
    });
    const markdown = await runCli(
      [...args, '--base', urgentTrial.base, '--head', urgentTrial.head, '--format', 'markdown'],
      env(),
    );
    expect(markdown.stdout).toContain(
      '; shadow (not applied): policy essai-urgent; firstResponse due 2026-11-23T08:15:00.000Z (breached)`',
    );
  });
});

describe('repodesk sla explain shows a shadow policy next to the applied one', () => {
  const explain = (number: number, root: string, ...more: string[]) =>
    runCli(['sla', 'explain', String(number), '--root', root, '--now', now, ...more], env());

  it.each([0, 1])(
    'text: the policy applied, then the shadow policy with its clocks (ticket %i)',
    async (i) => {
      const result = await explain(numbers[i]!, repo.root);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('\npolicy: standard\n');
      const shadow = result.stdout.slice(result.stdout.indexOf('\nshadow policy'));
      expect(shadow).toMatch(
        /^\nshadow policy that would have been chosen \(not applied\): essai-express\n {2}calendar: paris \(Europe\/Paris\)\n\n {2}first response: target 30m, breached\n/,
      );
      expect(shadow).toContain(
        '\n    due      2026-11-23T08:30:00.000Z (Mon 23 Nov 2026 09:30 Europe/Paris)\n',
      );
      expect(shadow).toContain('\n  resolution: no target in this policy\n');
      // What the next sweep would do comes from the applied policy only.
      expect(shadow).not.toContain('essai-express firstResponse step');
    },
  );

  it('json: the shadow policy and its clocks beside the applied policy', async () => {
    const result = await explain(numbers[0]!, repo.root, '--format', 'json');
    expect(result.code).toBe(0);
    const explained = JSON.parse(result.stdout) as {
      policy: string;
      evaluation: { policy: string };
      shadow: { policy: string; evaluation: { clocks: Record<string, { dueAt: string; state: string }> } };
    };
    expect(explained.policy).toBe('standard');
    expect(explained.evaluation.policy).toBe('standard');
    expect(explained.shadow.policy).toBe('essai-express');
    expect(explained.shadow.evaluation.clocks.firstResponse).toMatchObject({
      dueAt: '2026-11-23T08:30:00.000Z',
      state: 'breached',
    });
  });

  it('a shadow policy with conditions: shown for the urgent ticket it matches, in text and JSON', async () => {
    const text = await explain(numbers[2]!, urgentTrial.root);
    expect(text.stdout).toContain('\npolicy: urgent\n');
    expect(text.stdout).toContain(
      '\nshadow policy that would have been chosen (not applied): essai-urgent\n',
    );
    expect(text.stdout).toContain(
      '\n    due      2026-11-23T08:15:00.000Z (Mon 23 Nov 2026 09:15 Europe/Paris)\n',
    );
    const json = await explain(numbers[2]!, urgentTrial.root, '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ policy: 'urgent', shadow: { policy: 'essai-urgent' } });
  });

  it('no shadow clocks for a ticket the shadow policy does not match', async () => {
    const text = await explain(numbers[0]!, urgentTrial.root);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\npolicy: standard\n');
    expect(text.stdout).not.toContain('shadow policy that would have been chosen');
    const json = await explain(numbers[0]!, urgentTrial.root, '--format', 'json');
    expect(JSON.parse(json.stdout)).not.toHaveProperty('shadow');
  });

  it('--format other than text or json is refused with the values allowed', async () => {
    const result = await explain(numbers[0]!, repo.root, '--format', 'yaml');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'repodesk sla explain: --format: expected text or json, found "yaml"',
    );
  });
});

describe('mode in sla.yaml', () => {
  async function validate(edit: (text: string) => string): Promise<{ exit: number; stdout: string }> {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const root = deskFixture('base');
    const file = path.join(root, 'rules/sla.yaml');
    fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
    const exit = await main(['validate', '--root', root]);
    vi.restoreAllMocks();
    return { exit, stdout };
  }

  it('a shadow policy with no `when` above the others hides none of them', async () => {
    const { exit, stdout } = await validate(withTrial);
    expect(stdout).not.toContain('never applies');
    expect(exit).toBe(0);
  });

  it.each([
    ['every ticket', withTrial],
    ['urgent tickets', (text: string) => urgentTrialSla(text)],
  ])(
    'rule examples keep passing with a shadow policy for %s above, and count it as exercised',
    async (_name, edit) => {
      let stdout = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const exit = await main(['validate', '--root', deskFixture('examples', { 'rules/sla.yaml': edit })]);
      vi.restoreAllMocks();
      expect(stdout).toContain('rule examples: 2 run, 0 failed; every routing rule and SLA policy has one\n');
      expect(exit).toBe(0);
    },
  );

  it('every policy in shadow is refused: no ticket would have an SLA', async () => {
    const { exit, stdout } = await validate((text) =>
      text.replace(/policies:\n[^]*$/, (policies) =>
        policies.replaceAll('  - id: ', '  - mode: shadow\n    id: '),
      ),
    );
    expect(exit).toBe(1);
    expect(stdout).toMatch(
      /rules\/sla\.yaml:\d+:\d+ error policies: every policy is `mode: shadow`, so no ticket gets an SLA: switch at least one on \(remove its `mode: shadow`\)/,
    );
  });

  it('mode: live is refused with the values allowed', async () => {
    const { exit, stdout } = await validate((text) =>
      text.replace('  - id: urgent\n', '  - id: urgent\n    mode: live\n'),
    );
    expect(exit).toBe(1);
    expect(stdout).toMatch(
      /rules\/sla\.yaml:\d+:\d+ error policies\[0\]\.mode: expected one of shadow; found "live"/,
    );
  });
});
