// desk.yaml's `repositories` (confidential queues, issue 13) and a routing rule's `repository:` through
// `repodesk validate`: a rule naming a repository the desk does not list, and a list that does not start
// with the default repository, are errors at file:line:col saying what is known and how to fix it.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

const withoutVersion = (output: string) => output.replace(/\nrules version: \S+\n$/, '\n');

const listed = (list: string) => (text: string) =>
  text.replace('repository: lumen/support\n', `repository: lumen/support\nrepositories: ${list}\n`);
const hrRule = (repository: string) => (text: string) =>
  text.replace('    then: { team: it }', `    then: { team: it, repository: ${repository} }`);

describe('repodesk validate: the desk’s repositories', () => {
  it.each([
    ['listed', '[lumen/support, lumen/support-hr]', 'lumen/support-hr'],
    ['the default one, named', '[lumen/support, lumen/support-hr]', 'lumen/support'],
  ])('accepts a rule filing tickets in a repository desk.yaml lists (%s)', async (_case, list, target) => {
    const root = deskFixture('base', {
      'rules/desk.yaml': listed(list),
      'rules/routing.yaml': hrRule(target),
    });
    expect(await main(['validate', '--root', root])).toBe(0);
  });

  it.each([
    [
      'a repository the list lacks',
      '[lumen/support, lumen/support-hr]',
      'lumen/support-rh',
      'rules/routing.yaml:12:35 error rules[2].then.repository: unknown repository "lumen/support-rh" (did you mean "lumen/support-hr"?); known repositories (desk.yaml): lumen/support, lumen/support-hr\n',
    ],
    [
      'another repository when desk.yaml lists none (only `repository`)',
      undefined,
      'lumen/support-hr',
      'rules/routing.yaml:12:35 error rules[2].then.repository: unknown repository "lumen/support-hr" (did you mean "lumen/support"?); known repositories (desk.yaml): lumen/support\n',
    ],
  ])('refuses a rule naming %s, at its line', async (_case, list, target, error) => {
    const root = deskFixture('base', {
      ...(list === undefined ? {} : { 'rules/desk.yaml': listed(list) }),
      'rules/routing.yaml': hrRule(target),
    });
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(withoutVersion(stdout)).toBe(`${error}✖ 1 error, 0 warnings\n`);
  });

  it('refuses a list that does not start with the default repository', async () => {
    const root = deskFixture('base', { 'rules/desk.yaml': listed('[lumen/support-hr, lumen/support]') });
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(withoutVersion(stdout)).toBe(
      'rules/desk.yaml:3:16 error repositories[0]: repositories[0] is "lumen/support-hr", expected the default repository "lumen/support" first: put `repository` at the head of the list\n' +
        '✖ 1 error, 0 warnings\n',
    );
  });

  it('refuses a repository that is not owner/repo', async () => {
    const root = deskFixture('base', { 'rules/desk.yaml': listed('[lumen/support, "support hr"]') });
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(withoutVersion(stdout)).toContain('rules/desk.yaml:3:31 error repositories[1]');
  });
});
