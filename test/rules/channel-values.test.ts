// `channel` in a routing rule or an SLA policy names only channels an intake produces (web form, email,
// an issue opened on GitHub): `api` was documented and used by a shipped rule, but no request ever came
// with it, so a rule on it never matched. `repodesk validate` on a copy of the base desk says so.

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

function edit(file: string, from: string, to: string): void {
  const target = path.join(root, file);
  const text = fs.readFileSync(target, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(target, text.replace(from, to));
}

describe('channel values', () => {
  it.each([
    [
      'a routing rule on channel api',
      'rules/routing.yaml',
      '{ channel: email }',
      '{ channel: api }',
      'rules/routing.yaml:8:22 error rules[1].when.all[0].channel: unknown channel "api"; known channels: web, email, github',
    ],
    [
      'api in a list of channels',
      'rules/routing.yaml',
      '{ channel: email }',
      '{ channel: [email, api] }',
      'rules/routing.yaml:8:30 error rules[1].when.all[0].channel[1]: unknown channel "api"; known channels: web, email, github',
    ],
    [
      'an SLA policy on channel api',
      'rules/sla.yaml',
      'when: { priority: urgent }',
      'when: { channel: api }',
      'rules/sla.yaml:11:22 error policies[0].when.channel: unknown channel "api"; known channels: web, email, github',
    ],
  ])('%s is refused: no intake produces it', async (_name, file, from, to, problem) => {
    edit(file, from, to);
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(stdout).toContain(problem);
  });

  it.each(['web', 'email', 'github'])('channel %s, which an intake produces, is valid', async (channel) => {
    edit('rules/routing.yaml', '{ channel: email }', `{ channel: ${channel} }`);
    expect(await main(['validate', '--root', root])).toBe(0);
    expect(stdout).not.toContain('error');
  });
});
