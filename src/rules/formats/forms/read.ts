// rules/forms/*.yaml, first pass: the form id is the file name; the data as written is kept for GitHub's
// rules, and unquoted yes/no (true or false to GitHub's YAML 1.1) are refused at their line.
import path from 'node:path';
import type { RulesInput } from '../../rules-input.ts';
import type { FormFile } from '../../types.ts';
import { formatPath, locate } from '../../yaml-source.ts';
import type { PathSegment } from '../../yaml-source.ts';
import type { FormatReader } from '../format-reader.ts';
import { issueTemplateConfigName } from '../form-config/read.ts';
import { fillFormFile } from './fill-form-file.ts';
import type { DerivedFieldId } from './fill-form-file.ts';
import { unquotedBooleans } from './github-issue-form.ts';

/** The keys of an issue form whose value is true or false. */
const booleanKeys = new Set(['multiple', 'required']);
const yaml11True = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;

function setAt(data: unknown, at: readonly PathSegment[], value: unknown): void {
  let node = data as Record<string | number, unknown> | undefined;
  for (const segment of at.slice(0, -1)) node = node?.[segment] as typeof node;
  if (node !== undefined) node[at.at(-1)!] = value;
}

export async function readForms(reader: FormatReader, input: RulesInput): Promise<void> {
  // config.yml is GitHub's template chooser, not a form (formats/form-config/).
  const files = await reader.list(
    'rules/forms',
    (name) => /\.ya?ml$/.test(name) && !issueTemplateConfigName.test(name),
  );
  const texts = await Promise.all(files.map((file) => reader.read(file)));
  files.forEach((file, index) => {
    reader.counted(file);
    const id = path.posix.basename(file).replace(/\.ya?ml$/, '');
    if (input.formIds.has(id)) {
      reader.report({
        file,
        line: 1,
        column: 1,
        path: '',
        severity: 'error',
        message: `duplicate form id "${id}": rules/forms/ has both ${id}.yaml and ${id}.yml; the form id is the file name, keep one file`,
      });
    }
    input.formIds.add(id);
    let written: unknown;
    let parsed: unknown;
    let derived: DerivedFieldId[] = [];
    const data = reader.yaml('form', file, texts[index] ?? '', (source) => {
      parsed = source.data;
      const booleans = unquotedBooleans(source.doc, 'repodesk');
      // Where GitHub wants true or false (`multiple: yes`), its YAML 1.1 reading is the meaning.
      for (const { path: at, text } of booleans)
        if (booleanKeys.has(String(at.at(-1)))) setAt(source.data, at, yaml11True.test(text));
      // As GitHub would read it: before the schema fills defaults in.
      written = structuredClone(source.data);
      derived = fillFormFile(source.data);
      for (const { path: at, text } of booleans) {
        if (booleanKeys.has(String(at.at(-1)))) continue;
        const { line, column } = locate(source, at);
        reader.report({
          file,
          line,
          column,
          path: formatPath(at),
          severity: 'error',
          message: `GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): it reads YAML 1.1, where an unquoted ${text} is true or false, not a text; write it in quotes: "${text}"`,
        });
      }
    });
    // Field ids of every form file, valid or not: a rule naming a field of a broken form is not "unknown".
    const body = (parsed as { body?: unknown } | undefined)?.body;
    for (const item of Array.isArray(body) ? body : []) {
      const { id: fieldId, type } = (item ?? {}) as { id?: unknown; type?: unknown };
      if (typeof fieldId === 'string' && type !== 'markdown') input.formFieldIds.add(fieldId);
    }
    if (data !== undefined) input.forms.push({ id, file, form: data as FormFile, written, derived });
  });
}
