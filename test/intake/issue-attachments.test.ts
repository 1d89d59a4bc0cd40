// The attachments section of an issue body, shared by form and email tickets: each kept file linked with
// its checked type and size, refused ones with the reason, customer names inert, never cut by truncation.
import { describe, expect, it } from 'vitest';
import type { Submission } from '../../src/forms/submission-schema.ts';
import { fileSize } from '../../src/forms/upload-texts.ts';
import {
  draftFromSubmission,
  issueBodyMaxLength,
  renderIssueBody,
  type IssueAttachment,
} from '../../src/intake/render-issue-body.ts';
import { fixtureRules } from '../routing/fixture-rules.ts';

const rules = fixtureRules();
const submission: Submission = {
  form: 'incident',
  lang: 'fr',
  requester: { name: 'Zoé Martin', email: 'zoe@acme.example' },
  fields: {
    subject: 'Écran noir',
    description: 'Rien ne s’affiche.',
    impact: 'Mon équipe',
    consent: [true, false],
  },
  idempotencyKey: 'key-123456789',
  startedAt: 1_790_000_000_000,
};
const files: IssueAttachment[] = [
  { name: 'capture [1].png', kind: 'png', size: 48_213, url: 'https://bot.example/files/a.png?exp=1&sig=s' },
  {
    name: 'rapport @ops #12.pdf',
    kind: 'pdf',
    size: 2_621_440,
    url: 'https://bot.example/files/b.pdf?exp=1&sig=t',
  },
  { name: 'setup.exe', refused: 'type-not-allowed' },
];

function body(description: string, attachments = files): string {
  const draft = draftFromSubmission(submission, rules.forms.incident!, rules);
  return renderIssueBody(
    { ...draft, fields: { ...draft.fields, description } },
    { ref: 'RD-TEST-0001', key: 'k', rules, attachments },
  );
}

describe('the attachments section of an issue', () => {
  it('links each kept file with its type and size, names refused ones with the reason, and leaves names inert', () => {
    expect(body('Rien ne s’affiche.')).toContain(
      [
        '### Pièces jointes',
        '',
        '- [capture \\[1\\].png](https://bot.example/files/a.png?exp=1&sig=s) · image PNG · 47 ko',
        `- [rapport @\u200dops #\u200d12.pdf](https://bot.example/files/b.pdf?exp=1&sig=t) · PDF · 2,5 Mo`,
        '- setup.exe (non conservée : type de fichier non accepté)',
        '',
      ].join('\n'),
    );
  });

  it('has no section when there is no file', () => {
    expect(body('Rien.', [])).not.toContain('Pièces jointes');
  });

  it('is kept whole when the answers are cut at GitHub’s limit', () => {
    const long = body('a'.repeat(100_000));
    expect(long.length).toBeLessThanOrEqual(issueBodyMaxLength);
    expect(long).toContain('- setup.exe (non conservée : type de fichier non accepté)\n');
    expect(long.endsWith('référence RD-TEST-0001._\n')).toBe(true);
  });

  it.each([
    [512, 'fr', '512 o'],
    [2000, 'fr', '2 ko'],
    [10 * 1024 * 1024, 'fr', '10 Mo'],
    [1536 * 1024, 'en', '1.5 MB'],
    [100, 'en', '100 B'],
  ])('%d bytes in %s read "%s"', (bytes, lang, expected) => {
    expect(fileSize(bytes, lang)).toBe(expected);
  });
});
