// Reads the addresses of a header as written by real clients: `=?iso-8859-1?Q?Lastname,=20Firstname?=
// <a@b.example>` (a comma inside an encoded word), `Lastname, Firstname <a@b.example>` (an unquoted one),
// groups, a trailing dot on the domain. Encoded words outside quotes become quoted strings before the
// parse, so their commas are text; nodemailer's address parser (the one the outbound mailer uses) then
// splits the list; names are decoded last. Never by splitting on commas. Pure.

import addressparser from 'nodemailer/lib/addressparser';
import { decodeWords } from 'postal-mime';

export interface MailAddress {
  name: string;
  /** Lower-cased address, trailing dot of the domain removed. */
  address: string;
}

/** One address as a header lists it: `address` is '' when it has none that mail can be sent to. */
export interface ListedAddress {
  name: string;
  address: string;
}

const encodedWordRun = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=(?:[ \t]+=\?[^?\s]+\?[bq]\?[^?\s]*\?=)*/iy;

/** Replaces encoded words outside quoted strings, comments and angle brackets with quoted strings of their text. */
function quoteEncodedWords(value: string): string {
  let out = '';
  let quoted = false;
  let comment = 0;
  let angle = false;
  for (let index = 0; index < value.length;) {
    const char = value[index] ?? '';
    if (quoted) {
      out += char;
      if (char === '\\') out += value[index + 1] ?? '';
      else if (char === '"') quoted = false;
      index += char === '\\' ? 2 : 1;
      continue;
    }
    if (comment === 0 && !angle && char === '=' && value[index + 1] === '?') {
      encodedWordRun.lastIndex = index;
      const found = encodedWordRun.exec(value);
      if (found) {
        const text = decodeWords(found[0]).replace(/[\r\n]+/g, ' ');
        out += `"${text.replace(/["\\]/g, '\\$&')}"`;
        index += found[0].length;
        continue;
      }
    }
    if (char === '"' && comment === 0) quoted = true;
    else if (char === '(' && !angle) comment += 1;
    else if (char === ')' && comment > 0) comment -= 1;
    else if (char === '<' && comment === 0) angle = true;
    else if (char === '>' && comment === 0) angle = false;
    out += char;
    index += 1;
  }
  return out;
}

const addressPattern = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(\.[^\s@"(),:;<>[\]\\.]+)+$/u;

/**
 * An address mail can be sent to, normalised (lower case, no angle brackets, no trailing dot on the
 * domain: `user@example.com.` is refused by MTAs with `501`), or '' when there is none.
 */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().replace(/^<|>$/g, '').trim().toLowerCase().replace(/\.+$/, '');
  return addressPattern.test(trimmed) ? trimmed : '';
}

interface ParsedEntry {
  name?: string;
  address?: string;
  group?: ParsedEntry[];
}

function flatten(entries: ParsedEntry[]): ListedAddress[] {
  return entries.flatMap((entry): ListedAddress[] => {
    if (Array.isArray(entry.group)) return flatten(entry.group);
    const name = decodeWords(entry.name ?? '')
      .replace(/[\r\n]+/g, ' ')
      .trim();
    return [{ name, address: normaliseAddress(entry.address ?? '') }];
  });
}

/** Every address of a header value as written (raw, encoded words and all), in order, usable or not. */
export function readAddresses(value: string | undefined): ListedAddress[] {
  if (value === undefined || value.trim() === '') return [];
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ');
  return flatten(addressparser(quoteEncodedWords(unfolded)) as ParsedEntry[]);
}

/** The usable addresses of a header value, for To, Cc and Reply-To. */
export function usableAddresses(value: string | undefined): MailAddress[] {
  return readAddresses(value).filter((entry) => entry.address !== '');
}
