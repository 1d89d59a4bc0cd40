// Texts a rule pattern cannot match without: `\bCMD-?[0-9]{6}` needs "cmd", `vpn|forticlient` needs
// "vpn" or "forticlient". Most tickets contain none of a rule's words, and looking for a word is far
// cheaper than running the regular expression engine, so a pattern is run only on texts that have one.
// Sound, not complete: when unsure, no requirement (the engine decides). Lower case, ASCII only, so that
// a case-insensitive match always contains one of them in the lower-cased text (see `lowerForLiterals`).

/** Beyond this, checking the strings costs about what the engine does. */
const maxStrings = 16;

type Required = string[] | undefined;

const isPlainAscii = (char: string) => char >= ' ' && char <= '~';

/** The length of the escape at `index` (a backslash), as JavaScript reads it without the u flag. */
function escapeLength(source: string, index: number): number {
  const rest = source.slice(index + 1);
  const long =
    /^x[0-9A-Fa-f]{2}/.exec(rest) ??
    /^u[0-9A-Fa-f]{4}/.exec(rest) ??
    /^c[A-Za-z]/.exec(rest) ??
    /^[pP]\{[A-Za-z_ =]+\}/.exec(rest) ??
    /^k<[^>]*>/.exec(rest) ??
    /^[0-9]+/.exec(rest);
  return 1 + (long?.[0].length ?? 1);
}

/** The end of the class that starts at `index` (`[`), after its `]`. */
function classEnd(source: string, index: number): number {
  let at = index + 1;
  if (source[at] === '^') at += 1;
  // `[]` and `[^]`: in JavaScript the first `]` closes the class.
  if (source[at] === ']') return at + 1;
  while (at < source.length && source[at] !== ']') at += source[at] === '\\' ? escapeLength(source, at) : 1;
  return at + 1;
}

/** The quantifier at `index`: how many times at least (1 when none), and its length. */
function quantifierAt(source: string, index: number): { min: number; exactlyOnce: boolean; length: number } {
  const char = source[index];
  let min = 1;
  let exactlyOnce = true;
  let length = 0;
  if (char === '*' || char === '?') {
    min = 0;
    exactlyOnce = false;
    length = 1;
  } else if (char === '+') {
    exactlyOnce = false;
    length = 1;
  } else if (char === '{') {
    const count = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index));
    if (count) {
      min = Number(count[1]);
      const max = count[2] === undefined ? min : count[3] === '' ? Infinity : Number(count[3]);
      exactlyOnce = min === 1 && max === 1;
      length = count[0].length;
    }
  }
  if (length > 0 && source[index + length] === '?') length += 1;
  return { min, exactlyOnce, length };
}

/** The better of two requirements: the one whose shortest string is longest (then the fewer strings). */
function better(a: Required, b: Required): Required {
  if (!a) return b;
  if (!b) return a;
  const shortest = (set: string[]) => Math.min(...set.map((text) => text.length));
  if (shortest(a) !== shortest(b)) return shortest(a) > shortest(b) ? a : b;
  return a.length <= b.length ? a : b;
}

function parseSequence(source: string, start: number): { required: Required; end: number } {
  let best: Required;
  let run = '';
  const flush = () => {
    if (run !== '') best = better(best, [run]);
    run = '';
  };
  let index = start;
  while (index < source.length && source[index] !== '|' && source[index] !== ')') {
    const char = source[index]!;
    let literal: string | undefined;
    let group: Required;
    let isGroup = false;
    let zeroWidth = false;
    if (char === '(') {
      const header = /^\((?:\?(?:<[A-Za-z_$][\w$]*>|[ims]*(?:-[ims]*)?:))?/.exec(source.slice(index))![0];
      const inner = parseAlternation(source, index + header.length);
      group = inner.required;
      isGroup = true;
      index = inner.end + 1;
    } else if (char === '[') {
      index = classEnd(source, index);
    } else if (char === '\\') {
      const next = source[index + 1] ?? '';
      if (/^[!-/:-@[-`{-~]$/.test(next)) literal = next;
      else if (next === 'b' || next === 'B') zeroWidth = true;
      index += escapeLength(source, index);
    } else if (char === '^' || char === '$') {
      zeroWidth = true;
      index += 1;
    } else if (char === '.') {
      index += 1;
    } else {
      literal = char;
      index += 1;
    }
    const quantifier = quantifierAt(source, index);
    index += quantifier.length;
    if (zeroWidth) {
      // Consumes nothing: the characters on each side are next to each other in the text.
      if (quantifier.length === 0) continue;
      flush();
    } else if (literal !== undefined && isPlainAscii(literal)) {
      if (quantifier.exactlyOnce) {
        run += literal.toLowerCase();
      } else if (quantifier.min >= 1) {
        // `ab+c`: "ab" is there, and so is "bc" (the last b, then c).
        run += literal.toLowerCase();
        flush();
        run = literal.toLowerCase();
      } else {
        flush();
      }
    } else {
      flush();
      if (isGroup && quantifier.min >= 1) best = better(best, group);
    }
  }
  flush();
  return { required: best, end: index };
}

function parseAlternation(source: string, start: number): { required: Required; end: number } {
  const branches: Required[] = [];
  let index = start;
  for (;;) {
    const branch = parseSequence(source, index);
    branches.push(branch.required);
    index = branch.end;
    if (source[index] !== '|') break;
    index += 1;
  }
  if (branches.some((branch) => branch === undefined)) return { required: undefined, end: index };
  const all = [...new Set(branches.flatMap((branch) => branch!))];
  // A text with "aa" has "a": {a, aa} is {a}.
  const union = all.filter((text) => !all.some((other) => other !== text && text.includes(other)));
  return { required: union.length > maxStrings ? undefined : union, end: index };
}

/**
 * Lower-case strings one of which is in every text `source` (a valid JavaScript pattern, matched
 * case-insensitively) matches, once lower-cased with `lowerForLiterals`; undefined when none is known.
 */
export function requiredLiterals(source: string): string[] | undefined {
  return parseAlternation(source, 0).required;
}

/**
 * `text` lower-cased for `requiredLiterals`: ſ (long s) is an s for a case-insensitive match and
 * lower-cases to itself; the Kelvin sign already lower-cases to k.
 */
export function lowerForLiterals(text: string): string {
  return text.toLowerCase().replaceAll('ſ', 's');
}
