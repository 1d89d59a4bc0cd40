// Label provenance: a label repodesk changes without a comment (an SLA step's at-risk or breached label) is
// recorded in the bot's store (SQLite in DATA_DIR, PostgreSQL at DATABASE_URL) with the rules version and the
// policy step behind it, and `repodesk why` prints it from there; without the store (GitHub Actions) why
// says that label changes come from the issue's timeline only. The real CLI against the GitHub stand-in,
// tickets written as intake writes them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { storeBackends } from '../support/store-backends.ts';
import { rulesOf, ticketIssue } from '../simulate/desk-change.ts';

/**
 * Both policies label their tickets at 75% of the first response's time, and again at 100%; urgent
 * tickets' clocks run round the clock.
 */
const steps = "\n    escalation: [{ at: 75, label: 'sla: at-risk' }, { at: 100, label: 'sla: breached' }]";
const root = deskFixture('base', {
  'rules/sla.yaml': (text) =>
    text
      .replace(
        'policies:\n',
        [
          '  - id: astreinte',
          '    name: { fr: Astreinte, en: On call }',
          '    timezone: Europe/Paris',
          '    alwaysOpen: true',
          'policies:\n',
        ].join('\n'),
      )
      .replace(
        'targets: { firstResponse: 4h, resolution: 3d }',
        `targets: { firstResponse: 4h, resolution: 3d }${steps}`,
      )
      .replace(
        'calendar: paris\n    targets: { firstResponse: 1h }',
        `calendar: astreinte\n    targets: { firstResponse: 1h }${steps}`,
      ),
});
const backends = await storeBackends(import.meta.filename);
afterAll(async () => {
  for (const backend of backends) await backend.stop();
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

/** The label lines of why's steps. */
const labelSteps = (out: string) => out.split('\n').filter((line) => / (added|removed) label "/.test(line));

describe.each(backends)('label changes recorded in the $name store', (backend) => {
  let standin: Standin;
  let store: Record<string, string>;
  let clock = Date.parse('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris
  const numbers: number[] = [];
  const github = () => ({
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
  });

  beforeAll(async () => {
    const location = await backend.fresh();
    store = backend.name === 'SQLite' ? { DATA_DIR: location } : { DATABASE_URL: location };
    standin = await startStandin({
      users: [{ login: 'repodesk-bot', token: 'bot-token' }],
      now: () => clock,
    });
    const rules = await rulesOf(root);
    // Two standard tickets long breached, and a key account's outage (urgent) 50 minutes old: at risk.
    const drafts = [
      mail('Ma facture de mars'),
      mail('Compte bloqué'),
      mail('Serveur en panne', 'acme.example'),
    ];
    for (const [index, draft] of drafts.entries()) {
      if (index === 2) clock = Date.now() - 50 * 60_000;
      const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
        method: 'POST',
        headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
        body: JSON.stringify(ticketIssue(draft, rules, `RD-TEST-000${index + 1}`)),
      });
      numbers.push(((await response.json()) as { number: number }).number);
    }
    const sweep = await runCli(['sweep', '--root', root], { ...github(), ...store });
    expect(sweep.stderr).toBe('');
    expect(sweep.code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    expect(standin.responseErrors()).toEqual([]);
    await standin.close();
  });

  it.each([0, 1])(
    'why names the policy step and the rules version behind each label the sweep added (standard ticket %i)',
    async (i) => {
      const why = await runCli(['why', String(numbers[i]), '--root', root], { ...github(), ...store });
      expect(why.stderr).toBe('');
      expect(why.code).toBe(0);
      const version = /SLA policy: standard \(rules in force: (\S+)\)/.exec(why.stdout)?.[1];
      expect(version).toBeDefined();
      expect(labelSteps(why.stdout)).toEqual([
        expect.stringContaining(
          ` added label "sla: breached" (sla policy standard firstResponse step 100; rules ${version}): `,
        ),
      ]);
      expect(why.stdout).toContain(
        "\nlabel changes: from the bot's store, each with its rules version and rule\n",
      );
    },
  );

  it('--format json gives them as steps, and says they come from the store', async () => {
    const why = await runCli(['why', String(numbers[0]), '--root', root, '--format', 'json'], {
      ...github(),
      ...store,
    });
    expect(why.code).toBe(0);
    const report = JSON.parse(why.stdout) as { steps: { what: string }[]; labelChanges: string };
    expect(report.labelChanges).toBe('store');
    expect(report.steps.map((step) => step.what).filter((what) => what.includes(' label "'))).toEqual([
      expect.stringMatching(
        /^added label "sla: breached" \(sla policy standard firstResponse step 100; rules \S+\): .+/,
      ),
    ]);
  });

  it('an urgent ticket at risk: the urgent policy’s step 75, and nothing of the standard policy', async () => {
    const why = await runCli(['why', String(numbers[2]), '--root', root], { ...github(), ...store });
    expect(why.code).toBe(0);
    const version = /SLA policy: urgent \(rules in force: (\S+)\)/.exec(why.stdout)?.[1];
    expect(version).toBeDefined();
    expect(labelSteps(why.stdout)).toEqual([
      expect.stringContaining(
        ` added label "sla: at-risk" (sla policy urgent firstResponse step 75; rules ${version}): `,
      ),
    ]);
  });

  it('a second sweep writes nothing and records nothing twice', async () => {
    const writes = standin.stats().writes;
    const again = await runCli(['sweep', '--root', root], { ...github(), ...store });
    expect(again.code).toBe(0);
    expect(standin.stats().writes - writes).toBe(0);
    for (const number of numbers) {
      const why = await runCli(['why', String(number), '--root', root], { ...github(), ...store });
      expect(labelSteps(why.stdout)).toHaveLength(1);
    }
  });

  it('without the store, why says label changes come from the timeline only, and names the step it can', async () => {
    const why = await runCli(['why', String(numbers[0]), '--root', root], github());
    expect(why.code).toBe(0);
    expect(why.stdout).toContain(
      "\nlabel changes: from the issue's timeline only, without the rules version or rule behind each (no store: set DATA_DIR or DATABASE_URL to read them from the bot's store)\n",
    );
    expect(labelSteps(why.stdout)).toEqual([
      expect.stringMatching(/ added label "sla: breached" \(policy standard step 100%\)$/),
    ]);
  });
});
