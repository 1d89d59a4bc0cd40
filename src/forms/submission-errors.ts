// Turns schema errors into one clear message per problem, in the submission's language (the `formErrors`
// area of src/messages/), naming the field's label and the limit. Pure and free of Node imports: the
// browser runs it too.

import { formErrors as en } from '../messages/en.ts';
import { formErrors as fr } from '../messages/fr.ts';
import { messageLanguage } from '../messages/message-language.ts';
import type { Lang, RequestForm } from '../rules/types.ts';
import { addressProblem, type RefusedCharacter } from './address-problem.ts';
import { fieldTexts, type FieldTexts } from './field-texts.ts';

/** The part of an ajv `ErrorObject` the mapping reads (any draft-07 validator reporting the same works). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  /** Where in the schema the error arose; errors of items tried by `contains` are summed up by it. */
  schemaPath?: string;
}

/** One problem of a submission: `field` is a field id, `requester.<key>`, or a top-level key. */
export interface SubmissionError {
  field: string;
  message: string;
  /** The uploaded file's id, when the problem is about one attachment (the form marks that file). */
  file?: string;
}

type Texts = typeof fr;

/** The messages of `lang`: only this area of the tables, since the form page's bundle carries it. */
function textsFor(lang: Lang): Texts {
  return { fr, en }[messageLanguage(lang)];
}

/** A problem the bot finds with the files a submission names (after the schema passed). */
export type AttachmentProblem =
  | { kind: 'too-many'; limit: number; found: number }
  | { kind: 'unknown'; id: string; position: number }
  | { kind: 'gone'; id: string; position: number; name?: string; hours: number };

/** The message of an attachment problem in `lang`, on the `attachments` field, naming the file. */
export function attachmentError(problem: AttachmentProblem, lang: Lang): SubmissionError {
  const t = textsFor(lang).attachments;
  const number = new Intl.NumberFormat(lang);
  switch (problem.kind) {
    case 'too-many':
      return {
        field: 'attachments',
        message: t.tooMany(number.format(problem.limit), number.format(problem.found)),
      };
    case 'unknown':
      return { field: 'attachments', message: t.unknown(problem.position), file: problem.id };
    case 'gone':
      return {
        field: 'attachments',
        message: t.gone(problem.name, problem.position, problem.hours),
        file: problem.id,
      };
  }
}

/**
 * The problem of a submission that names no form (`found` undefined) or a form the desk does not have,
 * listing the forms that exist.
 */
export function formChoiceError(
  found: string | undefined,
  known: readonly string[],
  lang: Lang,
): SubmissionError {
  const t = textsFor(lang);
  const list = known.join(', ');
  return {
    field: 'form',
    message: found === undefined ? t.missingForm(list) : t.unknownForm(found.slice(0, 100), list),
  };
}

/** Characters as people count them (code points, like JSON Schema's maxLength), not UTF-16 units. */
function characterCount(value: unknown): number {
  return typeof value === 'string' ? Array.from(value).length : 0;
}

/** `U+200B ZERO WIDTH SPACE`, or `U+E000 (private-use character)` when the name is not listed. */
function characterName(character: RefusedCharacter, t: Texts): string {
  return character.name
    ? `${character.code} ${character.name}`
    : `${character.code} (${t.characterKinds[character.kind]})`;
}

function valueAt(payload: unknown, pointer: string): unknown {
  let current: unknown = payload;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Maps schema errors of a submission of `form` in `lang` to per-field messages, ordered as the form shows
 * the fields (requester first), one message per distinct problem.
 */
export function submissionErrors(
  schemaErrors: readonly SchemaError[],
  form: RequestForm,
  lang: Lang,
  formId: string,
  payload: unknown,
): SubmissionError[] {
  const t = textsFor(lang);
  const number = new Intl.NumberFormat(lang);
  const fields = new Map<string, FieldTexts>(fieldTexts(form, lang).map((field) => [field.id, field]));
  const order = [
    'form',
    'lang',
    ...Object.keys(t.requester).map((key) => `requester.${key}`),
    ...fields.keys(),
    'attachments',
  ];
  const found: SubmissionError[] = [];

  const describe = (error: SchemaError): SubmissionError => {
    const path = error.instancePath.split('/').slice(1);
    const missing =
      typeof error.params.missingProperty === 'string' ? error.params.missingProperty : undefined;
    const extra =
      typeof error.params.additionalProperty === 'string' ? error.params.additionalProperty : undefined;
    // `required` and `additionalProperties` are reported on the parent object: name the child instead.
    const [section, key] = missing !== undefined || extra !== undefined ? [path[0], missing ?? extra] : path;

    if (section === 'requester' && key !== undefined) {
      const label = t.requester[key as keyof Texts['requester']] ?? key;
      const field = `requester.${key}`;
      if (extra !== undefined) return { field, message: t.unknownField(field) };
      return { field, message: textMessage(error, label, field) };
    }
    if (section === 'fields' && key !== undefined) {
      const field = fields.get(key);
      if (!field || extra !== undefined) return { field: key, message: t.unknownField(key) };
      if (missing !== undefined) {
        const firstRequired = field.requiredOptions.findIndex(Boolean);
        const message =
          field.type === 'checkboxes' && !field.required && firstRequired >= 0
            ? t.tick(field.label, field.options[firstRequired] ?? '')
            : t.required(field.label);
        return { field: key, message };
      }
      if (field.type === 'checkboxes') {
        const index = Number(path[2]);
        if (error.keyword === 'const' && path.length === 3) {
          return { field: key, message: t.tick(field.label, field.options[index] ?? '') };
        }
        if (error.keyword === 'contains') return { field: key, message: t.tickOne(field.label) };
        return { field: key, message: t.boxes(field.label, field.options.length) };
      }
      if (field.type === 'dropdown') {
        if (error.keyword === 'minItems') return { field: key, message: t.required(field.label) };
        if (error.keyword === 'uniqueItems') return { field: key, message: t.duplicate(field.label) };
        return { field: key, message: t.choose(field.label, field.options.join(', ')) };
      }
      return { field: key, message: textMessage(error, field.label, `${section}/${key}`) };
    }
    if (section === 'attachments') return attachmentSchemaError(error, path, payload);
    const top = key ?? section ?? '';
    if (top === 'attachments') return { field: 'attachments', message: t.attachments.notOffered };
    if (top === 'form') return { field: 'form', message: t.wrongForm(formId) };
    if (top === 'lang') return { field: 'lang', message: t.wrongLang(lang) };
    if (missing === undefined && extra !== undefined) return { field: extra, message: t.unknownField(extra) };
    return { field: top, message: t.technical(top) };
  };

  const attachmentSchemaError = (error: SchemaError, path: string[], data: unknown): SubmissionError => {
    const index = Number(path[1]);
    if (path.length >= 2 && Number.isInteger(index)) {
      const id = valueAt(data, `/attachments/${index}/id`);
      return {
        field: 'attachments',
        message: t.attachments.unknown(index + 1),
        ...(typeof id === 'string' ? { file: id } : {}),
      };
    }
    if (error.keyword === 'maxItems') {
      const found = valueAt(data, '/attachments');
      return attachmentError(
        {
          kind: 'too-many',
          limit: Number(error.params.limit),
          found: Array.isArray(found) ? found.length : 0,
        },
        lang,
      );
    }
    if (error.keyword === 'uniqueItems') return { field: 'attachments', message: t.attachments.duplicate };
    return { field: 'attachments', message: t.technical('attachments') };
  };

  const addressMessage = (label: string): string => {
    const address = valueAt(payload, '/requester/email');
    const problem = typeof address === 'string' ? addressProblem(address) : undefined;
    if (problem?.kind === 'character')
      return t.addressCharacter(label, characterName(problem.character, t), problem.character.position);
    if (problem?.kind === 'ip-literal') return t.addressIp(label, problem.domain);
    return t.email(label);
  };

  const textMessage = (error: SchemaError, label: string, where: string): string => {
    const limit = typeof error.params.limit === 'number' ? number.format(error.params.limit) : '';
    switch (error.keyword) {
      case 'required':
        return t.required(label);
      case 'maxLength':
        return t.tooLong(label, limit, number.format(characterCount(valueAt(payload, error.instancePath))));
      case 'minLength':
        return error.params.limit === 1 ? t.required(label) : t.tooShort(label, limit);
      case 'pattern':
        return where === 'requester.email' ? addressMessage(label) : t.required(label);
      default:
        return t.text(label);
    }
  };

  for (const error of schemaErrors) {
    if (error.schemaPath?.includes('/contains/')) continue;
    const described = describe(error);
    if (!found.some((seen) => seen.field === described.field && seen.message === described.message)) {
      found.push(described);
    }
  }
  const rank = (field: string): number => {
    const index = order.indexOf(field);
    return index === -1 ? order.length : index;
  };
  return found
    .map((error, index) => ({ error, index }))
    .sort((a, b) => rank(a.error.field) - rank(b.error.field) || a.index - b.index)
    .map(({ error }) => error);
}
