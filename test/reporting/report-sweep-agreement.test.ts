// The report and the SLA labels never disagree: tickets the real `repodesk sweep` labels breached (or
// leaves alone) are, in the real `repodesk report` run at the same moment, breaches (or not), clock for
// clock. Both commands run against the GitHub stand-in on the real clock, as a scheduled sweep and a
// manager's report would.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reporting/build-report.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { writeHistory, type TicketScript } from './desk-history.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const hour = 3_600_000;
let clock = Date.now();
let standin: Standin;
let numbers: number[];

async function repodesk(args: string[]) {
  const { REPODESK_BOT_LOGIN: _ignored, DATA_DIR: _data, ...inherited } = process.env;
  const env = {
    ...inherited,
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
  };
  const { stdout } = await run(process.execPath, [bin, ...args], { env, timeout: 60_000 });
  return stdout;
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
  const ago = (hours: number) => new Date(Date.now() - hours * hour).toISOString();
  const urgent = ['status: new', 'priority: urgent', 'team: billing'];
  const scripts: TicketScript[] = [
    // Urgent (24×7, first response 1 h): never answered in three hours; breached.
    { title: 'Never answered', at: ago(3), labels: urgent, steps: [] },
    // Answered after 20 minutes: met.
    { title: 'Answered in time', at: ago(3), labels: urgent, steps: [{ at: ago(2.6), reply: 'Bonjour' }] },
    // Answered after 2 hours: met late (first response breached once, the label then removed).
    { title: 'Answered late', at: ago(5), labels: urgent, steps: [{ at: ago(3), reply: 'Bonjour' }] },
    // Pending (pauses resolution) since 10 minutes after opening: resolution not breached.
    {
      title: 'Waiting for the customer',
      at: ago(4),
      labels: urgent,
      steps: [{ at: ago(3.8), reply: 'Pouvez-vous préciser ?', status: 'pending' }],
    },
    // Opened 30 minutes ago: nothing due.
    { title: 'Just opened', at: ago(0.5), labels: urgent, steps: [] },
  ];
  numbers = await writeHistory(standin, (iso) => (clock = Date.parse(iso)), scripts);
  clock = Date.now();
}, 60_000);

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('the report and the sweep', () => {
  it('a ticket the sweep labels breached is a breach in the report, and no other open ticket is', async () => {
    await repodesk(['sweep', '--root', root]);
    const labelled = new Set<number>();
    for (const number of numbers) {
      const issue = (await (
        await fetch(`${standin.url}/repos/acme/support/issues/${number}`, {
          headers: { authorization: 'token bot-token' },
        })
      ).json()) as { labels: { name: string }[] };
      if (issue.labels.some((label) => label.name === 'sla: breached')) labelled.add(number);
    }
    expect([...labelled]).toEqual([numbers[0]]);

    const from = new Date(Date.now() - 24 * hour).toISOString();
    const report = JSON.parse(
      await repodesk(['report', '--root', root, '--from', from, '--format', 'json']),
    ) as Report;
    const openBreaches = new Set(
      report.serviceLevels.breaches
        .filter((breach) => breach.state === 'open')
        .map((breach) => breach.number),
    );
    expect(openBreaches).toEqual(labelled);
    // The one answered late was breached and is counted as a miss, not as an open breach.
    expect(report.serviceLevels.breaches).toContainEqual(
      expect.objectContaining({ number: numbers[2], clock: 'firstResponse', state: 'late' }),
    );
    expect(report.serviceLevels.clocks.firstResponse.attainment).toMatchObject({ within: 2, missed: 2 });
  });
});
