import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The rules version line ends every text output; its value depends on the checkout (see below). */
const versionLine = /\nrules version: (?:[0-9a-f]{12}(?:-dirty\+[0-9a-f]{12})?|sha256:[0-9a-f]{12})\n$/;
function withoutVersion(output: string): string {
  expect(output).toMatch(versionLine);
  return output.replace(versionLine, '\n');
}

/** `root` as GitHub annotations name it: from the working directory, with forward slashes. */
function fromCwd(root: string): string {
  const relative = path.relative(process.cwd(), root).split(path.sep).join('/');
  expect(relative).not.toMatch(/^\//);
  return relative;
}

describe('repodesk validate', () => {
  it('prints a one-line summary and exits 0 on a valid root', async () => {
    const code = await main(['validate', '--root', deskFixture('base')]);
    expect(code).toBe(0);
    expect(withoutVersion(stdout)).toBe('✔ rules/ and kb/ are valid: 8 files, 4 articles\n');
  });

  it('exits 0 with warnings and counts them in the summary', async () => {
    const code = await main(['validate', `--root=${deskFixture('kb-missing-translation')}`]);
    expect(code).toBe(0);
    expect(withoutVersion(stdout)).toBe(
      'kb/fr/facture.md:6:17 warning translationKey: no en translation of "invoice"; add kb/en/<slug>.md with translationKey: invoice\n' +
        '✔ rules/ and kb/ are valid: 8 files, 4 articles (1 warning)\n',
    );
  });

  it('prints file:line:col severity message for each problem and exits 1 on errors', async () => {
    const code = await main(['validate', '--root', deskFixture('unknown-team')]);
    expect(code).toBe(1);
    expect(withoutVersion(stdout)).toBe(
      'rules/routing.yaml:10:19 error rules[1].then.team: unknown team "billng" (did you mean "billing"?); known teams: billing, it\n' +
        '✖ 1 error, 0 warnings\n',
    );
  });

  it('prints the rules version: outside git, a hash of the content, the same for the same content', async () => {
    const copies = [0, 1, 2].map(() => deskFixture('base'));
    // A change of one byte, and a hidden file (an editor's swap file) that is not part of the rules.
    fs.appendFileSync(path.join(copies[1]!, 'rules', 'desk.yaml'), '\n');
    fs.writeFileSync(path.join(copies[2]!, 'rules', '.desk.yaml.swp'), 'swap');
    const versions: string[] = [];
    for (const copy of copies) {
      stdout = '';
      expect(await main(['validate', '--root', copy])).toBe(0);
      versions.push(/^rules version: (.+)$/m.exec(stdout)?.[1] ?? '');
    }
    expect(versions[0]).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(versions[1]).not.toBe(versions[0]);
    expect(versions[2]).toBe(versions[0]);
    stdout = '';
    await main(['validate', '--root', copies[0]!, '--format', 'json']);
    expect((JSON.parse(stdout) as { rulesVersion: unknown }).rulesVersion).toEqual({
      version: versions[0],
      contentHash: expect.stringMatching(new RegExp(`^${versions[0]!.slice(7)}[0-9a-f]{52}$`)),
      commit: null,
      dirty: false,
    });
  });

  it('prints JSON with the problems and the counts', async () => {
    const code = await main(['validate', '--root', deskFixture('bad-timezone'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { problems: unknown[]; errorCount: number; warningCount: number };
    expect(report.errorCount).toBe(2);
    expect(report.warningCount).toBe(0);
    expect(report.problems[0]).toEqual({
      file: 'rules/sla.yaml',
      line: 4,
      column: 15,
      path: 'calendars[0].timezone',
      severity: 'error',
      message:
        'unknown timezone "Europe/Pariss" (did you mean "Europe/Paris"?); expected an IANA timezone name such as Europe/Paris, America/Montreal or UTC',
    });
  });

  it('prints GitHub annotations with paths from the working directory, escaped', async () => {
    const root = deskFixture('unknown-key');
    const code = await main(['validate', '--root', root, '--format', 'github']);
    expect(code).toBe(1);
    expect(withoutVersion(stdout)).toBe(
      `::error file=${fromCwd(root)}/rules/routing.yaml,line=12,col=13,title=repodesk validate%3A error::` +
        'rules[2].then.tema: unknown key "tema"; did you mean "team"? known keys: labels, tags, priority, type, team, assignees, assign, reply, repository, stop\n' +
        '✖ 1 error, 0 warnings\n',
    );
  });

  it('annotates warnings as ::warning', async () => {
    const root = deskFixture('kb-review-overdue');
    const code = await main(['validate', '--root', root, '--format', 'github']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      `::warning file=${fromCwd(root)}/kb/fr/facture.md,line=8,col=11,title=repodesk validate%3A warning::` +
        'reviewBy: review overdue since 2026-11-01; check the article is still right, then set reviewBy to a later date',
    );
  });

  it.each([
    [['--format', 'xml'], 'unknown format "xml"; expected one of text, json, github'],
    [['--root'], '--root needs a value'],
    [['--verbose'], 'unknown option "--verbose"'],
    [['--root', 'test/fixtures/rules/nowhere'], '--root "test/fixtures/rules/nowhere" is not a directory'],
  ])('exits 2 on bad usage %j', async (args, message) => {
    const code = await main(['validate', ...args]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`repodesk validate: ${message}`);
    expect(stdout).toBe('');
  });

  it('is listed by repodesk --help', async () => {
    await main(['--help']);
    expect(stdout).toMatch(/^ {2}validate +check rules\/ and kb\//m);
  });
});
