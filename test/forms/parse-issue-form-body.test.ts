// The `### Label` sections GitHub writes for an issue form, read back by the same form definition (the
// forms of test/fixtures/rules/github-forms/, ids derived from labels).
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIssueFormBody } from '../../src/forms/parse-issue-form-body.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { RequestForm } from '../../src/rules/types.ts';
import { deskFixture } from '../support/desk-fixture.ts';

let forms: Record<string, RequestForm>;
beforeAll(async () => {
  const loaded = await loadRules(deskFixture('github-forms'), { now: new Date('2026-12-06T12:00:00Z') });
  forms = loaded.rules!.forms;
});

const body = (answers: [string, string][]) =>
  answers.map(([label, text]) => `### ${label}\r\n\r\n${text}`).join('\r\n\r\n');

describe('an issue body written by a GitHub issue form', () => {
  it.each([
    [
      'ticked and unticked checkboxes, "_No response_" left out',
      body([
        [
          'Before asking',
          '- [X] I searched the existing issues and the documentation\n- [ ] I read the Code of Conduct',
        ],
        ['Your question in one line', 'How do I export?'],
        ['Details', '_No response_'],
      ]),
      {
        form: 'question',
        fields: {
          'before-asking': ['I searched the existing issues and the documentation'],
          'your-question-in-one-line': 'How do I export?',
        },
      },
    ],
    [
      'a render textarea without its fence, a multiple dropdown as options, an option no form has dropped',
      body([
        ['Describe the slowness', 'Opening takes 30 s'],
        ['Operating systems', 'Linux, Windows, BeOS'],
        ['Profile', '```text\nmain 29.1 s\n### 12 frames\n```'],
      ]),
      {
        form: 'performance',
        fields: {
          'describe-the-slowness': 'Opening takes 30 s',
          'operating-systems': ['Linux', 'Windows'],
          profile: 'main 29.1 s\n### 12 frames',
        },
      },
    ],
    [
      'ids written in the file next to a derived one',
      body([
        ['Is your feature request related to a problem?', 'Exports are slow'],
        ["Describe the solution you'd like", 'A progress bar'],
        ['Additional context', '_No response_'],
      ]),
      { form: 'feature-request', fields: { problem: 'Exports are slow', solution: 'A progress bar' } },
    ],
  ])('%s', (_, text, expected) => {
    expect(parseIssueFormBody(text, forms)).toEqual(expected);
  });

  it.each([
    ['a missing section', body([['Summary', 'x']])],
    [
      'an extra section',
      body([
        ['Summary', 'x'],
        ['Disclosure', '- [X] I will not disclose before a fix is released'],
        ['Notes', 'y'],
      ]),
    ],
    ['no section', 'Just text'],
  ])('with %s is read as no form', (_, text) => {
    expect(parseIssueFormBody(text, forms)).toBeUndefined();
  });
});
