// RELIABILITY 36 at `repodesk validate`: patterns the linear-time engine cannot run (backreferences,
// lookaround, …) are refused at their line and column with what to write instead; patterns that take
// exponential time under a backtracking engine are accepted, since they run in linear time here.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { requiredLiterals } from '../../src/conditions/required-literals.ts';
import { compileRulePattern } from '../../src/conditions/rule-pattern.ts';
import { deskFixture } from '../support/desk-fixture.ts';

/** The base desk with its routing.yaml changed by `change`. */
function withRouting(change: (text: string) => string): string {
  return deskFixture('base', { 'rules/routing.yaml': change });
}

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

describe('patterns the linear-time engine cannot run', () => {
  const notRun =
    'repodesk matches patterns in linear time (RE2 syntax), so that no message can stall the bot';
  it.each<[string, string, string]>([
    [
      'a backreference',
      '(ab)\\1',
      `regular expression "(ab)\\\\1": backreferences (\\1, \\k<name>) are not supported; ${notRun}; write the repeated text out, e.g. (ab)ab`,
    ],
    [
      'a named backreference',
      '(?<word>ab)\\k<word>',
      `regular expression "(?<word>ab)\\\\k<word>": backreferences (\\1, \\k<name>) are not supported; ${notRun}; write the repeated text out, e.g. (ab)ab`,
    ],
    [
      'a lookahead',
      'facture(?= impayée)',
      `regular expression "facture(?= impayée)": lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported; ${notRun}; match the text itself, or combine one pattern per condition with all: and not:`,
    ],
    [
      'a negative lookahead',
      '^(?!re:)urgent',
      `regular expression "^(?!re:)urgent": lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported; ${notRun}; match the text itself, or combine one pattern per condition with all: and not:`,
    ],
    [
      'a lookbehind',
      '(?<=n°)\\d+',
      `regular expression "(?<=n°)\\\\d+": lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported; ${notRun}; match the text itself, or combine one pattern per condition with all: and not:`,
    ],
    [
      'a Perl anchor JavaScript reads as a letter',
      '\\Afacture',
      'regular expression "\\\\Afacture": \\A is not an escape sequence here (JavaScript reads it as the letter A); write ^ for the start of the text, or A for the letter',
    ],
    [
      'a count above what the engine allows',
      'a{2000}',
      `regular expression "a{2000}": a count above 1000 ({2000}) is not supported; ${notRun}; use a smaller count, or + or *`,
    ],
  ])('%s is refused with what to write instead', async (_, pattern, message) => {
    const root = withRouting((text) =>
      text.replace(
        '{ subject: { contains: [facture, invoice] } }',
        `{ subject: { matches: ${JSON.stringify(pattern)} } }`,
      ),
    );
    const { code, lines } = await validate(root);
    expect(lines).toEqual([`rules/routing.yaml:9:33 error rules[1].when.all[1].subject.matches: ${message}`]);
    expect(code).toBe(1);
  });

  it.each(['^(a+)+$', '(a|aa)+$', '(\\w|a)+$', '(a|a?)+b', '((a|b)|(b|a))+$', '(.*a){12}'])(
    'the super-linear pattern %s is accepted: it runs in linear time',
    async (pattern) => {
      const root = withRouting((text) =>
        text.replace(
          '{ subject: { contains: [facture, invoice] } }',
          `{ body: { matches: ${JSON.stringify(pattern)} } }`,
        ),
      );
      const { code, lines } = await validate(root);
      expect(lines).toEqual([]);
      expect(code).toBe(0);
    },
  );
});

describe('compiled rule patterns answer as RegExp with the i flag', () => {
  // A small deterministic generator of patterns and texts over a few characters, where all engines agree
  // on the meaning: any difference is a translation mistake, or required words that hide a match.
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const atoms = ['a', 'b', 'ab', 'bA', 'x', '.', '[ab]', '[^a]', '\\w', '\\s', '\\.', '-', '\\b', '^', '$'];
  const quantifiers = ['', '', '', '?', '*', '+', '{1}', '{0,2}', '{2}', '+?'];
  function pattern(depth: number): string {
    const length = 1 + Math.floor(random() * 4);
    let out = '';
    for (let i = 0; i < length; i += 1) {
      const atom = depth < 2 && random() < 0.25 ? `(${pattern(depth + 1)})` : pick(atoms);
      out += atom + (atom === '\\b' || atom === '^' || atom === '$' ? '' : pick(quantifiers));
    }
    return depth < 2 && random() < 0.3 ? `${out}|${pattern(depth + 1)}` : out;
  }
  const text = () =>
    Array.from({ length: Math.floor(random() * 9) }, () =>
      pick(['a', 'a', 'b', 'b', 'A', 'B', 'x', ' ', '.', '-', 'é', '\n', '\r', '\u00a0', '\u2028']),
    ).join('');

  it('on 3,000 generated patterns and 40 texts each', () => {
    const differences: string[] = [];
    for (let round = 0; round < 3000; round += 1) {
      const source = pattern(0);
      const compiled = compileRulePattern(source);
      if ('problem' in compiled) {
        differences.push(`${source}: refused: ${compiled.problem}`);
        continue;
      }
      const native = new RegExp(source, 'i');
      for (let i = 0; i < 40; i += 1) {
        const sample = text();
        if (compiled.pattern.test(sample) !== native.test(sample))
          differences.push(`/${source}/i on ${JSON.stringify(sample)}: RegExp says ${native.test(sample)}`);
      }
    }
    expect(differences).toEqual([]);
  });
});

describe('words a pattern cannot match without', () => {
  it.each<[string, string[] | undefined]>([
    ['vpn|globalprotect|forticlient', ['vpn', 'globalprotect', 'forticlient']],
    ['\\bCMD-?[0-9]{6,8}\\b', ['cmd']],
    ['\\b(INC|RITM|REQ)[0-9]{7}\\b', ['inc', 'ritm', 'req']],
    ['^\\s*[1-9][0-9]?[0-9]?[ .]?[0-9]{3}', undefined],
    ['ab+cd', ['bcd']],
    ['colou?r', ['colo']],
    ['(a|aa)+$', ['a']],
    ['x(?:ab|cd){2}', ['ab', 'cd']],
    ['x(?:ab|cd)?', ['x']],
    ['é+t', ['t']],
    ['a|', undefined],
    ['n°\\s*\\d+', ['n']],
    ['\\.PDF$', ['.pdf']],
    ['x{,3}', ['x{,3}']],
    ['[\\]a]bc', ['bc']],
  ])('%s needs one of %j', (source, expected) => {
    expect(requiredLiterals(source)).toEqual(expected);
  });
});
