// rules/forms/*.yaml, second pass: GitHub's issue-form rules, the subject and description fields,
// category, type and language known, translations complete and of the right shape.
import { listChoices } from '../../closest-match.ts';
import type { Finding } from '../../finding.ts';
import { reference, unknownReference } from '../../finding.ts';
import type { Known } from '../../known.ts';
import type { RulesInput } from '../../rules-input.ts';
import type { FormItem } from '../../types.ts';
import type { PathSegment } from '../../yaml-source.ts';
import { completeForm } from './complete-form.ts';
import { checkGithubIssueForm } from './github-issue-form.ts';

/** A form item that asks something (every item but markdown), named by its id. */
type FieldItem = Exclude<FormItem, { type: 'markdown' }>;

function fieldOptions(item: FormItem): number | undefined {
  if (item.type === 'dropdown') return item.attributes.options.length;
  if (item.type === 'checkboxes') return item.attributes.options.length;
  return undefined;
}

/** What GitHub's issue-forms validator refuses, so the file stays usable in .github/ISSUE_TEMPLATE/. */
function checkGithubFormRules(file: string, written: unknown, out: Finding[]): void {
  // GitHub never sees the `repodesk` key: a copy for .github/ISSUE_TEMPLATE/ goes without it.
  const { repodesk: _extension, ...forGithub } = written as Record<string, unknown>;
  for (const problem of checkGithubIssueForm(forGithub))
    out.push({ file, path: problem.path, at: problem.at, severity: 'error', message: problem.message });
}

/**
 * A `channel: phone` form names the requester and the call's outcome by field id: the bot reads them there
 * (channels/github/handlers/route-opened-issue.ts), so a form without them could never be acknowledged.
 */
function checkPhoneForm(
  file: string,
  fields: ReadonlyMap<string, { item: FieldItem; index: number }>,
  out: Finding[],
): void {
  const at = (id: string) => fields.get(id);
  const email = at('requester-email');
  if (email?.item.type !== 'input' || email.item.validations?.required !== true)
    out.push({
      file,
      path: email ? ['body', email.index] : ['repodesk', 'channel'],
      severity: 'error',
      message: `a phone form needs a required input with id "requester-email" (the caller's address), found ${email ? (email.item.type === 'input' ? 'an input that is not required' : `a ${email.item.type}`) : 'none'}; add it, with validations: { required: true }`,
    });
  const outcome = at('outcome');
  const options = outcome?.item.type === 'dropdown' ? outcome.item.attributes.options.length : undefined;
  if (options !== 3)
    out.push({
      file,
      path: outcome ? ['body', outcome.index] : ['repodesk', 'channel'],
      severity: 'error',
      message: `a phone form needs a dropdown with id "outcome" of three options in this order: resolved on the call, follow-up needed, call back; found ${outcome ? (options === undefined ? `a ${outcome.item.type}` : `a dropdown of ${options}`) : 'none'}`,
    });
}

/** The second pass over rules/forms/. */
export function checkForms(input: RulesInput, known: Known): Finding[] {
  const out: Finding[] = [];
  for (const { file, form: fileForm, written } of input.forms) {
    // Duplicate ids are among GitHub's rules: reported there, the first one is kept here.
    checkGithubFormRules(file, written, out);
    // What is left out is checked as the desk will read it (desk.yaml's defaults), what is written as written.
    const form = completeForm(fileForm, input.desk);
    const ext = form.repodesk;
    const given = fileForm.repodesk;
    const fields = new Map<string, { item: FieldItem; index: number }>();
    const markdownCount = form.body.filter((item) => item.type === 'markdown').length;
    form.body.forEach((item, index) => {
      if (item.type === 'markdown') return;
      if (!fields.has(item.id)) fields.set(item.id, { item, index });
      if (
        item.type === 'dropdown' &&
        item.attributes.default !== undefined &&
        item.attributes.default >= item.attributes.options.length
      ) {
        const count = item.attributes.options.length;
        out.push({
          file,
          path: ['body', index, 'attributes', 'default'],
          severity: 'error',
          message: `default ${item.attributes.default} is out of range: the dropdown has ${count} option${count === 1 ? '' : 's'}, so default must be 0 to ${count - 1}`,
        });
      }
    });
    // The subject may come from a dropdown (its option is text); the description must be free text.
    const accepted = {
      subjectField: ['input', 'textarea', 'dropdown'],
      descriptionField: ['input', 'textarea'],
    } as const;
    for (const key of ['subjectField', 'descriptionField'] as const) {
      const kinds: readonly string[] = accepted[key];
      const candidates = [...fields.entries()]
        .filter(([, { item }]) => kinds.includes(item.type))
        .map(([id]) => id);
      const id = ext[key];
      const field = fields.get(id);
      if (!field) {
        out.push({
          file,
          path: ['repodesk', key],
          severity: 'error',
          message: unknownReference('field', `${kinds.join('/')} fields`, id, candidates),
        });
      } else if (!kinds.includes(field.item.type)) {
        out.push({
          file,
          path: ['repodesk', key],
          severity: 'error',
          message: `expected a field of type ${kinds.join(' or ')}, found "${id}" of type ${field.item.type}; candidates: ${listChoices(candidates)}`,
        });
      }
    }
    if (given.category !== undefined)
      reference(
        out,
        file,
        ['repodesk', 'category'],
        known.categories,
        given.category,
        'category',
        'categories (desk.yaml)',
      );
    if (given.type !== undefined)
      reference(out, file, ['repodesk', 'type'], known.types, given.type, 'type', 'types (desk.yaml)');
    if (given.lang !== undefined)
      reference(
        out,
        file,
        ['repodesk', 'lang'],
        known.languages,
        given.lang,
        'language',
        'languages (desk.yaml)',
      );
    for (const [lang, translation] of Object.entries(ext.translations)) {
      const base: PathSegment[] = ['repodesk', 'translations', lang];
      if (lang === ext.lang) {
        out.push({
          file,
          path: base,
          at: 'key',
          severity: 'error',
          message: `translation into "${lang}", the language of the file itself; remove it`,
        });
        continue;
      }
      if (known.languages && !known.languages.has(lang)) {
        out.push({
          file,
          path: base,
          at: 'key',
          severity: 'error',
          message: unknownReference('language', 'languages (desk.yaml)', lang, known.languages),
        });
      }
      if (translation.markdown !== undefined && translation.markdown.length !== markdownCount) {
        out.push({
          file,
          path: [...base, 'markdown'],
          severity: 'error',
          message: `expected ${markdownCount} translated markdown text${markdownCount === 1 ? '' : 's'} (one per markdown item of body, in the same order), found ${translation.markdown.length}`,
        });
      }
      for (const [id, texts] of Object.entries(translation.body ?? {})) {
        const field = fields.get(id);
        if (!field) {
          out.push({
            file,
            path: [...base, 'body', id],
            at: 'key',
            severity: 'error',
            message: unknownReference('field', 'fields', id, fields.keys()),
          });
          continue;
        }
        const expected = fieldOptions(field.item);
        if (texts.options !== undefined && expected !== texts.options.length) {
          out.push({
            file,
            path: [...base, 'body', id, 'options'],
            severity: 'error',
            message:
              expected === undefined
                ? `field "${id}" is a ${field.item.type} and has no options; remove \`options\``
                : `expected ${expected} translated options (as many as body[${field.index}], in the same order), found ${texts.options.length}`,
          });
        }
      }
    }
    if (ext.channel === 'phone') checkPhoneForm(file, fields, out);
    for (const lang of known.languages ?? []) {
      if (lang !== ext.lang && !(lang in ext.translations)) {
        out.push({
          file,
          path: ['repodesk', 'translations'],
          at: 'key',
          severity: 'warning',
          message: `no "${lang}" translation; the form is shown in ${ext.lang} to ${lang} readers; add repodesk.translations.${lang}`,
        });
      }
    }
  }
  return out;
}
