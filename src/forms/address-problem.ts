// What is wrong with a typed email address, precisely enough to tell the customer which character to
// remove. The submission schema refuses the same addresses with `emailPattern` (plain JSON, so the browser
// applies it too); this module only explains a refusal. Pure and free of Node imports: the browser runs it.

/**
 * Characters never accepted in an address: spaces, controls (NUL included), invisible formatting (zero-width
 * space, bidi overrides and isolates), lone surrogates, private-use and unassigned code points, characters
 * Unicode says to ignore when displaying (soft hyphen, fillers, variation selectors), and U+FFFD, which
 * stands for bytes that were not text. They make the address shown differ from the address mailed.
 */
const refusedClass = '\\s\\p{C}\\p{Default_Ignorable_Code_Point}\\uFFFD';

/**
 * Deliberately loose about what is visible (the real check of an address is the acknowledgement reaching
 * it), strict about what is not: no refused character anywhere, one `@`, a domain of names with a dot and a
 * top-level label that is not all digits (so neither `[192.0.2.1]` nor `192.0.2.1`), no trailing dot.
 * Ajv compiles patterns with the `u` flag, which `\p{…}` needs.
 */
export const emailPattern = `^[^@${refusedClass}]+@[^@\\[\\]${refusedClass}]+\\.(?![0-9]+$)[^@.\\[\\]${refusedClass}]+$`;

const refused = new RegExp(`[${refusedClass}]`, 'u');

/** Unicode names of the characters people paste into addresses without seeing them. */
const names: Record<number, string> = {
  0x00: 'NULL',
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0b: 'LINE TABULATION',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x20: 'SPACE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x34f: 'COMBINING GRAPHEME JOINER',
  0x61c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x1680: 'OGHAM SPACE MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xfffd: 'REPLACEMENT CHARACTER',
};

/** What kind of character a code point without a listed name is, for the message. */
export type CharacterKind = 'control' | 'surrogate' | 'private-use' | 'unassigned' | 'invisible';

/** A refused character: its `U+XXXX` code, its Unicode name when listed, what it is, and where (1-based). */
export interface RefusedCharacter {
  code: string;
  name?: string;
  kind: CharacterKind;
  /** Position in the address as people count characters (code points), from 1. */
  position: number;
}

export type AddressProblem =
  { kind: 'character'; character: RefusedCharacter } | { kind: 'ip-literal'; domain: string };

function kindOf(character: string): CharacterKind {
  if (/\p{Cc}/u.test(character)) return 'control';
  if (/\p{Cs}/u.test(character)) return 'surrogate';
  if (/\p{Co}/u.test(character)) return 'private-use';
  if (/\p{Cn}/u.test(character)) return 'unassigned';
  return 'invisible';
}

/** The first character of `address` that is never accepted, if any. */
function refusedCharacter(address: string): RefusedCharacter | undefined {
  let position = 0;
  for (const character of address) {
    position += 1;
    if (!refused.test(character)) continue;
    const codePoint = character.codePointAt(0) ?? 0;
    const name = names[codePoint] ?? variationSelectorName(codePoint);
    return {
      code: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`,
      ...(name ? { name } : {}),
      kind: kindOf(character),
      position,
    };
  }
  return undefined;
}

function variationSelectorName(codePoint: number): string | undefined {
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return `VARIATION SELECTOR-${codePoint - 0xfe00 + 1}`;
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return `VARIATION SELECTOR-${codePoint - 0xe0100 + 17}`;
  return undefined;
}

/**
 * Why `address` fails `emailPattern` when the reason is one the customer cannot see or may not expect: a
 * refused character, or a domain written as an IP address. Anything else is an ordinary malformed address.
 */
export function addressProblem(address: string): AddressProblem | undefined {
  const character = refusedCharacter(address);
  if (character) return { kind: 'character', character };
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (address.includes('@') && (/^\[.*\]$/.test(domain) || /^[0-9.]+$/.test(domain))) {
    return { kind: 'ip-literal', domain };
  }
  return undefined;
}
