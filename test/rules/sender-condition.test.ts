// The `sender` condition through `repodesk validate` on a copy of the base desk: a schema-valid
// condition everywhere conditions go, and a warning when `sender: verified` can never match because the
// desk trusts no mail server's Authentication-Results.

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

function withRoutingRule(rule: string, authservId?: string): void {
  const routing = path.join(root, 'rules/routing.yaml');
  fs.writeFileSync(routing, fs.readFileSync(routing, 'utf8').replace('rules:\n', `rules:\n${rule}`));
  if (authservId !== undefined) {
    const desk = path.join(root, 'rules/desk.yaml');
    fs.writeFileSync(
      desk,
      fs
        .readFileSync(desk, 'utf8')
        .replace('fromName: Aide Lumen }', `fromName: Aide Lumen, authservId: ${authservId} }`),
    );
  }
}

describe('the sender condition', () => {
  it('sender: verified with no authserv-id warns that it never matches, with the fix', async () => {
    withRoutingRule(
      '  - id: verified-vip\n    when: { all: [{ tier: vip }, { sender: verified }] }\n    then: { priority: urgent }\n',
    );
    expect(await main(['validate', '--root', root])).toBe(0);
    expect(stdout).toContain(
      'rules/routing.yaml:3:44 warning rules[0].when.all[1].sender: sender: verified never matches: desk.yaml mail.authservId is empty, so no sender is ever verified; set it to the authserv-id your mail server writes in Authentication-Results (e.g. mx.example.com)',
    );
  });

  it('with the desk’s authserv-id set, sender: verified and sender: unverified are valid', async () => {
    withRoutingRule(
      '  - id: flag-unverified\n    when: { sender: unverified }\n    then: { labels: [non-verifie] }\n  - id: verified\n    when: { sender: verified }\n    then: { labels: [verifie] }\n',
      'mx.lumen.example',
    );
    expect(await main(['validate', '--root', root])).toBe(0);
    expect(stdout).not.toContain('warning');
  });

  it('any other value is refused with the allowed ones', async () => {
    withRoutingRule(
      '  - id: wrong\n    when: { sender: trusted }\n    then: { labels: [x] }\n',
      'mx.lumen.example',
    );
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(stdout).toMatch(
      /rules\/routing\.yaml:3:\d+ error rules\[0\]\.when\.sender: .*verified.*unverified/,
    );
  });
});
