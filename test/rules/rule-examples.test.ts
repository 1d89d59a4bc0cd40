// Rule examples (rules/examples/*.yaml): `repodesk validate` runs each sample ticket through the routing and
// SLA engines the bot uses, and reports a failing example at its file:line:col with expected vs found and
// the rule trace. The shipped examples exercise every shipped routing rule and SLA policy.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const versionLine = /\nrules version: \S+\n$/;
function withoutVersion(output: string): string {
  expect(output).toMatch(versionLine);
  return output.replace(versionLine, '\n');
}

const failingReport = [
  'rules/examples/routing.yaml:10:7 error examples[0].expect.rules: example "an invoice by mail goes to billing" fails:',
  '  rules: expected [invoices], found [invoices, fallback]',
  '  team: expected "billing", found "it"',
  '  trace:',
  '    rule vip: skipped: tier "standard" is not "vip" (organisation globex via domain globex.example)',
  '    rule invoices: channel "email" matched and subject contains "facture" → team billing, reply ack',
  '    rule fallback: no conditions, always matches → team it',
  '    result: priority "normal" (desk default), type "question" (desk default), team "it" (rule fallback)',
  '    assign round-robin in team it: hugo (first in the team)',
  '    policy "urgent": conditions do not match',
  '    policy "standard": no conditions, matches every ticket',
  '    firstResponse due 2026-11-23T16:00:00+01:00 (4h on calendar paris)',
  '    resolution due 2026-12-21T16:00:00+01:00 (3d on calendar paris)',
  'rules/examples/routing.yaml:28:9 error examples[2].expect.due.firstResponse: example "a key account is answered within the hour" fails:',
  '  due.firstResponse: expected 2026-11-24T18:30:00+01:00, found 2026-11-30T09:30:00+01:00',
  '  trace:',
  '    rule vip: tier "vip" matched (organisation acme via domain acme.example) → labels +vip, priority urgent',
  '    rule invoices: skipped: subject contains none of "facture", "invoice"',
  '    rule fallback: no conditions, always matches → team it',
  '    result: priority "urgent" (rule vip), type "question" (desk default), team "it" (rule fallback)',
  '    assign round-robin in team it: nobody available: hugo outside working hours (Tue 17:30 Europe/Paris)',
  '    policy "urgent": conditions match',
  '    firstResponse due 2026-11-30T09:30:00+01:00 (1h on calendar paris)',
];

describe('repodesk validate runs the rule examples', () => {
  it('passes examples whose expectations hold (rules, labels, team, strategy, assignees, replies, policy, due times)', async () => {
    const code = await main(['validate', '--root', deskFixture('examples')]);
    expect(withoutVersion(stdout)).toBe(
      '✔ rules/ and kb/ are valid: 9 files, 4 articles\n' +
        'rule examples: 2 run, 0 failed; every routing rule and SLA policy has one\n',
    );
    expect(code).toBe(0);
  });

  it('reports each failing example at its first wrong expectation, with every difference and the trace, and exits 1', async () => {
    const code = await main(['validate', '--root', deskFixture('examples-failing')]);
    expect(withoutVersion(stdout)).toBe(
      [
        ...failingReport,
        '✖ 2 errors, 0 warnings',
        'rule examples: 3 run, 2 failed; every routing rule and SLA policy has one',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('gives the failures and the examples run in JSON', async () => {
    const code = await main(['validate', '--root', deskFixture('examples-failing'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      problems: { file: string; line: number; column: number; path: string; message: string }[];
      errorCount: number;
      examples: unknown;
    };
    expect(report.errorCount).toBe(2);
    expect(report.examples).toEqual({
      count: 3,
      failed: 2,
      rulesWithoutExample: [],
      policiesWithoutExample: [],
    });
    expect(
      report.problems.map(({ file, line, column, path: at }) => `${file}:${line}:${column} ${at}`),
    ).toEqual([
      'rules/examples/routing.yaml:10:7 examples[0].expect.rules',
      'rules/examples/routing.yaml:28:9 examples[2].expect.due.firstResponse',
    ]);
    expect(report.problems[1]!.message.split('\n')[1]).toBe(
      '  due.firstResponse: expected 2026-11-24T18:30:00+01:00, found 2026-11-30T09:30:00+01:00',
    );
  });

  it('annotates the failing line of the pull request in GitHub format', async () => {
    const root = deskFixture('examples-failing');
    const code = await main(['validate', '--root', root, '--format', 'github']);
    expect(code).toBe(1);
    const file = path.relative(process.cwd(), root).split(path.sep).join('/');
    expect(stdout.split('\n')[0]).toBe(
      `::error file=${file}/rules/examples/routing.yaml,line=10,col=7,title=repodesk validate%3A error::` +
        'examples[0].expect.rules: example "an invoice by mail goes to billing" fails:%0A' +
        '  rules: expected [invoices], found [invoices, fallback]%0A' +
        '  team: expected "billing", found "it"%0A  trace:%0A' +
        '    rule vip: skipped: tier "standard" is not "vip" (organisation globex via domain globex.example)%0A' +
        failingReport.slice(5, 13).join('%0A'),
    );
  });

  it('names the routing rules and SLA policies no example exercises', async () => {
    const root = deskFixture('examples', {
      'rules/examples/routing.yaml': (text) =>
        text.slice(0, text.indexOf('  - name: a key account is urgent')),
    });
    const code = await main(['validate', '--root', root]);
    expect(code).toBe(0);
    expect(withoutVersion(stdout).split('\n').at(-2)).toBe(
      'rule examples: 1 run, 0 failed; routing rules without an example: vip; SLA policies without an example: urgent',
    );
  });

  it('an example that held fails once the rules change under it', async () => {
    const root = deskFixture('examples', {
      'rules/routing.yaml': (text) =>
        text.replace('then: { team: billing, reply: ack }', 'then: { team: billing }'),
    });
    const code = await main(['validate', '--root', root]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'rules/examples/routing.yaml:14:7 error examples[0].expect.replies: example "an invoice by mail gets the acknowledgement, and IT as every ticket" fails:\n' +
        '  replies: expected [ack], found []\n',
    );
  });
});

describe('a stale rule example', () => {
  it('fails validate but not the rules the bot loads: a rule removed, its example still names it', async () => {
    const root = deskFixture('examples', {
      'rules/routing.yaml': (text) => text.replace(/  - id: vip\n.*\n.*\n/, ''),
      'draft.json': JSON.stringify({
        channel: 'email',
        subject: 'Facture',
        requester: { email: 'jo@globex.example' },
      }),
    });
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(stdout).toContain(
      'rules/examples/routing.yaml:26:15 error examples[1].expect.rules[0]: unknown rule "vip"; known rules: invoices, fallback\n',
    );
    stdout = '';
    expect(await main(['route', path.join(root, 'draft.json'), '--root', root])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      team: 'it',
      replies: ['ack'],
      matched: ['invoices', 'fallback'],
    });
  });
});

describe('the shipped rules', () => {
  it('have examples that pass and exercise every routing rule and SLA policy', async () => {
    const code = await main(['validate', '--format', 'json']);
    const report = JSON.parse(stdout) as { errorCount: number; examples?: Record<string, unknown> };
    expect(report.errorCount).toBe(0);
    expect(code).toBe(0);
    const routing = parse(await readFile('rules/routing.yaml', 'utf8')) as { rules: { id: string }[] };
    const sla = parse(await readFile('rules/sla.yaml', 'utf8')) as { policies: { id: string }[] };
    expect(routing.rules.length).toBeGreaterThan(20);
    expect(sla.policies.length).toBeGreaterThan(5);
    expect(report.examples).toEqual({
      count: expect.any(Number) as number,
      failed: 0,
      rulesWithoutExample: [],
      policiesWithoutExample: [],
    });
  });
});
