// Turns schema errors into one clear message per problem, in the submission's language, naming the
// field's label and the limit. Pure and free of Node imports: the browser runs it too.

import type { Lang, RequestForm } from '../rules/types.ts';
import { addressProblem, type CharacterKind, type RefusedCharacter } from './address-problem.ts';
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

interface AttachmentTexts {
  notOffered: string;
  tooMany: (limit: string, found: string) => string;
  duplicate: string;
  unknown: (position: number) => string;
  gone: (name: string | undefined, position: number, hours: number) => string;
}

interface Texts {
  required: (label: string) => string;
  tooLong: (label: string, limit: string, found: string) => string;
  tooShort: (label: string, limit: string) => string;
  text: (label: string) => string;
  email: (label: string) => string;
  /** An address with a character nobody sees (or a space, a control…): which one and where. */
  addressCharacter: (label: string, character: string, position: number) => string;
  /** An address whose domain is an IP address. */
  addressIp: (label: string, domain: string) => string;
  characterKinds: Record<CharacterKind, string>;
  choose: (label: string, options: string) => string;
  duplicate: (label: string) => string;
  tick: (label: string, option: string) => string;
  tickOne: (label: string) => string;
  boxes: (label: string, count: number) => string;
  unknownField: (id: string) => string;
  wrongForm: (expected: string) => string;
  missingForm: (known: string) => string;
  unknownForm: (found: string, known: string) => string;
  wrongLang: (expected: string) => string;
  technical: (key: string) => string;
  requester: Record<'name' | 'email' | 'organisation' | 'phone', string>;
  attachments: AttachmentTexts;
}

const fr: Texts = {
  required: (label) => `${label} : ce champ est obligatoire.`,
  tooLong: (label, limit, found) =>
    `${label} : ${limit} caractères au maximum (vous en avez saisi ${found}).`,
  tooShort: (label, limit) => `${label} : ${limit} caractères au minimum.`,
  text: (label) => `${label} : un texte est attendu.`,
  email: (label) => `${label} : cette adresse n'est pas valide (exemple : nom@exemple.fr).`,
  addressCharacter: (label, character, position) =>
    `${label} : l'adresse contient le caractère ${character} en position ${position}, invisible ou interdit dans une adresse. Retapez l'adresse au clavier plutôt que de la coller.`,
  addressIp: (label, domain) =>
    `${label} : le domaine « ${domain} » est une adresse IP ; indiquez un nom de domaine (exemple : nom@exemple.fr).`,
  characterKinds: {
    control: 'caractère de contrôle',
    surrogate: 'demi-codet isolé',
    'private-use': 'caractère à usage privé',
    unassigned: 'caractère non attribué',
    invisible: 'caractère invisible',
  },
  choose: (label, options) => `${label} : choisissez parmi les options proposées (${options}).`,
  duplicate: (label) => `${label} : une option est choisie deux fois.`,
  tick: (label, option) => `${label} : cochez « ${option} ».`,
  tickOne: (label) => `${label} : cochez au moins une case.`,
  boxes: (label, count) => `${label} : ${count} cases attendues (une valeur vrai ou faux par case).`,
  unknownField: (id) => `Le champ « ${id} » n'existe pas dans ce formulaire.`,
  wrongForm: (expected) => `Ce formulaire n'est pas « ${expected} ». Rechargez la page.`,
  missingForm: (known) =>
    `Formulaire : aucun formulaire indiqué (champ « form ») ; formulaires existants : ${known}.`,
  unknownForm: (found, known) =>
    `Formulaire : « ${found} » n'existe pas ; formulaires existants : ${known}. Rechargez la page.`,
  wrongLang: (expected) => `La langue du formulaire devrait être « ${expected} ». Rechargez la page.`,
  technical: (key) => `Donnée technique « ${key} » absente ou invalide. Rechargez la page et réessayez.`,
  requester: { name: 'Nom', email: 'Adresse e-mail', organisation: 'Organisation', phone: 'Téléphone' },
  attachments: {
    notOffered: "Ce formulaire n'accepte pas de pièces jointes. Rechargez la page.",
    tooMany: (limit, found) =>
      `Pièces jointes : ${limit} fichiers au plus par demande (vous en avez joint ${found}). Retirez-en.`,
    duplicate: 'Pièces jointes : un même fichier est joint deux fois. Retirez-en un.',
    unknown: (position) =>
      `Pièces jointes : le fichier n° ${position} est inconnu du service. Retirez-le et ajoutez-le à nouveau.`,
    gone: (name, position, hours) =>
      `${name === undefined ? `Pièces jointes : le fichier n° ${position}` : `${name} : ce fichier`} n'est plus disponible sur le service (un fichier non envoyé avec une demande est effacé après ${hours} heures). Retirez-le et ajoutez-le à nouveau.`,
  },
};

const en: Texts = {
  required: (label) => `${label}: this field is required.`,
  tooLong: (label, limit, found) => `${label}: at most ${limit} characters (you entered ${found}).`,
  tooShort: (label, limit) => `${label}: at least ${limit} characters.`,
  text: (label) => `${label}: a text is expected.`,
  email: (label) => `${label}: this address is not valid (example: name@example.com).`,
  addressCharacter: (label, character, position) =>
    `${label}: the address contains ${character} at position ${position}, which is invisible or not allowed in an address. Type the address instead of pasting it.`,
  addressIp: (label, domain) =>
    `${label}: the domain "${domain}" is an IP address; give a domain name (example: name@example.com).`,
  characterKinds: {
    control: 'control character',
    surrogate: 'lone surrogate',
    'private-use': 'private-use character',
    unassigned: 'unassigned code point',
    invisible: 'invisible character',
  },
  choose: (label, options) => `${label}: choose one of the options offered (${options}).`,
  duplicate: (label) => `${label}: an option is chosen twice.`,
  tick: (label, option) => `${label}: tick "${option}".`,
  tickOne: (label) => `${label}: tick at least one box.`,
  boxes: (label, count) => `${label}: ${count} boxes expected (one true or false per box).`,
  unknownField: (id) => `The field "${id}" does not exist in this form.`,
  wrongForm: (expected) => `This form is not "${expected}". Reload the page.`,
  missingForm: (known) => `Form: no form named (field "form"); existing forms: ${known}.`,
  unknownForm: (found, known) =>
    `Form: "${found}" does not exist; existing forms: ${known}. Reload the page.`,
  wrongLang: (expected) => `The form's language should be "${expected}". Reload the page.`,
  technical: (key) => `Technical value "${key}" is missing or invalid. Reload the page and try again.`,
  requester: { name: 'Name', email: 'Email address', organisation: 'Organisation', phone: 'Phone' },
  attachments: {
    notOffered: 'This form does not take attachments. Reload the page.',
    tooMany: (limit, found) =>
      `Attachments: at most ${limit} files per request (you attached ${found}). Remove some.`,
    duplicate: 'Attachments: the same file is attached twice. Remove one.',
    unknown: (position) =>
      `Attachments: file no. ${position} is unknown to the service. Remove it and add it again.`,
    gone: (name, position, hours) =>
      `${name === undefined ? `Attachments: file no. ${position}` : `${name}: this file`} is no longer on the service (a file not sent with a request is deleted after ${hours} hours). Remove it and add it again.`,
  },
};

/** Messages exist in French and English; other languages get English. */
function textsFor(lang: Lang): Texts {
  return lang === 'fr' || lang.startsWith('fr-') ? fr : en;
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
