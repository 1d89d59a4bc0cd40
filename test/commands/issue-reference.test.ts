// How agents name another issue in `/merge` and `/link`: `#N`, `N`, `owner/repo#N` or the issue's URL; one of
// another repository is told apart (refused by name), anything else names nothing.

import { describe, expect, it } from 'vitest';
import { readIssueReference } from '../../src/commands/issue-reference.ts';

describe('readIssueReference', () => {
  it.each([
    ['#42', { kind: 'issue', number: 42 }],
    ['42', { kind: 'issue', number: 42 }],
    ['acme/support#42', { kind: 'issue', number: 42 }],
    ['ACME/Support#42', { kind: 'issue', number: 42 }],
    ['https://github.com/acme/support/issues/42', { kind: 'issue', number: 42 }],
    ['https://ghe.acme.example/acme/support/issues/42/', { kind: 'issue', number: 42 }],
    ['octo/other#42', { kind: 'other-repository', given: 'octo/other#42' }],
    [
      'https://github.com/octo/other/issues/42',
      { kind: 'other-repository', given: 'https://github.com/octo/other/issues/42' },
    ],
    ['#0', { kind: 'none' }],
    ['#', { kind: 'none' }],
    ['GH-42', { kind: 'none' }],
    ['#42abc', { kind: 'none' }],
    ['https://github.com/acme/support/pull/42', { kind: 'none' }],
    ['le-doublon', { kind: 'none' }],
  ])('%s in acme/support reads as %o', (given, expected) => {
    expect(readIssueReference(given, 'acme/support')).toEqual(expected);
  });
});
