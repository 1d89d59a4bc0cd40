// Unreachable routing rules, as `repodesk validate` finds them, now that labels match whatever their case
// (as on GitHub, and as SLA policies always read them): a rule after a `stop` on the same label in another
// case can never run, and a label added in another case in between can change the answer.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let stdout = '';
let root = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  root = deskFixture('base');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Puts `rules` (YAML items) first in the base desk's routing.yaml. */
function withRoutingRules(rules: string): void {
  const routing = path.join(root, 'rules/routing.yaml');
  fs.writeFileSync(routing, fs.readFileSync(routing, 'utf8').replace('rules:\n', `rules:\n${rules}`));
}

describe('unreachable rules and the case of labels', () => {
  it('a rule testing a label after a stop on the same label in capitals can never run', async () => {
    withRoutingRules(
      [
        '  - id: press-first',
        '    when: { label: [PRESSE, MEDIA] }',
        '    then: { priority: urgent, stop: true }',
        '  - id: press-later',
        '    when: { label: presse }',
        '    then: { labels: [communication] }',
        '',
      ].join('\n'),
    );
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(stdout).toContain(
      'rules/routing.yaml:6:11 error rules[1].when: rule "press-later" can never run: every ticket it matches also matches rules[0] ("press-first"), which comes first and has `stop: true`; move this rule above it, or narrow that rule\'s `when`',
    );
  });

  it('a label added in capitals between a stop and a later rule may change its answer: no alarm', async () => {
    withRoutingRules(
      [
        '  - id: press-first',
        '    when: { label: presse }',
        '    then: { priority: urgent, stop: true }',
        '  - id: mark-press',
        '    when: { channel: email }',
        '    then: { labels: [PRESSE] }',
        '  - id: press-later',
        '    when: { label: presse }',
        '    then: { labels: [communication] }',
        '',
      ].join('\n'),
    );
    expect(await main(['validate', '--root', root])).toBe(0);
    expect(stdout).not.toContain('can never run');
  });
});
