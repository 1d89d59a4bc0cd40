// Issue forms written as GitHub documents them (no `repodesk:`, no ids, string labels, `type`,
// `projects`, `render`, `multiple`, `default`, required checkboxes), in the styles popular projects use:
// each is a valid repodesk form as it is (test/fixtures/rules/github-forms/), and GitHub's own refusals
// stay errors (github-forms-refused/, pinned in validate-fixtures.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const root = deskFixture('github-forms');
const formsDir = path.join(root, 'rules/forms');
/** The case's own forms (the base desk's contact.yaml is beside them). */
const formIds = fs
  .readdirSync('test/fixtures/rules/github-forms/rules/forms')
  .filter((name) => name !== 'config.yml')
  .map((name) => name.replace(/\.yml$/, ''));

async function loaded(): Promise<Rules> {
  const result = await loadRules(root, { now: new Date('2026-12-06T12:00:00Z') });
  expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return result.rules!;
}

describe('GitHub issue forms copied into rules/forms/', () => {
  it('are at least eight forms in GitHub syntax, none with a repodesk key', () => {
    expect(formIds.length).toBeGreaterThanOrEqual(8);
    for (const id of formIds)
      expect(Object.keys(parse(fs.readFileSync(path.join(formsDir, `${id}.yml`), 'utf8')))).not.toContain(
        'repodesk',
      );
  });

  it('validate exits 0 and prints each field id it derived from a label, where the field is', async () => {
    expect(await main(['validate', '--root', root])).toBe(0);
    const note = (at: string, id: string, label: readonly [string, string]) =>
      `${at} note ${id}: field id "${label[0]}", derived from the label "${label[1]}" (rules name the field by it; write \`id: ${label[0]}\` to keep it when the label changes)\n`;
    expect(stdout).toContain(note('rules/forms/regression.yml:5:5', 'body[0].id', ['version', 'Version']));
    expect(stdout).toContain(note('rules/forms/regression.yml:11:5', 'body[1].id', ['version-2', 'Version']));
    expect(stdout).toContain(
      note('rules/forms/incident.yml:6:5', 'body[0].id', ['ecran-concerne', 'Écran concerné']),
    );
    expect(stdout).toContain(
      note('rules/forms/bug-report.yml:12:5', 'body[1].id', ['what-happened', 'What happened?']),
    );
    // Ids written in the file are not derived, so not printed.
    expect(stdout).not.toContain('"problem"');
    expect(stdout.match(/ note /g)).toHaveLength(21);
    expect(stdout).toContain('✔ rules/ and kb/ are valid: 17 files, 4 articles (8 warnings)\n');
  });

  it.each([
    // form, labels, assignees, projects, GitHub type, ticket type, subject field, description field
    [
      'bug-report',
      ['bug', 'needs-triage'],
      undefined,
      ['octo-org/1'],
      'Bug',
      undefined,
      'what-happened',
      'steps-to-reproduce',
    ],
    ['feature-request', ['enhancement'], undefined, undefined, 'Feature', undefined, 'problem', 'problem'],
    [
      'question',
      ['question'],
      undefined,
      undefined,
      undefined,
      undefined,
      'your-question-in-one-line',
      'details',
    ],
    [
      'docs',
      ['documentation'],
      ['octocat'],
      undefined,
      undefined,
      undefined,
      'page-url',
      'what-should-it-say',
    ],
    [
      'regression',
      ['regression', 'bug'],
      undefined,
      undefined,
      undefined,
      undefined,
      'version',
      'what-changed',
    ],
    [
      'incident',
      ['incident'],
      undefined,
      undefined,
      'Incident',
      'incident',
      'qu-avez-vous-constate',
      'qu-avez-vous-constate',
    ],
  ] as const)(
    '%s: labels, assignees and projects as GitHub reads them, the type and the documented defaults',
    async (id, labels, assignees, projects, githubType, ticketType, subjectField, descriptionField) => {
      const form = (await loaded()).forms[id]!;
      expect(form.labels).toEqual(labels);
      expect(form.assignees).toEqual(assignees ?? []);
      expect(form.projects).toEqual(projects);
      expect(form.type).toEqual(githubType);
      expect(form.repodesk.type).toEqual(ticketType);
      // desk.yaml's first category and language; the requester details and order as a written form's.
      expect(form.repodesk).toMatchObject({
        category: 'access',
        lang: 'fr',
        order: 0,
        subjectField,
        descriptionField,
      });
    },
  );

  it('carries multiple, default, render and required checkboxes as written', async () => {
    const { forms } = await loaded();
    expect(forms['bug-report']!.body[3]).toMatchObject({
      type: 'dropdown',
      id: 'browsers',
      attributes: { label: 'Browsers', multiple: true, options: ['Firefox', 'Chrome', 'Safari'] },
    });
    expect(forms['performance']!.body[1]).toMatchObject({ attributes: { multiple: true, default: 0 } });
    expect(forms['docs']!.body[1]).toMatchObject({
      attributes: { default: 2 },
      validations: { required: true },
    });
    expect(forms['bug-report']!.body[4]).toMatchObject({
      id: 'relevant-log-output',
      attributes: { render: 'shell' },
    });
    expect(forms['performance']!.body[2]).toMatchObject({ attributes: { render: 'text' } });
    expect(forms['security']!.body[3]).toMatchObject({
      id: 'disclosure',
      attributes: {
        options: [
          { label: 'I will not disclose before a fix is released', required: true },
          { label: 'I would like to be credited' },
        ],
      },
    });
  });

  it('export writes each form back as GitHub reads it: the same data, derived ids left out', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-github-forms-'));
    try {
      expect(await main(['forms', 'export', '--root', root, '--out', out])).toBe(0);
      for (const id of formIds) {
        const exported: unknown = parse(fs.readFileSync(path.join(out, `${id}.yml`), 'utf8'), {
          version: '1.1',
        });
        const source: unknown = parse(fs.readFileSync(path.join(formsDir, `${id}.yml`), 'utf8'), {
          version: '1.1',
        });
        expect(exported, id).toEqual(source);
      }
      // GitHub's template chooser settings go beside them as written: no blank issue, the contact links.
      expect(parse(fs.readFileSync(path.join(out, 'config.yml'), 'utf8'), { version: '1.1' })).toEqual(
        parse(fs.readFileSync(path.join(formsDir, 'config.yml'), 'utf8')),
      );
      expect(fs.readFileSync(path.join(out, 'config.yml'), 'utf8')).toContain(
        'blank_issues_enabled: false\n',
      );
      expect(await main(['forms', 'export', '--root', root, '--out', out, '--check'])).toBe(0);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
