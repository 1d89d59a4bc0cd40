// The bot's string table (src/messages/): every French text has its English one and the reverse, with the
// same parameters; a language without a table reads English; and no `lang === 'fr'` branch is left in the
// bot's code (a text in two languages is a key of the table, not a branch).

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as en from '../../src/messages/en.ts';
import * as fr from '../../src/messages/fr.ts';
import { messagesFor } from '../../src/messages/index.ts';

type Table = Record<string, unknown>;

/** Every text of `table` by its dotted key, with its kind (`string`, `function/<arity>`, or what is wrong). */
function texts(table: Table, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(table)) {
    const name = `${prefix}${key}`;
    if (typeof value === 'string') found.set(name, value.trim() === '' ? 'an empty text' : 'string');
    else if (typeof value === 'function') found.set(name, `function/${value.length}`);
    else if (value !== null && typeof value === 'object')
      for (const [inner, kind] of texts(value as Table, `${name}.`)) found.set(inner, kind);
    else found.set(name, `not a text (${String(value)})`);
  }
  return found;
}

/** What is wrong between the French and English tables, one line per key. */
function differences(french: Table, english: Table): string[] {
  const frTexts = texts(french);
  const enTexts = texts(english);
  const problems: string[] = [];
  for (const [key, kind] of frTexts) {
    const other = enTexts.get(key);
    if (other === undefined) problems.push(`${key}: French text with no English one (add it to en.ts)`);
    else if (other !== kind) problems.push(`${key}: ${kind} in fr.ts but ${other} in en.ts`);
  }
  for (const key of enTexts.keys())
    if (!frTexts.has(key)) problems.push(`${key}: English text with no French one (add it to fr.ts)`);
  for (const [table, name] of [
    [frTexts, 'fr.ts'],
    [enTexts, 'en.ts'],
  ] as const)
    for (const [key, kind] of table)
      if (kind !== 'string' && !kind.startsWith('function/')) problems.push(`${key}: ${kind} in ${name}`);
  return problems;
}

describe('the string table', () => {
  it('has an English text for every French one and a French text for every English one', () => {
    expect(differences({ ...fr }, { ...en })).toEqual([]);
  });

  it('names the key a table misses, in either direction', () => {
    const french = { issueBody: { requester: 'Demandeur', truncated: (ref: string) => ref } };
    expect(differences(french, { issueBody: { truncated: (ref: string) => ref } })).toEqual([
      'issueBody.requester: French text with no English one (add it to en.ts)',
    ]);
    expect(
      differences(french, { issueBody: { requester: 'Requester', truncated: () => '', channel: 'Channel' } }),
    ).toEqual([
      'issueBody.truncated: function/1 in fr.ts but function/0 in en.ts',
      'issueBody.channel: English text with no French one (add it to fr.ts)',
    ]);
    expect(differences({ mail: { sizeLimit: ' ' } }, { mail: { sizeLimit: 'MB' } })).toEqual([
      'mail.sizeLimit: an empty text in fr.ts but string in en.ts',
      'mail.sizeLimit: an empty text in fr.ts',
    ]);
  });

  it.each([
    ['fr', 'Demandeur'],
    ['fr-CA', 'Demandeur'],
    ['en', 'Requester'],
    ['en-GB', 'Requester'],
    ['de', 'Requester'],
    ['', 'Requester'],
  ])('"%s" reads the table that says "%s"', (lang, requester) => {
    expect(messagesFor(lang).issueBody.requester).toBe(requester);
  });
});

describe("the bot's code", () => {
  const src = path.resolve(import.meta.dirname, '../../src');
  /**
   * The form page's own texts, which the browser runs: they keep their French and English tables beside
   * that code, choosing one in one line (src/messages/README.md says why: the page's weight).
   */
  const browserTexts = new Set(['forms/submission-errors.ts', 'forms/upload-texts.ts']);
  /** Source files of the bot, but the table itself and the stand-in (which plays GitHub's own pages). */
  function botSources(folder = src): string[] {
    return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(folder, entry.name);
      const relative = path.relative(src, file);
      if (relative === 'messages' || relative === 'standin' || browserTexts.has(relative)) return [];
      if (entry.isDirectory()) return botSources(file);
      return file.endsWith('.ts') ? [file] : [];
    });
  }

  it("chooses no text with a `lang === 'fr'` branch: texts are keys of src/messages/", () => {
    const branches = botSources().flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          /[=!]==?\s*['"]fr['"]|['"]fr['"]\s*[=!]==?/.test(line)
            ? [`src/${path.relative(src, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(branches).toEqual([]);
  });
});
