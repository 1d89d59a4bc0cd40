// `mode: shadow` on a routing rule: evaluated and recorded as "would have" (the decision marker on the
// issue's first line, `repodesk why`), never applied. Through the real bot: mail in, issue at the stand-in.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Rules } from '../../src/rules/types.ts';
import { startHarness, templateRules, repoRoot, type Harness } from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';
import { deskFixture } from '../support/desk-fixture.ts';
import { rawMail } from '../support/email-fixtures.ts';
import { issueOfRef, postMail, processed } from '../support/inbound-mail.ts';

let harness: Harness;

beforeAll(async () => {
  const rules: Rules = structuredClone(await templateRules());
  // A risky rule on trial: every English request to billing, to Sophie, and stop there.
  rules.routing.rules.unshift({
    id: 'essai-anglais-facturation',
    mode: 'shadow',
    when: { language: 'en' },
    then: { team: 'facturation', assignees: ['sophie-garnier'], labels: ['essai'], stop: true },
  });
  harness = await startHarness({ desk: { root: repoRoot, rules, articles: [] } });
});
afterAll(async () => {
  await harness?.close();
});

async function mailTicket(from: string, subject: string, body: string) {
  const message = await processed(harness, await postMail(harness, rawMail({ from, subject, body })));
  const issue = await issueOfRef(harness, message.ref ?? '');
  const seen = (await harness.issues()).find((candidate) => candidate.number === issue.number)!;
  return { ...seen, firstLine: issue.body.split('\n')[0] ?? '' };
}

describe('shadow routing rules', () => {
  it('a matching shadow rule is recorded as "would have" and nothing of it applies', async () => {
    const issue = await mailTicket(
      'jane@gmail.example',
      'Question about my chairs',
      'Hello, thank you for the chairs. Please tell me the colours. Regards',
    );
    expect(issue.labels).toContain('team: support-client');
    expect(issue.labels).not.toContain('team: facturation');
    expect(issue.labels).not.toContain('essai');
    expect(issue.assignees).not.toContain('sophie-garnier');
    expect(issue.firstLine).toMatch(
      /<!-- repodesk:decision rules=\S+ matched=demandes-en-anglais,\S*tout-le-reste .* shadow=essai-anglais-facturation -->$/,
    );
    const why = await runCli(['why', String(issue.number)], {
      GITHUB_TOKEN: 'bot-token',
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_API_URL: harness.standin.url,
    });
    expect(why.stdout).toContain(
      '  shadow rules that would have matched (not applied): essai-anglais-facturation\n',
    );
    expect(why.stdout).toContain('  team: support-client\n');
  });

  it('a shadow rule that does not match is not recorded', async () => {
    const issue = await mailTicket(
      'paul@gmail.example',
      'Question sur mes chaises',
      'Bonjour, merci pour les chaises. Pouvez-vous me dire les couleurs ? Cordialement',
    );
    expect(issue.firstLine).not.toContain('shadow=');
  });
});

describe('mode in routing.yaml', () => {
  it('a shadow rule that would stop keeps no later rule from running', async () => {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const root = deskFixture('base');
    const file = path.join(root, 'rules/routing.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(
          'rules:\n',
          'rules:\n  - id: essai\n    mode: shadow\n    then: { labels: [essai], stop: true }\n',
        ),
    );
    const exit = await main(['validate', '--root', root]);
    vi.restoreAllMocks();
    expect(stdout).not.toContain('can never run');
    expect(exit).toBe(0);
  });

  it.each([
    ['shadow', 0, ''],
    ['live', 1, 'rules/routing.yaml:3:11 error rules[0].mode: expected one of shadow; found "live"'],
  ])('mode: %s', async (mode, code, problem) => {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const root = deskFixture('base');
    const file = path.join(root, 'rules/routing.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('  - id: vip\n', `  - id: vip\n    mode: ${mode}\n`),
    );
    const exit = await main(['validate', '--root', root]);
    vi.restoreAllMocks();
    expect(exit).toBe(code);
    if (problem) expect(stdout).toContain(problem);
  });
});
