// The regular expressions admins write in rules (`matches:`), run in linear time: a backtracking engine
// (JavaScript's RegExp) takes exponential time on patterns like `(a|aa)+$`, and one ticket then stalls
// the bot, again after every restart. Patterns keep JavaScript's syntax and meaning (the `i` flag,
// `\s` with Unicode spaces, `.` that stops at line ends, `[^]`…); they are translated to RE2's syntax
// and run by re2js, a pure-JavaScript RE2. What RE2 cannot run in linear time (backreferences,
// lookaround) is refused with what to write instead.
import { RE2JS } from 're2js';
import { lowerForLiterals, requiredLiterals } from './required-literals.ts';

/** A compiled rule pattern: `test` answers as `new RegExp(source, 'i').test` would, in linear time. */
export interface RulePattern {
  /** As written in the rules. */
  source: string;
  /**
   * Whether the pattern matches `text`. `lowered`, `lowerForLiterals(text)`, saves computing it again
   * when many patterns test the same text.
   */
  test(text: string, lowered?: string): boolean;
}

const linearTime =
  'repodesk matches patterns in linear time (RE2 syntax), so that no message can stall the bot';
const backreference = `backreferences (\\1, \\k<name>) are not supported; ${linearTime}; write the repeated text out, e.g. (ab)ab`;
const lookaround = `lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported; ${linearTime}; match the text itself, or combine one pattern per condition with all: and not:`;

/** JavaScript's `\s`: ASCII spaces and line ends, and every Unicode space separator, line and paragraph separator, BOM. */
const spaceRanges: [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const maxCodePoint = 0x10ffff;

const hex = (code: number) => `\\x{${code.toString(16)}}`;
const range = ([from, to]: [number, number]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`);

/** Class members (no brackets) of `\s`, and of `\S` as explicit ranges, so both work inside `[^…]` too. */
const spaceMembers = spaceRanges.map(range).join('');
const nonSpaceMembers = (() => {
  const ranges: [number, number][] = [];
  let next = 0;
  for (const [from, to] of spaceRanges) {
    if (from > next) ranges.push([next, from - 1]);
    next = to + 1;
  }
  ranges.push([next, maxCodePoint]);
  return ranges.map(range).join('');
})();
const anyCharacter = `[${hex(0)}-${hex(maxCodePoint)}]`;
/** JavaScript's `.` without the s flag stops at \n, \r, U+2028 and U+2029; RE2's only at \n. */
const notLineEnd = `[^\\n\\r${hex(0x2028)}${hex(0x2029)}]`;

const isAsciiLetterOrDigit = (char: string) => /^[A-Za-z0-9]$/.test(char);
const isAsciiPunctuation = (char: string) => /^[!-/:-@[-`{-~]$/.test(char);
/** `{2}`, `{2,}`, `{2,5}` at `index`: a count. Anything else with `{` is literal in JavaScript (without u). */
const countAt = (source: string, index: number) => /^\{\d+(?:,\d*)?\}/.exec(source.slice(index))?.[0];

type Translation = { re2: string } | { problem: string };

/** Hints for the letters Perl-minded admins escape, which JavaScript reads as the bare letter. */
const letterHints: Partial<Record<string, string>> = {
  A: '^ for the start of the text',
  z: '$ for the end of the text',
  Z: '$ for the end of the text',
  h: '[ \\t] for a space or tab',
  e: '\\x1b for the escape character',
  x: '\\xHH with two hexadecimal digits (\\x41)',
  u: '\\uHHHH with four hexadecimal digits (\\u00e9)',
};

/**
 * One escape (`source[index]` is the backslash): its RE2 text and its length, or why it is refused.
 * `inClass`: inside `[…]`, where `\b` is a backspace and class escapes become members.
 */
function translateEscape(
  source: string,
  index: number,
  inClass: boolean,
): { re2: string; length: number; classEscape: boolean } | { problem: string } {
  const char = source[index + 1] ?? '';
  const rest = source.slice(index + 2);
  const plain = (re2: string, length = 2) => ({ re2, length, classEscape: false });
  const member = (members: string) => ({
    re2: inClass ? members : `[${members}]`,
    length: 2,
    classEscape: true,
  });
  switch (char) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
      return { re2: `\\${char}`, length: 2, classEscape: true };
    case 's':
      return member(spaceMembers);
    case 'S':
      return member(nonSpaceMembers);
    case 'b':
      return plain(inClass ? hex(8) : '\\b');
    case 'B':
      if (!inClass) return plain('\\B');
      break;
    case 't':
    case 'n':
    case 'r':
    case 'f':
      return plain(`\\${char}`);
    case 'v':
      return plain(hex(0x0b));
    case 'x': {
      const digits = /^[0-9A-Fa-f]{2}/.exec(rest)?.[0];
      if (digits) return plain(hex(parseInt(digits, 16)), 4);
      break;
    }
    case 'u': {
      const digits = /^[0-9A-Fa-f]{4}/.exec(rest)?.[0];
      if (!digits) break;
      const code = parseInt(digits, 16);
      // A surrogate pair written as two escapes is one character for RE2.
      const low = /^\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})/.exec(rest.slice(4))?.[1];
      if (code >= 0xd800 && code <= 0xdbff && low) {
        return plain(hex(0x10000 + ((code - 0xd800) << 10) + (parseInt(low, 16) - 0xdc00)), 12);
      }
      return plain(hex(code), 6);
    }
    case 'c': {
      const letter = /^[A-Za-z]/.exec(rest)?.[0];
      if (letter) return plain(hex(letter.charCodeAt(0) % 32), 3);
      break;
    }
    case 'p':
    case 'P': {
      // A Unicode class, as intended (JavaScript without the u flag read \p as the letter p).
      const name = /^\{[A-Za-z_ =]+\}/.exec(rest)?.[0];
      if (name) return { re2: `\\${char}${name}`, length: 2 + name.length, classEscape: true };
      break;
    }
    case 'k':
      if (rest.startsWith('<')) return { problem: backreference };
      break;
    case '0':
      if (!/^[0-9]/.test(rest)) return plain(hex(0));
      return {
        problem: `\\0${rest[0]} (an octal escape) is not supported; write the character as \\xHH, e.g. \\x01`,
      };
    default:
      if (/^[1-9]$/.test(char)) {
        return inClass
          ? {
              problem: `\\${char} inside […] (an octal escape) is not supported; write the character as \\xHH, e.g. \\x0${char}`,
            }
          : { problem: backreference };
      }
      if (char === '') return { problem: 'a pattern cannot end with a backslash' };
      if (isAsciiPunctuation(char)) return plain(`\\${char}`);
      // `\é` is é in JavaScript; RE2 escapes punctuation only.
      if (!isAsciiLetterOrDigit(char)) return plain(char === '-' ? '\\-' : char);
  }
  const instead = letterHints[char];
  return {
    problem: `\\${char} is not an escape sequence here (JavaScript reads it as the letter ${char}); write ${instead ? `${instead}, or ${char} for the letter` : `${char} alone, or \\\\ for a backslash`}`,
  };
}

/** JavaScript's pattern syntax (without the u flag) in RE2's, with the same meaning; or why it cannot be. */
function translate(source: string): Translation {
  let out = '';
  let index = 0;
  /** Whether `.` matches line ends, per open group (`(?s:…)` turns it on). */
  const dotAll: boolean[] = [false];
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\\') {
      const escape = translateEscape(source, index, false);
      if ('problem' in escape) return escape;
      out += escape.re2;
      index += escape.length;
    } else if (char === '[') {
      const negated = source[index + 1] === '^';
      const start = index + (negated ? 2 : 1);
      // In JavaScript `]` right after `[` or `[^` closes the class: `[]` matches nothing, `[^]` anything.
      if (source[start] === ']') {
        out += negated ? anyCharacter : `[^${hex(0)}-${hex(maxCodePoint)}]`;
        index = start + 1;
        continue;
      }
      const classPart = translateClass(source, start);
      if ('problem' in classPart) return classPart;
      out += `[${negated ? '^' : ''}${classPart.re2}]`;
      index = classPart.end;
    } else if (char === '(') {
      if (/^\(\?<?[=!]/.test(source.slice(index))) return { problem: lookaround };
      const modifiers = /^\(\?([ims]*)(?:-([ims]*))?:/.exec(source.slice(index));
      let groupDotAll = dotAll.at(-1)!;
      if (modifiers?.[1]?.includes('s')) groupDotAll = true;
      if (modifiers?.[2]?.includes('s')) groupDotAll = false;
      dotAll.push(groupDotAll);
      out += '(';
      index += 1;
    } else if (char === ')') {
      if (dotAll.length > 1) dotAll.pop();
      out += ')';
      index += 1;
    } else if (char === '.') {
      out += dotAll.at(-1) ? anyCharacter : notLineEnd;
      index += 1;
    } else if (char === '{') {
      const count = countAt(source, index);
      out += count ?? '\\{';
      index += count?.length ?? 1;
    } else if (char === '}' || char === ']') {
      out += `\\${char}`;
      index += 1;
    } else {
      out += char;
      index += 1;
    }
  }
  return { re2: out };
}

/** The members of a class from `start` (after `[` or `[^`) to its `]`. */
function translateClass(source: string, start: number): { re2: string; end: number } | { problem: string } {
  let out = '';
  let index = start;
  let previousWasClassEscape = false;
  while (index < source.length && source[index] !== ']') {
    const char = source[index]!;
    if (char === '\\') {
      const escape = translateEscape(source, index, true);
      if ('problem' in escape) return escape;
      out += escape.re2;
      index += escape.length;
      previousWasClassEscape = escape.classEscape;
      continue;
    }
    if (char === '-') {
      // JavaScript reads `-` next to a class escape (`[\w-.]`) as the character itself.
      const nextIsClassEscape = /^\\[dDwWsSpP]/.test(source.slice(index + 1));
      out += previousWasClassEscape || nextIsClassEscape ? '\\-' : '-';
    } else if (char === '[') {
      // `[:alpha:]` is a POSIX class for RE2, plain characters for JavaScript.
      out += '\\[';
    } else {
      out += char;
    }
    previousWasClassEscape = false;
    index += 1;
  }
  return { re2: out, end: index + 1 };
}

/** Why RE2 refused a translated pattern, said for the admin. */
function re2Problem(error: Error): string {
  const count = /invalid repeat count: `(\{[^`]*\})`/.exec(error.message)?.[1];
  if (count) {
    return `a count above 1000 (${count}) is not supported; ${linearTime}; use a smaller count, or + or *`;
  }
  const reason = error.message.replace(/^error parsing regexp: /, '');
  return `${reason}; ${linearTime}; simplify the pattern`;
}

/** Compiles a rule pattern, or says why it cannot be used (the message is for the admin). */
export function compileRulePattern(source: string): { pattern: RulePattern } | { problem: string } {
  try {
    new RegExp(source, 'i');
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/i?: /, '');
    return {
      problem: `invalid regular expression ${JSON.stringify(source)}: ${reason}; fix the pattern (or use \`contains:\` for plain words)`,
    };
  }
  const translated = translate(source);
  if ('problem' in translated) {
    return { problem: `regular expression ${JSON.stringify(source)}: ${translated.problem}` };
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(translated.re2, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    return { problem: `regular expression ${JSON.stringify(source)}: ${re2Problem(error as Error)}` };
  }
  const required = requiredLiterals(source);
  const test = required
    ? (text: string, lowered = lowerForLiterals(text)) =>
        required.some((literal) => lowered.includes(literal)) && compiled.test(text)
    : (text: string) => compiled.test(text);
  return { pattern: { source, test } };
}
