// RELIABILITY 36 at `repodesk validate`: YAML that would exhaust memory or never end (an alias bomb, an
// alias inside its own anchor, an alias of nothing, a merge of a text) is refused with one line at
// file:line:col saying what to write instead, never a stack trace.

import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import type { DeskChanges } from '../support/desk-fixture.ts';

/** Nine lists of nine, seven levels deep: 9^7 (4.8 million) values from a few hundred bytes. */
const aliasBomb = [
  'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefg'.split('').map((letter, index) => {
    const previous = 'abcdef'[index]!;
    return `x-${letter}: &${letter} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`;
  }),
  '',
].join('\n');

const bombMessage =
  'invalid YAML: aliases would make this file more than 100000 values long (each *alias copies the whole value of its anchor, and this one adds 66430); refused as an alias bomb: write the values out, or alias small values only';

describe('repodesk validate, as its own process, on an alias bomb', () => {
  it('prints one error at file:line:col and exits 1, without a stack trace', () => {
    const root = deskFixture('base', { 'rules/teams.yaml': (text) => aliasBomb + text });
    const result = spawnSync(process.execPath, ['src/cli/main.ts', 'validate', '--root', root], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `rules/teams.yaml:6:10 error ${bombMessage}`,
      '✖ 1 error, 0 warnings',
      expect.stringMatching(/^rules version: sha256:[0-9a-f]{12}$/),
      '',
    ]);
  }, 60_000);
});

let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The error lines `repodesk validate` prints for `root`, and its exit code. */
async function validate(root: string): Promise<{ code: number; lines: string[] }> {
  const code = await main(['validate', '--root', root]);
  const lines = stdout.split('\n').filter((line) => /^\S+:\d+:\d+ error /.test(line));
  return { code, lines };
}

describe('YAML that never ends or exhausts memory', () => {
  it.each<[string, DeskChanges, string]>([
    [
      'an alias bomb in a form',
      { 'rules/forms/contact.yaml': (text) => aliasBomb + text },
      `rules/forms/contact.yaml:6:10 error ${bombMessage}`,
    ],
    [
      "an alias bomb in a reply's frontmatter",
      { 'rules/replies/ack.en.md': (text) => text.replace('---\n', `---\n${aliasBomb}`) },
      `rules/replies/ack.en.md:7:10 error ${bombMessage}`,
    ],
    [
      'an alias inside its own anchor',
      {
        'rules/routing.yaml': (text) =>
          text.replace('    when: { tier: vip }', '    when: &loop { all: [{ tier: vip }, *loop] }'),
      },
      'rules/routing.yaml:3:40 error invalid YAML: the alias *loop is inside its own anchor &loop (line 3), so its value would contain itself without end; alias an anchor defined before it, outside it',
    ],
    [
      'an alias of an anchor never defined',
      {
        'rules/routing.yaml': (text) => text.replace('then: { team: it }', 'then: { team: *it-team }'),
      },
      'rules/routing.yaml:12:19 error invalid YAML: unknown alias *it-team: no anchor &it-team before it in this file; define it above (key: &it-team value) or fix the name',
    ],
    [
      'a merge of a text',
      {
        'rules/teams.yaml': (text) =>
          `x-zone: &zone Europe/Paris\n${text.replace("    timezone: Europe/Paris\n    workingHours:\n      mon: ['09:00-17:00']", "    <<: *zone\n    workingHours:\n      mon: ['09:00-17:00']")}`,
      },
      'rules/teams.yaml:11:9 error invalid YAML: `<<: *zone` merges a map into this one, and &zone (line 1) is not a map; alias a map, or give the value a key of its own (key: *zone)',
    ],
  ])('%s: one error at its line and column, exit 1', async (_, files, expected) => {
    const { code, lines } = await validate(deskFixture('base', files));
    expect(lines).toEqual([expected]);
    expect(code).toBe(1);
  });

  it('a large file that uses the same anchor a thousand times is fine', async () => {
    const organisations = Array.from(
      { length: 2000 },
      (_, index) =>
        `  - { <<: *organisation, id: org-${index}, name: Org ${index}, domains: [org-${index}.example] }`,
    ).join('\n');
    const root = deskFixture('base', {
      'rules/customers.yaml': (text) =>
        `x-organisation: &organisation { tier: standard }\n${text.replace(/organisations:\n[\s\S]*$/, `organisations:\n${organisations}\n`)}`,
    });
    const { code, lines } = await validate(root);
    expect(lines).toEqual([]);
    expect(code).toBe(0);
  });
});
