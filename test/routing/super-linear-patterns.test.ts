// RELIABILITY 36: patterns that take exponential or high polynomial time under a backtracking engine
// (JavaScript's RegExp) route tickets of thousands of characters correctly through `repodesk route`:
// rule patterns run on a linear-time engine. And the patterns mean what they meant under RegExp with
// the `i` flag: each case of the table is checked against RegExp itself on a short text.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import { route } from '../../src/routing/route.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const now = new Date('2026-11-23T10:00:00Z');

/** The base desk with `rules` (id → body pattern) before its own routing rules. */
function rootWithPatterns(patterns: Record<string, string>): string {
  const added = Object.entries(patterns)
    .map(
      ([id, pattern]) =>
        `  - id: ${id}\n    when: { body: { matches: ${JSON.stringify(pattern)} } }\n    then: { labels: [${id}] }\n`,
    )
    .join('');
  return deskFixture('base', {
    'rules/routing.yaml': (text) => text.replace(/^rules:\n/, () => `rules:\n${added}`),
  });
}

const families: Record<string, string> = {
  'nested-plus': '^(a+)+$',
  'overlapping-alternation': '(a|aa)+$',
  'class-and-letter': '(\\w|a)+$',
  'optional-alternative': '(a|a?)+b',
  'nested-alternations': '((a|b)|(b|a)|(a|ab))+$',
  'polynomial-dot-star': '(.*a){12}',
  'two-pluses': '(x+x+)+y',
  'email-like': '^([a-z0-9]+\\.?)+@',
};

/** Texts of thousands of characters that drive a backtracking engine into its worst case, or match. */
const bodies: [string, string, string[]][] = [
  [
    '5,000 a',
    'a'.repeat(5000),
    [
      'nested-plus',
      'overlapping-alternation',
      'class-and-letter',
      'nested-alternations',
      'polynomial-dot-star',
    ],
  ],
  ['5,000 a then !', `${'a'.repeat(5000)}!`, ['polynomial-dot-star']],
  [
    '5,000 a then b',
    `${'a'.repeat(5000)}b`,
    ['class-and-letter', 'optional-alternative', 'nested-alternations', 'polynomial-dot-star'],
  ],
  ['11 a then 5,000 x', `${'a'.repeat(11)}${'x'.repeat(5000)}`, ['class-and-letter']],
  ['5,000 x', 'x'.repeat(5000), ['class-and-letter']],
  ['5,000 x then y', `${'x'.repeat(5000)}y`, ['class-and-letter', 'two-pluses']],
  ['ab 2,500 times then !', `${'ab'.repeat(2500)}!`, ['optional-alternative', 'polynomial-dot-star']],
  [
    'a. 2,500 times then @',
    `${'a.'.repeat(2500)}@example.org`,
    ['class-and-letter', 'polynomial-dot-star', 'email-like'],
  ],
];

describe('repodesk route with super-linear patterns', () => {
  let root: string;
  beforeAll(() => {
    root = rootWithPatterns(families);
  });

  it.each(bodies)(
    'a body of %s matches exactly the rules it should',
    async (_, body, expected) => {
      const draftFile = path.join(root, 'draft.json');
      fs.writeFileSync(
        draftFile,
        JSON.stringify({ channel: 'web', subject: 'Texte long', body, requester: { email: 'a@b.example' } }),
      );
      let out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
      try {
        expect(await main(['route', draftFile, '--root', root, '--now', now.toISOString()])).toBe(0);
      } finally {
        vi.restoreAllMocks();
      }
      const decision = JSON.parse(out) as { matched: string[] };
      expect(decision.matched.filter((id) => id in families).sort()).toEqual([...expected].sort());
    },
    60_000,
  );
});

/** Pattern, text, whether it matches: as RegExp with the `i` flag decides. */
const semantics: [string, string, boolean][] = [
  ['\\bvpn\\b', 'Mon VPN ne marche plus', true],
  ['\\bvpn\\b', 'vpnclient plante', false],
  ['bloqu[ée]', 'Compte BLOQUÉ depuis hier', true],
  ['\\u00e9t\\u00e9', 'ÉTÉ', true],
  ['\\x41', 'a', true],
  ['^facture', 'Facture 2026-114', true],
  ['^facture', 'Ma facture', false],
  ['^ligne', 'première\nligne', false],
  ['fin$', 'la fin\n', false],
  ['fin$', 'la fin', true],
  ['n°\\s*\\d+', 'n°\u00a012', true],
  ['a\\sb', 'a\u202fb', true],
  ['a\\sb', 'a\u000bb', true],
  ['a\\Sb', 'a\u00a0b', false],
  ['a\\Sb', 'a-b', true],
  ['a[^\\S\\n]b', 'a\u00a0b', true],
  ['a[^\\S\\n]b', 'a\nb', false],
  ['a[\\s\\S]b', 'a\nb', true],
  ['a[\\s,]b', 'a\u3000b', true],
  ['a.b', 'a\rb', false],
  ['a.b', 'a\u2028b', false],
  ['a.b', 'aéb', true],
  ['x[^]y', 'x\ny', true],
  ['x[]y', 'xy', false],
  ['^\\w+$', 'café', false],
  ['\\d{3}', '١٢٣', false],
  ['[\\b]', 'a\bb', true],
  ['\\cJ', 'a\nb', true],
  ['a\\0b', 'a\0b', true],
  ['\\/chemin\\/', 'voir /chemin/ici', true],
  ['[[]x', 'a[x', true],
  ['a{,3}', 'a{,3}', true],
  ['a{,3}', 'aaa', false],
  ['x]', 'x]', true],
  ['cmd-?[0-9]{6,8}', 'CMD-1234567', true],
  ['(?:inc|ritm)\\d{7}', 'RITM0012345', true],
  ['(?<ref>inc)\\d+', 'INC42', true],
  ['colou?r', 'COLOR', true],
  ['a*?b', 'aab', true],
];

describe('rule patterns mean what they meant with RegExp', () => {
  let rules: Rules;
  beforeAll(async () => {
    const patterns = Object.fromEntries(semantics.map(([pattern], index) => [`case-${index}`, pattern]));
    const loaded = await loadRules(rootWithPatterns(patterns), { now });
    expect(loaded.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    rules = loaded.rules!;
  });

  it.each(semantics.map((entry, index) => [...entry, index] as const))(
    '/%s/i on %j: %s',
    (pattern, text, expected, index) => {
      expect(new RegExp(pattern, 'i').test(text)).toBe(expected);
      const draft: TicketDraft = {
        channel: 'web',
        subject: '',
        body: text,
        requester: { name: 'Client', email: 'a@b.example' },
        language: 'fr',
        fields: {},
        labels: [],
      };
      const decision = route(draft, rules, { openByAgent: {}, lastAssigned: {} }, now);
      expect(decision.matched.includes(`case-${index}`)).toBe(expected);
    },
  );
});
