// The `attachments` condition (whether the customer sent files with the request), everywhere a user meets
// it: the shipped rules ask for photos of a damaged item returned without any (form through the bot and
// the GitHub stand-in), a rule in force labels mail that came with files (raw mail through the bot),
// `repodesk route --explain` reads it from a draft, and `repodesk validate` checks where it may be written.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readEmail } from '../support/email-fixtures.ts';
import {
  eventually,
  incidentSubmission,
  postRequest,
  repoRoot,
  siteOrigin,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(300, 7),
]);

/** A return of a damaged item through the form (no file unless `attachments` names uploads). */
function damagedItemReturn(now: number, attachments?: { id: string; token: string }[]) {
  return incidentSubmission(now, {
    form: 'retour-commande',
    fields: {
      numero_commande: 'CMD-2026118',
      raison: 'Article endommagé à la livraison',
      articles: 'FB-2231 Fauteuil de bureau Orion noir – 1',
      solution: 'Échange contre le même article',
      commentaire: 'Le dossier est fendu.',
    },
    ...(attachments ? { attachments } : {}),
  });
}

describe('attachments, through the bot', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const issueOf = async (ref: string) =>
    eventually(async () => (await harness!.issues()).find((issue) => issue.body.includes(ref)));

  it('a damaged item returned without a photo asks for photos (shipped rules); with one it does not', async () => {
    harness = await startHarness();
    const now = harness.bot.context.clock();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)]), 'dossier-fendu.png');
    const uploaded = (await (
      await fetch(`${harness.url}/api/attachments?lang=fr`, {
        method: 'POST',
        headers: { origin: siteOrigin },
        body: form,
      })
    ).json()) as { files: { id: string; token: string }[] };

    const without = await postRequest(harness.url, damagedItemReturn(now));
    const withPhoto = await postRequest(
      harness.url,
      damagedItemReturn(
        now,
        uploaded.files.map(({ id, token }) => ({ id, token })),
      ),
    );
    expect([without.status, withPhoto.status]).toEqual([202, 202]);
    const [first, second] = await Promise.all(
      [without, withPhoto].map(async (response) => issueOf(((await response.json()) as { ref: string }).ref)),
    );
    expect(first!.labels).toContain('photos-a-demander');
    expect(second!.labels).not.toContain('photos-a-demander');
    expect(second!.body).toContain('dossier-fendu.png');
  });

  it('a rule in force labels a mail that came with files, and not one without', async () => {
    harness = await startHarness();
    const rules = harness.bot.context.rules.current;
    // What a reload of rules/ with this rule first would put in force.
    harness.bot.context.rules.current = {
      ...rules,
      routing: {
        rules: [
          {
            id: 'courriel-avec-fichiers',
            when: { all: [{ channel: 'email' }, { attachments: true }] },
            then: { labels: ['fichiers-joints'] },
          },
          ...rules.routing.rules,
        ],
      },
    };
    for (const name of ['nested-attachments.eml', 'french-latin1.eml']) {
      const response = await fetch(`${harness.url}/api/inbound/email`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: new Uint8Array(readEmail(name)),
      });
      expect(response.status).toBe(200);
    }
    const issues = await eventually(async () => {
      const all = await harness!.issues();
      return all.length === 2 ? all : undefined;
    });
    const bySubject = (words: string) => issues.find((issue) => issue.title.includes(words))!;
    expect(bySubject('Capture de l').labels).toContain('fichiers-joints');
    expect(bySubject('facturation').labels).not.toContain('fichiers-joints');
  });
});

describe('attachments in repodesk route', () => {
  const route = (draft: object) => {
    const result = spawnSync(
      process.execPath,
      ['src/cli/main.ts', 'route', '--explain', '-', '--now', '2026-11-23T10:00:00Z'],
      { cwd: repoRoot, input: JSON.stringify(draft), encoding: 'utf8' },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const damaged = {
    form: 'retour-commande',
    requester: { name: 'Paul', email: 'paul@example.org' },
    fields: { raison: 'Article endommagé à la livraison' },
  };

  it.each([
    [
      0,
      true,
      'rule retour-sans-photo: form "retour-commande" matched and field raison equals "Article endommagé à la livraison" and request has no attachment',
    ],
    [2, false, 'rule retour-sans-photo: skipped: request has 2 attachments, expected none'],
  ])('a draft with %i files: the rule for photos matches: %s', (attachments, matches, line) => {
    const result = route({ ...damaged, attachments });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as { matched: string[]; trace: string[]; labels: string[] };
    expect(output.matched.includes('retour-sans-photo')).toBe(matches);
    expect(output.labels.includes('photos-a-demander')).toBe(matches);
    expect(output.trace.find((entry) => entry.startsWith('rule retour-sans-photo'))).toMatch(
      new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('a count that is not a whole number is refused, saying what is expected', () => {
    const result = route({ ...damaged, attachments: 'oui' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'draft.attachments: expected the number of files sent with the request (0, 1, 2…), found string "oui"',
    );
  });
});

describe('attachments in repodesk validate', () => {
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
  const edit = (file: string, from: string, to: string) => {
    const at = path.join(root, file);
    fs.writeFileSync(at, fs.readFileSync(at, 'utf8').replace(from, to));
  };

  it('true and false are valid in a routing rule', async () => {
    edit(
      'rules/routing.yaml',
      'rules:\n',
      'rules:\n  - id: files\n    when: { attachments: true }\n    then: { labels: [fichiers] }\n  - id: no-files\n    when: { not: { attachments: false } }\n    then: { labels: [encore] }\n',
    );
    expect(await main(['validate', '--root', root])).toBe(0);
    expect(stdout).not.toMatch(/error|warning/);
  });

  it('anything else is refused with what to write', async () => {
    edit(
      'rules/routing.yaml',
      'rules:\n',
      'rules:\n  - id: files\n    when: { attachments: oui }\n    then: { labels: [fichiers] }\n',
    );
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(stdout).toMatch(
      /rules\/routing\.yaml:3:\d+ error rules\[0\]\.when\.attachments: expected true or false/,
    );
  });

  it('an SLA policy refuses it and says where to test it', async () => {
    edit('rules/sla.yaml', 'when: { priority: urgent }', 'when: { attachments: true }');
    expect(await main(['validate', '--root', root])).toBe(1);
    expect(stdout).toContain(
      'rules/sla.yaml:11:13 error policies[0].when.attachments: unknown key "attachments"; an SLA policy is chosen from the issue after routing, where the request\'s attachment count is not known; test it in a routing rule that sets a label or a priority, and test that here; known keys: all, any, not, channel, sender, organisation, tier, language, priority, type, label, team',
    );
  });
});
