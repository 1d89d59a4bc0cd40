// Routing rules see alerts (issue 17): channel `alert`, the alert's severity and labels. The shipped rules
// make every alert an ITIL event (an incident when it affects users), a critical one urgent, and give it
// the team its `team` label names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { alertPayload, alertTokens, postAlert } from './alert-support.ts';

const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ clock: clock.now, alertTokens });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

async function routedLabels(format: keyof typeof alertTokens, payload: unknown, fingerprint: string) {
  expect((await postAlert(harness.url, format, payload)).status).toBe(202);
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(`\`${fingerprint}\``));
  return issue!.labels
    .filter((label) => /^(type|priority|team): /.test(label) || label === 'supervision')
    .sort();
}

describe('the shipped routing of alerts', () => {
  it('a critical Alertmanager alert of team informatique: an urgent event of the IT team', async () => {
    expect(
      await routedLabels('alertmanager', alertPayload('alertmanager-firing'), '1a30ba71cca2921f'),
    ).toEqual(['priority: urgent', 'supervision', 'team: informatique', 'type: event']);
  });

  it('a warning without a team label: an event of normal priority for the IT team, which runs monitoring', async () => {
    expect(
      await routedLabels('alertmanager', alertPayload('alertmanager-firing'), '8c1e0f5b2a9d4e77'),
    ).toEqual(['priority: normal', 'supervision', 'team: informatique', 'type: event']);
  });

  it('a Grafana alert labelled team=facturation goes to the billing team', async () => {
    expect(await routedLabels('grafana', alertPayload('grafana-firing'), 'c6eadffa33fcdf37')).toEqual([
      'priority: normal',
      'supervision',
      'team: facturation',
      'type: event',
    ]);
  });

  it('an alert that affects users (impact=users) is an incident (ITIL), critical hence urgent', async () => {
    expect(await routedLabels('generic', alertPayload('generic-firing'), 'checkout-api-down')).toEqual([
      'priority: urgent',
      'supervision',
      'team: informatique',
      'type: incident',
    ]);
  });

  it('keywords of customer requests do not route alerts: "down" and "urgent" in an alert change nothing', async () => {
    const payload = {
      ...alertPayload('generic-firing'),
      fingerprint: 'words',
      severity: 'info',
      summary: 'Service down, urgent: plus rien ne fonctionne',
      labels: { team: 'rh' },
    };
    expect(await routedLabels('generic', payload, 'words')).toEqual([
      'priority: normal',
      'supervision',
      'team: rh',
      'type: event',
    ]);
  });
});
