// `repodesk forms import <dir>`: a repository's GitHub issue forms (the eight of
// test/fixtures/rules/github-forms/, with its config.yml) copied into a desk's rules/forms/ unchanged,
// what was derived reported, and `forms export` giving them back as they were.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';
let stderr = '';
let templates = '';

const fixtureForms = 'test/fixtures/rules/github-forms/rules/forms';
const formNames = fs
  .readdirSync(fixtureForms)
  .filter((name) => name !== 'config.yml')
  .sort();

beforeEach(() => {
  stdout = '';
  stderr = '';
  // Another repository's .github/ISSUE_TEMPLATE: the forms and GitHub's template chooser settings.
  templates = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-import-')), 'ISSUE_TEMPLATE');
  fs.cpSync(fixtureForms, templates, { recursive: true });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(path.dirname(templates), { recursive: true, force: true });
});

const formsOf = (root: string) => fs.readdirSync(path.join(root, 'rules/forms')).sort();

describe('repodesk forms import', () => {
  it('copies every issue form and config.yml unchanged, and the desk validates', async () => {
    const root = deskFixture('base');
    expect(await main(['forms', 'import', templates, '--root', root])).toBe(0);
    expect(formsOf(root)).toEqual(['config.yml', 'contact.yaml', ...formNames].sort());
    for (const name of [...formNames, 'config.yml'])
      expect(fs.readFileSync(path.join(root, 'rules/forms', name), 'utf8')).toBe(
        fs.readFileSync(path.join(templates, name), 'utf8'),
      );
    stdout = '';
    expect(await main(['validate', '--root', root])).toBe(0);
    expect(stdout).toContain('✔ rules/ and kb/ are valid: 17 files, 4 articles (8 warnings)\n');
  });

  it('reports for each form the ids derived from labels and the defaults of repodesk:', async () => {
    const root = deskFixture('base');
    expect(await main(['forms', 'import', templates, '--root', root])).toBe(0);
    const from = (name: string) => path.relative(process.cwd(), path.join(templates, name));
    expect(stdout).toContain(
      `rules/forms/regression.yml (from ${from('regression.yml')})\n` +
        '  rules/forms/regression.yml:5:5 note body[0].id: field id "version", derived from the label "Version" (rules name the field by it; write `id: version` to keep it when the label changes)\n' +
        '  rules/forms/regression.yml:11:5 note body[1].id: field id "version-2", derived from the label "Version" (rules name the field by it; write `id: version-2` to keep it when the label changes)\n' +
        '  rules/forms/regression.yml:17:5 note body[2].id: field id "what-changed", derived from the label "What changed?" (rules name the field by it; write `id: what-changed` to keep it when the label changes)\n' +
        '  defaults: repodesk.category access, repodesk.lang fr, repodesk.subjectField version, repodesk.descriptionField what-changed, repodesk.type none (no GitHub type: routing rules and defaultType decide)\n',
    );
    expect(stdout).toContain(
      '  defaults: repodesk.category access, repodesk.lang fr, repodesk.subjectField qu-avez-vous-constate, repodesk.descriptionField qu-avez-vous-constate, repodesk.type incident\n',
    );
    expect(stdout).toContain(
      'repodesk.type none (GitHub type "Bug" names no desk type: routing rules and defaultType decide)',
    );
    expect(stdout).toContain(
      `imported 8 forms into ${path.relative(process.cwd(), path.join(root, 'rules/forms'))}; translate their titles with repodesk.translations (fr, en), then run repodesk validate; config.yml (GitHub's template chooser) copied too: its contact links show on the help site's request page\n`,
    );
  });

  it('round-trips: forms export gives back each imported form as it was, --check agrees, and the export imports again unchanged', async () => {
    const root = deskFixture('base');
    expect(await main(['forms', 'import', templates, '--root', root])).toBe(0);
    const out = path.join(root, '.github/ISSUE_TEMPLATE');
    expect(await main(['forms', 'export', '--root', root])).toBe(0);
    const read = (folder: string, name: string): unknown =>
      parse(fs.readFileSync(path.join(folder, name), 'utf8'), { version: '1.1' });
    for (const name of [...formNames, 'config.yml'])
      expect(read(out, name), name).toEqual(read(templates, name));
    expect(await main(['forms', 'export', '--root', root, '--check'])).toBe(0);

    // The export imported again into another base desk (which has its own contact form, exported too
    // from this one, so left out): each of the eight forms and config.yml is the original again.
    expect(fs.readdirSync(out).sort()).toEqual(['config.yml', 'contact.yml', ...formNames].sort());
    fs.rmSync(path.join(out, 'contact.yml'));
    const again = deskFixture('base');
    expect(await main(['forms', 'import', out, '--root', again]), stderr).toBe(0);
    expect(formsOf(again)).toEqual(['config.yml', 'contact.yaml', ...formNames].sort());
    for (const name of [...formNames, 'config.yml'])
      expect(read(path.join(again, 'rules/forms'), name), name).toEqual(read(templates, name));
  });

  it('imports nothing when a form id is already taken in rules/forms/', async () => {
    const root = deskFixture('base');
    fs.copyFileSync(path.join(templates, 'question.yml'), path.join(templates, 'contact.yml'));
    expect(await main(['forms', 'import', templates, '--root', root])).toBe(1);
    expect(stderr).toBe(
      'repodesk forms import: rules/forms/ already has a form with the id of contact.yml (the id is the file name); rename or remove one, nothing was imported\n',
    );
    expect(formsOf(root)).toEqual(['contact.yaml']);
  });

  it('imports nothing when a form GitHub would refuse is among them, and names its errors', async () => {
    const root = deskFixture('base');
    fs.copyFileSync(
      'test/fixtures/rules/github-forms-refused/rules/forms/sign-in.yml',
      path.join(templates, 'sign-in.yml'),
    );
    expect(await main(['forms', 'import', templates, '--root', root])).toBe(1);
    expect(stderr).toMatch(
      /^repodesk forms import: nothing was imported; the forms would leave rules\/ with errors:\n/,
    );
    expect(stderr).toContain(
      '  rules/forms/sign-in.yml:11:14 error body[1].attributes.label: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): the word "password" is not allowed',
    );
    expect(formsOf(root)).toEqual(['contact.yaml']);
  });

  it.each([
    [['forms', 'import'], 'repodesk forms: expected "import DIR [--root DIR]", found "import"'],
    [
      ['forms', 'import', '--root', '.'],
      'repodesk forms: expected "import DIR [--root DIR]", found "import --root ."',
    ],
    [
      ['forms', 'import', 'x', '--out', 'y'],
      'repodesk forms: expected "import DIR [--root DIR]", found "import x --out y"',
    ],
  ])('refuses bad usage %j with exit status 2', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(stderr).toContain(message);
  });

  it('says what it expected when the folder is missing or holds no issue form', async () => {
    const root = deskFixture('base');
    expect(await main(['forms', 'import', path.join(templates, 'nope'), '--root', root])).toBe(1);
    expect(stderr).toContain(
      'is not a folder; give the folder of the issue forms, e.g. .github/ISSUE_TEMPLATE\n',
    );
    stderr = '';
    const empty = path.join(path.dirname(templates), 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'bug_report.md'), '---\nname: Bug\n---\n');
    expect(await main(['forms', 'import', empty, '--root', root])).toBe(1);
    expect(stderr).toContain('no issue form (*.yml) in ');
    expect(stderr).toContain('; Markdown templates (*.md) are not forms\n');
  });
});
