// `repodesk route` as a user runs it: a real process, the shipped rules, JSON in, JSON out.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const draftFile = fileURLToPath(new URL('../fixtures/routing/drafts/vip-urgent-email.json', import.meta.url));

function repodesk(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('repodesk route', () => {
  it('--explain prints the decision and the trace of why, as JSON', () => {
    const result = repodesk(['route', '--explain', draftFile, '--now', '2026-11-23T10:00:00Z']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual([
      'labels',
      'priority',
      'type',
      'team',
      'assignees',
      'replies',
      'matched',
      'trace',
    ]);
    expect(output).toMatchObject({
      priority: 'urgent',
      team: 'support-client',
      assignees: ['camille-durand'],
    });
    expect(output.trace).toContain(
      'rule grands-comptes: tier "vip" matched (organisation banque-arvel via domain banque-arvel.example) → labels +client: vip, tags +vip',
    );
  });

  it('reads the draft from standard input, fills defaults, and leaves the trace out without --explain', () => {
    const result = repodesk(
      ['route', '-', '--root', '.'],
      JSON.stringify({ subject: 'Mon colis', body: 'Livraison en retard' }),
    );
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output.trace).toBeUndefined();
    expect(output.matched).toEqual(['retours-et-commandes']);
    expect(output.team).toBe('support-client');
  });

  it('explains the routing of a monitoring alert: its severity and labels', () => {
    const result = repodesk(
      ['route', '--explain', '-', '--now', '2026-11-23T10:00:00Z'],
      JSON.stringify({
        channel: 'alert',
        subject: 'Invoice API latency',
        alert: { severity: 'critical', labels: { team: 'facturation', impact: 'users' } },
      }),
    );
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({
      priority: 'urgent',
      type: 'incident',
      team: 'facturation',
      matched: [
        'alertes-evenement',
        'alertes-impact-utilisateurs',
        'alertes-critiques',
        'alertes-equipe-facturation',
      ],
    });
    expect(output.trace).toContain(
      'rule alertes-critiques: channel "alert" matched and severity "critical" matched (the alert) → priority urgent',
    );
  });

  it('refuses an alert whose labels are not texts, naming the label path', () => {
    const result = repodesk(
      ['route', '-'],
      JSON.stringify({ channel: 'alert', alert: { labels: { team: 3 } } }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd()).toBe(
      'standard input: draft.alert.labels: expected an object of label name → text, found an object',
    );
  });

  it('says where a JSON syntax error is', () => {
    const result = repodesk(['route', '--explain'], '{"subject": "x",}');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^repodesk route: standard input is not valid JSON: .*position 16/);
  });

  it('lists every problem of a draft with its path, expected and found', () => {
    const result = repodesk(
      ['route', '--explain', '-'],
      JSON.stringify({
        channel: 'fax',
        form: 'incidnt',
        requester: { email: 42 },
        fields: { impact: 3 },
        colour: 'red',
      }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'standard input: draft.colour: unknown property; expected one of channel, form, subject, body, requester, language, fields, labels, cc, sender, attachments, alert',
      expect.stringMatching(
        /^standard input: draft\.form: unknown form "incidnt"; known forms: (.+, )?incident(, .+)?$/,
      ),
      'standard input: draft.channel: expected one of web, email, github, alert, phone, found string "fax"',
      'standard input: draft.requester.email: expected a string, found number 42',
      'standard input: draft.fields.impact: expected a string or a list of strings, found number 3',
    ]);
  });

  it('refuses bad usage with exit status 2', () => {
    expect(repodesk(['route', '--now', 'tomorrow']).status).toBe(2);
    expect(repodesk(['route', 'a.json', 'b.json']).stderr).toContain('one draft at a time');
    expect(repodesk(['route', '/nonexistent/draft.json']).status).toBe(2);
  });
});
