// `repodesk sweep --repository <queue>` with the bot's store records each label it changes under that
// repository (a confidential queue, issue 13), as the bot's own sweep does: the HR repository's #N and the
// default repository's #N are two tickets, and `repodesk why` shows each only its own label changes. The
// real CLI against the GitHub stand-in, tickets written as intake writes them, the store in DATA_DIR.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { rulesOf, ticketIssue } from '../simulate/desk-change.ts';

const main = 'acme/support';
const hr = 'acme/support-hr';
/** The base desk with the HR repository listed; standard tickets get a label when their first response is late. */
const root = deskFixture('base', {
  'rules/desk.yaml': (text) =>
    text.replace('repository: lumen/support\n', `repository: ${main}\nrepositories: [${main}, ${hr}]\n`),
  'rules/sla.yaml': (text) =>
    text.replace(
      'targets: { firstResponse: 4h, resolution: 3d }',
      "targets: { firstResponse: 4h, resolution: 3d }\n    escalation: [{ at: 100, label: 'sla: breached' }]",
    ),
});

const mail = (subject: string): TicketDraft => ({
  channel: 'email',
  subject,
  body: 'Bonjour, pouvez-vous m’aider ?',
  requester: { name: 'Client', email: 'client@example.org' },
  language: 'fr',
  fields: {},
  labels: [],
  sender: 'verified',
});

/** The label lines of why's steps. */
const labelSteps = (out: string) => out.split('\n').filter((line) => / (added|removed) label "/.test(line));

describe('repodesk sweep of a confidential queue with the bot’s store', () => {
  let standin: Standin;
  let dataDir: string;
  let number: number;
  const clock = Date.parse('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris, long past
  const env = () => ({
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: main,
    GITHUB_API_URL: standin.url,
    DATA_DIR: dataDir,
  });
  const sweep = async (repository?: string) => {
    const run = await runCli(
      ['sweep', '--root', root, ...(repository ? ['--repository', repository] : [])],
      env(),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run;
  };
  const why = async (ticket: string) => {
    const run = await runCli(['why', ticket, '--root', root], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("\nlabel changes: from the bot's store");
    return run.stdout;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-queue-sweep-'));
    standin = await startStandin({
      users: [{ login: 'repodesk-bot', token: 'bot-token' }],
      repos: [main, hr],
      now: () => clock,
    });
    const rules = await rulesOf(root);
    // One long-breached standard ticket of the same number in each repository.
    const numbers: number[] = [];
    for (const [index, repository] of [hr, main].entries()) {
      const response = await fetch(`${standin.url}/repos/${repository}/issues`, {
        method: 'POST',
        headers: { authorization: 'token bot-token', 'content-type': 'application/json' },
        body: JSON.stringify(ticketIssue(mail(`Demande ${index}`), rules, `RD-TEST-000${index + 1}`)),
      });
      expect(response.status).toBe(201);
      numbers.push(((await response.json()) as { number: number }).number);
    }
    expect(numbers[0]).toBe(numbers[1]);
    number = numbers[0]!;
  }, 60_000);

  afterAll(async () => {
    expect(standin.responseErrors()).toEqual([]);
    await standin.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('why OWNER/REPO#N shows the label the HR sweep added, with its policy step', async () => {
    const run = await sweep(hr);
    expect(run.stdout).toContain(`#${number} Demande 0`);
    expect(labelSteps(await why(`${hr}#${number}`))).toEqual([
      expect.stringContaining(
        ' added label "sla: breached" (sla policy standard firstResponse step 100; rules ',
      ),
    ]);
  });

  it.each(['#1', '1'])(
    'why %s (the default repository’s issue of that number) shows none of the HR sweep’s labels',
    async (ticket) => {
      expect(ticket.replace('#', '')).toBe(String(number));
      expect(labelSteps(await why(ticket))).toEqual([]);
    },
  );

  it.each([
    [`--repository ${main}`, main],
    ['GITHUB_REPOSITORY', undefined],
  ])('a sweep of the default repository (%s) records its own label there only', async (_how, repository) => {
    await sweep(repository);
    expect(labelSteps(await why(`#${number}`))).toEqual([
      expect.stringContaining(
        ' added label "sla: breached" (sla policy standard firstResponse step 100; rules ',
      ),
    ]);
    expect(labelSteps(await why(`${hr}#${number}`))).toHaveLength(1);
  });
});
