// A desk (rules/ + kb/) for a test, written into a temporary folder: `repodesk validate`, `repodesk serve`
// and loadRules all read a real folder. test/fixtures/rules/base/ is the one base desk; every other
// folder there is a case that holds only what it changes: whole files that replace or add to the base's
// (so the line:col a test pins is the line:col of the file in the case folder), and, when it removes
// base files, an overlay.yaml listing them (`delete: [rules/customers.yaml]`). valid/ is the exception:
// a richer complete desk of its own (ICS holidays, drafts, internal articles), sharing no file with base.
// Folders are removed after the test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { parse } from 'yaml';

/** test/fixtures/rules/: the base desk and the cases. */
const deskFixtures = path.resolve(import.meta.dirname, '../fixtures/rules');

/** Complete desks; every other folder of test/fixtures/rules/ is an overlay on `base`. */
const wholeDesks = new Set(['base', 'valid']);
const manifest = 'overlay.yaml';

/** Path under the desk root → its new text, or a function of its text in the fixture. */
export type DeskChanges = Record<string, string | ((text: string) => string)>;

const written: string[] = [];
afterAll(() => {
  for (const folder of written.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/**
 * Writes the desk `name` (base/, then the case folder over it, then `changes`) into a fresh temporary
 * folder named after the case, and returns that folder.
 */
export function deskFixture(name: string, changes: DeskChanges = {}): string {
  const source = path.join(deskFixtures, name);
  if (!fs.statSync(source, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(
      `no desk fixture "${name}" in test/fixtures/rules/; known: ${fs.readdirSync(deskFixtures).join(', ')}`,
    );
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-desk-'));
  written.push(parent);
  const root = path.join(parent, name);
  if (!wholeDesks.has(name)) fs.cpSync(path.join(deskFixtures, 'base'), root, { recursive: true });
  fs.cpSync(source, root, { recursive: true, filter: (file) => file !== path.join(source, manifest) });
  for (const file of deletedFiles(name)) {
    // A deletion that deletes nothing means the base changed under the case: say so rather than drift.
    if (!fs.existsSync(path.join(root, file)))
      throw new Error(
        `test/fixtures/rules/${name}/${manifest} deletes ${file}, which the base desk does not have`,
      );
    fs.rmSync(path.join(root, file));
  }
  for (const [file, change] of Object.entries(changes)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, typeof change === 'string' ? change : change(fs.readFileSync(target, 'utf8')));
  }
  return root;
}

/** The base files the case `name` removes, from its overlay.yaml (none without one). */
function deletedFiles(name: string): string[] {
  const file = path.join(deskFixtures, name, manifest);
  if (!fs.existsSync(file)) return [];
  const { delete: deleted } = (parse(fs.readFileSync(file, 'utf8')) ?? {}) as { delete?: unknown };
  if (!Array.isArray(deleted) || !deleted.every((entry) => typeof entry === 'string'))
    throw new Error(`test/fixtures/rules/${name}/${manifest}: expected \`delete:\` with a list of paths`);
  return deleted;
}
