// Monitoring alerts through the bot's HTTP (issue 17): Alertmanager's, Grafana's and the generic format's
// documented payloads become issues on the stand-in; each endpoint has its own bearer token; a body that
// breaks its format's schema gets a 400 naming the field.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, repoRoot, settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { alertPayload, alertTokens, postAlert } from './alert-support.ts';

const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    clock: clock.now,
    alertTokens: { alertmanager: alertTokens.alertmanager, grafana: alertTokens.grafana },
  });
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

async function issuesAfter(before: Set<number>) {
  return (await harness.issues()).filter((issue) => !before.has(issue.number));
}

const known = async () => new Set((await harness.issues()).map((issue) => issue.number));

describe('alert payloads as documented', () => {
  it('an Alertmanager group (version 4) makes one issue per alert, with its summary, severity, labels and links', async () => {
    const before = await known();
    const response = await postAlert(harness.url, 'alertmanager', alertPayload('alertmanager-firing'));
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { alerts: { fingerprint: string; ref: string }[] };
    expect(answer.alerts.map((alert) => alert.fingerprint)).toEqual(['1a30ba71cca2921f', '8c1e0f5b2a9d4e77']);
    await settle(harness);
    const created = await issuesAfter(before);
    expect(created.map((issue) => issue.title).sort()).toEqual([
      '[critical] BlackBox Probe Failure: https://boutique.cassiopee.example',
      '[warning] Disk /var/lib/postgresql is 91% full on db-1',
    ]);
    const probe = created.find((issue) => issue.title.startsWith('[critical]'))!;
    expect(probe.body).toContain('<!-- repodesk:facts channel=alert language=fr -->');
    expect(probe.body).toContain(answer.alerts[0]!.ref);
    expect(probe.body).toContain(
      '**Occurrences :** 1 (première 2026-11-23 09:00, dernière 2026-11-23 09:00, UTC)',
    );
    expect(probe.body).toContain('`severity=critical`');
    expect(probe.body).toContain('[Runbook](https://wiki.cassiopee.example/runbooks/probe-failure)');
    expect(probe.body).toContain('has been down for over 5m');
  });

  it("Alertmanager's resolved notification notes and resolves that alert's ticket only", async () => {
    const payload = alertPayload('alertmanager-firing');
    const alerts = payload.alerts as { fingerprint: string }[];
    alerts.forEach((alert, index) => (alert.fingerprint = `resolve-${index}`));
    expect((await postAlert(harness.url, 'alertmanager', payload)).status).toBe(202);
    await settle(harness);
    const resolved = alertPayload('alertmanager-resolved');
    (resolved.alerts as { fingerprint: string }[])[0]!.fingerprint = 'resolve-0';
    expect((await postAlert(harness.url, 'alertmanager', resolved)).status).toBe(202);
    await settle(harness);
    const tickets = (await harness.issues()).filter((issue) => issue.body.includes('`resolve-'));
    const status = (fingerprint: string) =>
      tickets
        .find((issue) => issue.body.includes(`\`${fingerprint}\``))!
        .labels.filter((label) => label.startsWith('status:'));
    expect(status('resolve-0')).toEqual(['status: resolved']);
    expect(status('resolve-1')).toEqual(['status: new']);
  });

  it("a Grafana alerting webhook makes one issue with Grafana's links", async () => {
    const before = await known();
    const response = await postAlert(harness.url, 'grafana', alertPayload('grafana-firing'));
    expect(response.status).toBe(202);
    await settle(harness);
    const [issue, ...others] = await issuesAfter(before);
    expect(others).toEqual([]);
    expect(issue?.title).toBe('This alert was triggered for zone eu-1');
    expect(issue?.body).toContain('**Sévérité :** non précisée');
    expect(issue?.body).toContain('`team=facturation`');
    expect(issue?.body).toContain('[Silence](https://grafana.cassiopee.example/alerting/silence/new?');
    expect(issue?.body).toContain('[Source](https://grafana.cassiopee.example/alerting/1afz29v7z/edit)');
  });

  it('an alert that @mentions or links issues stays inert in the issue', async () => {
    const before = await known();
    const payload = alertPayload('alertmanager-firing');
    const [first] = payload.alerts as { annotations: Record<string, string>; fingerprint: string }[];
    first!.annotations.summary = 'Ping @acme/eng about #12 <img src=x>';
    first!.fingerprint = 'mention-test';
    payload.alerts = [first];
    expect((await postAlert(harness.url, 'alertmanager', payload)).status).toBe(202);
    await settle(harness);
    const [issue] = await issuesAfter(before);
    expect(issue?.title).not.toContain('@acme');
    expect(issue?.body).not.toMatch(/@acme|<img/);
  });
});

describe('each endpoint has its own bearer token', () => {
  beforeEach(() => harness.standin.resetStats());

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token-at-all-0000'],
    ["Grafana's token", alertTokens.grafana],
  ])('Alertmanager with %s: 401, nothing stored', async (_name, token) => {
    const before = await known();
    const response = await postAlert(harness.url, 'alertmanager', alertPayload('alertmanager-firing'), token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="repodesk alerts"');
    expect(((await response.json()) as { error: string }).error).toBe(
      'missing or wrong bearer token: send "Authorization: Bearer <ALERTS_ALERTMANAGER_TOKEN>"',
    );
    await settle(harness);
    expect(await issuesAfter(before)).toEqual([]);
    expect(harness.standin.stats().writes).toBe(0);
  });

  it('an endpoint whose token is not set takes nothing and says which variable turns it on', async () => {
    const response = await postAlert(harness.url, 'generic', alertPayload('generic-firing'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'alerts from generic are not taken here: set ALERTS_GENERIC_TOKEN (see repodesk serve --help)',
    });
  });

  it('repodesk serve --help names the three tokens and how each monitoring system sends its own', async () => {
    // Not spawnSync: the bot under test runs in this process and must keep answering meanwhile.
    const { stdout: help } = await promisify(execFile)(
      process.execPath,
      ['src/cli/main.ts', 'serve', '--help'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(help).toContain('ALERTS_ALERTMANAGER_TOKEN, ALERTS_GRAFANA_TOKEN, ALERTS_GENERIC_TOKEN');
    expect(help).toContain('Alertmanager: http_config.authorization.credentials');
  });
});

describe('a body that breaks its format gets a 400 naming each field', () => {
  it.each([
    [
      'Alertmanager version 3',
      'alertmanager',
      { ...alertPayload('alertmanager-firing'), version: '3' },
      [{ field: 'version', message: 'expected "4", found "3"' }],
    ],
    [
      'an alert status that is neither firing nor resolved, and labels that are not texts',
      'alertmanager',
      {
        ...alertPayload('alertmanager-firing'),
        alerts: [{ status: 'fired', labels: { alertname: 'X', replicas: 3 } }],
      },
      [
        { field: 'alerts[0].status', message: 'expected one of "firing", "resolved", found "fired"' },
        { field: 'alerts[0].labels.replicas', message: 'expected a text, found number 3' },
      ],
    ],
    [
      'a Grafana alert without its fingerprint',
      'grafana',
      { status: 'firing', alerts: [{ status: 'firing', labels: {} }] },
      [{ field: 'alerts[0].fingerprint', message: 'missing; add "fingerprint"' }],
    ],
  ] as const)('%s', async (_name, format, body, errors) => {
    const response = await postAlert(harness.url, format, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: `invalid ${format} alert payload`, errors });
  });

  it('a body over 1 MiB is refused with 413 before it is read in full', async () => {
    const huge = { ...alertPayload('grafana-firing'), message: 'x'.repeat(1024 * 1024) };
    const response = await postAlert(harness.url, 'grafana', huge);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: 'request body too large: the limit is 1048576 bytes',
      limitBytes: 1048576,
    });
  });

  it('malformed JSON is a 400 and another content type a 415', async () => {
    const malformed = await postAlert(harness.url, 'grafana', '{"status": "firing",');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed JSON body' });
    const form = await fetch(`${harness.url}/api/alerts/grafana`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${alertTokens.grafana}` },
      body: 'status=firing',
    });
    expect(form.status).toBe(415);
  });
});
