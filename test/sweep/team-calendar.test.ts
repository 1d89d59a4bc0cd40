// teams.yaml `teams[].calendar` drives that team's SLA clocks: a policy without its own `calendar` (the
// template's `normale` and `basse`) counts in the calendar of the ticket's team, else the desk's. Checked
// as an admin would: `repodesk sla explain` (the real binary, the template's rules) on tickets of the
// GitHub stand-in, opened on a Saturday morning when only the customer support's extended hours are open.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { repoRoot } from '../support/bot-harness.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
/** Saturday 28 November 2026, 09:00 in Paris. */
const openedAt = '2026-11-28T08:00:00Z';
/** The same Saturday, 12:30 in Paris: 3h30 of extended hours, none of business hours. */
const explainedAt = '2026-11-28T11:30:00Z';
let standin: Standin;

async function explain(number: number): Promise<string> {
  const env = {
    ...process.env,
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: standin.url,
  };
  const { stdout } = await run(
    process.execPath,
    [bin, 'sla', 'explain', String(number), '--root', repoRoot, '--now', explainedAt],
    { env, timeout: 25_000 },
  );
  return stdout;
}

async function ticket(labels: string[]): Promise<number> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: {
      authorization: 'token monitoring-token',
      'content-type': 'application/json',
      'x-standin-now': openedAt,
    },
    body: JSON.stringify({ title: 'Chaise cassée', body: 'Bonjour', labels: ['status: new', ...labels] }),
  });
  if (response.status !== 201) throw new Error(`stand-in answered ${response.status}`);
  return ((await response.json()) as { number: number }).number;
}

beforeAll(async () => {
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      { login: 'monitoring', token: 'monitoring-token' },
    ],
    repos: ['acme/support'],
    allowClockOverride: true,
  });
});

afterAll(async () => {
  expect(standin.responseErrors()).toEqual([]);
  await standin.close();
});

describe('a team’s calendar drives its SLA', () => {
  it('a customer-support ticket of normal priority counts in the team’s extended hours, Saturdays included', async () => {
    const out = await explain(await ticket(['priority: normal', 'team: support-client']));
    expect(out).toContain('policy: normale');
    expect(out).toContain('calendar: support-etendu (Europe/Paris)');
    expect(out).toContain('  due      2026-11-28T12:00:00.000Z (Sat 28 Nov 2026 13:00 Europe/Paris)');
    expect(out).toMatch(/the next sweep would:\n {2}add-label "sla:at-risk"/);
  });

  it.each([
    ['an IT ticket', ['priority: normal', 'team: informatique'], 'normale'],
    ['a billing ticket of low priority', ['priority: low', 'team: facturation'], 'basse'],
    ['a ticket with no team (the desk’s calendar)', ['priority: normal'], 'normale'],
  ])('%s counts in business hours: nothing on a Saturday', async (_name, labels, policy) => {
    const out = await explain(await ticket(labels));
    expect(out).toContain(`policy: ${policy}`);
    expect(out).toContain('calendar: paris-business (Europe/Paris)');
    expect(out).toContain('counted  0m of');
    expect(out).not.toContain('sla:at-risk');
  });

  it('a policy with its own calendar keeps it whatever the team (urgent: round the clock)', async () => {
    const out = await explain(await ticket(['priority: urgent', 'team: informatique']));
    expect(out).toContain('policy: urgente');
    expect(out).toContain('calendar: 24x7 (UTC, always open)');
  });
});
