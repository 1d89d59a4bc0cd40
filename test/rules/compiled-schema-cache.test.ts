// `repodesk validate` as a user runs it, twice in a row: the first process compiles the JSON Schemas and
// keeps their code in node_modules/.cache/repodesk-schemas (src/rules/validate-schema.ts), the next one
// loads it instead of compiling again, and a user reads exactly the same errors either way, line:col
// included; a damaged or outdated file there is compiled again and replaced, never believed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deskFixture } from '../support/desk-fixture.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = path.join(repo, 'node_modules/.cache/repodesk-schemas');

function validate(root: string) {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', 'validate', '--root', root], {
    cwd: repo,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The cached validators, by format: `desk-<hash>.cjs` → desk. */
function cached(): string[] {
  return readdirSync(cacheDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.cjs'))
    .map((entry) => entry.name.replace(/-[0-9a-f]{32}\.cjs$/, ''))
    .sort();
}

// Fixtures whose errors come from the schemas (ajv's errors put in words), of several formats.
const cases: [string, string][] = [
  [
    'structure-desk',
    'rules/desk.yaml:5:12 error languages: expected a list, found "fr"; write it as a list: [fr]',
  ],
  [
    'unknown-key',
    'rules/routing.yaml:12:13 error rules[2].then.tema: unknown key "tema"; did you mean "team"?',
  ],
  ['form-item-type', 'rules/forms/contact.yaml:11:11 error body[2].type: expected one of markdown, input'],
  [
    'kb-snake-case-key',
    'kb/fr/facture.md:8:1 error review_by: unknown key "review_by"; did you mean "reviewBy"?',
  ],
  ['structure-teams', 'rules/teams.yaml'],
];

describe('the compiled schemas kept between runs of repodesk validate', () => {
  it.each(cases)('%s: the second run reads the same errors from the kept validators', (name, expected) => {
    const root = deskFixture(name);
    rmSync(cacheDir, { recursive: true, force: true });
    const compiled = validate(root);
    expect(compiled.status).toBe(1);
    expect(compiled.stdout).toContain(expected);
    // Every format of the desk was validated and its validator kept.
    expect(cached()).toEqual(expect.arrayContaining(['article', 'desk', 'form', 'routing', 'sla', 'teams']));
    // Other test files validate at the same time and may add formats: only the ones there are compared.
    const written = readdirSync(cacheDir).map((file) => [file, statSync(path.join(cacheDir, file)).mtimeMs]);
    const loaded = validate(root);
    expect(loaded).toEqual(compiled);
    // Loaded, not compiled and written again.
    expect(written.map(([file]) => [file, statSync(path.join(cacheDir, String(file))).mtimeMs])).toEqual(
      written,
    );
  });

  it('a damaged file is compiled again, the same errors shown, and replaced', () => {
    const root = deskFixture('structure-desk');
    const first = validate(root);
    const desk = readdirSync(cacheDir).find((file) => file.startsWith('desk-'))!;
    const kept = readFileSync(path.join(cacheDir, desk), 'utf8');
    writeFileSync(path.join(cacheDir, desk), kept.slice(0, kept.length / 2));
    expect(validate(root)).toEqual(first);
    expect(readFileSync(path.join(cacheDir, desk), 'utf8')).toBe(kept);
  });

  it('a file of an older schema or ajv (another hash) is removed when the format is compiled again', () => {
    const root = deskFixture('unknown-key');
    rmSync(cacheDir, { recursive: true, force: true });
    const first = validate(root);
    const routing = readdirSync(cacheDir).find((file) => file.startsWith('routing-'))!;
    const older = `routing-${'0'.repeat(32)}.cjs`;
    writeFileSync(path.join(cacheDir, older), 'module.exports = () => true;');
    rmSync(path.join(cacheDir, routing));
    expect(validate(root)).toEqual(first);
    expect(readdirSync(cacheDir).filter((file) => file.startsWith('routing-'))).toEqual([routing]);
  });
});
