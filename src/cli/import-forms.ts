// `repodesk forms import <dir>`: a repository's GitHub issue forms (.github/ISSUE_TEMPLATE/*.yml)
// copied into rules/forms/ byte for byte, since every form GitHub accepts is a valid repodesk form as it
// is; the report says what repodesk derived for each (field ids from labels, the defaults of
// `repodesk:`), so the admin knows what routing rules can name. Nothing is overwritten, and when the
// copies do not validate they are removed again: an import is whole or not at all.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { issueTemplateConfigName as chooserConfig } from '../rules/formats/form-config/read.ts';
import { formatNote, formatProblem, loadRules } from '../rules/load-rules.ts';

/** Imports the forms of `dir` into `root`/rules/forms/; resolves to the exit status. */
export async function importForms(dir: string, root: string): Promise<number> {
  const shown = (file: string) => path.relative(process.cwd(), file) || '.';
  const names = await fs.readdir(dir).catch(() => undefined);
  if (names === undefined) {
    process.stderr.write(
      `repodesk forms import: ${shown(dir)} is not a folder; give the folder of the issue forms, e.g. .github/ISSUE_TEMPLATE\n`,
    );
    return 1;
  }
  const sources = names.filter((name) => /\.ya?ml$/.test(name) && !chooserConfig.test(name)).sort();
  if (sources.length === 0) {
    process.stderr.write(
      `repodesk forms import: no issue form (*.yml) in ${shown(dir)}; Markdown templates (*.md) are not forms\n`,
    );
    return 1;
  }
  const formsDir = path.join(root, 'rules', 'forms');
  const existing = new Set(
    ((await fs.readdir(formsDir).catch(() => [])) as string[]).map((name) => name.replace(/\.ya?ml$/, '')),
  );
  const taken = sources.filter((name) => existing.has(name.replace(/\.ya?ml$/, '')));
  if (taken.length > 0) {
    process.stderr.write(
      `repodesk forms import: rules/forms/ already has a form with the id of ${taken.join(', ')} (the id is the file name); rename or remove one, nothing was imported\n`,
    );
    return 1;
  }
  // GitHub's template chooser settings come along (contact links for the help site), unless the desk has its own.
  const config = names.find((name) => chooserConfig.test(name));
  const ownConfig = (await fs.readdir(formsDir).catch(() => [] as string[])).find((name) =>
    chooserConfig.test(name),
  );
  const copies = [...sources, ...(config !== undefined && ownConfig === undefined ? [config] : [])];
  await fs.mkdir(formsDir, { recursive: true });
  const copied = copies.map((name) => path.join(formsDir, name));
  for (const [index, name] of copies.entries())
    await fs.copyFile(path.join(dir, name), copied[index]!, fs.constants.COPYFILE_EXCL);
  const loaded = await loadRules(root, { now: new Date() });
  const imported = new Set(copies.map((name) => `rules/forms/${name}`));
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (!loaded.rules || errors.length > 0) {
    await Promise.all(copied.map((file) => fs.rm(file, { force: true })));
    process.stderr.write(
      `repodesk forms import: nothing was imported; the forms would leave rules/ with errors:\n${errors
        .map((problem) => `  ${formatProblem(problem)}\n`)
        .join('')}`,
    );
    return 1;
  }
  const lines: string[] = [];
  for (const name of sources) {
    const file = `rules/forms/${name}`;
    const id = name.replace(/\.ya?ml$/, '');
    const form = loaded.rules.forms[id]!;
    const given = (parse(await fs.readFile(path.join(formsDir, name), 'utf8')) as { repodesk?: object })
      .repodesk;
    const written = new Set(Object.keys(given ?? {}));
    lines.push(`${file} (from ${shown(path.join(dir, name))})`);
    for (const note of loaded.notes.filter((entry) => entry.file === file))
      lines.push(`  ${formatNote(note)}`);
    const ext = form.repodesk;
    const defaults = [
      ['category', ext.category],
      ['lang', ext.lang],
      ['subjectField', ext.subjectField],
      ['descriptionField', ext.descriptionField],
      [
        'type',
        ext.type ??
          `none (${form.type === undefined ? 'no GitHub type' : `GitHub type "${form.type}" names no desk type`}: routing rules and defaultType decide)`,
      ],
    ].filter(([key]) => !written.has(key!));
    if (defaults.length > 0)
      lines.push(`  defaults: ${defaults.map(([key, value]) => `repodesk.${key} ${value}`).join(', ')}`);
  }
  lines.push(
    `imported ${sources.length} form${sources.length === 1 ? '' : 's'} into ${shown(formsDir)}; translate their titles with repodesk.translations (${loaded.rules.desk.languages.join(', ')}), then run repodesk validate${config === undefined ? '' : ownConfig === undefined ? `; ${config} (GitHub's template chooser) copied too: its contact links show on the help site's request page` : `; ${config} left out: rules/forms/ has its own ${ownConfig}`}`,
  );
  for (const problem of loaded.problems) if (imported.has(problem.file)) lines.push(formatProblem(problem));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
