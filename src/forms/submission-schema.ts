// The JSON Schema of a form submission, generated from the form itself. It is plain JSON (draft-07, no
// functions, no custom formats) so that the site ships it to the browser and compiles it there with the
// same rules the bot applies before answering 422: one source, no drift.

import type { Lang, RequestForm } from '../rules/types.ts';
import { emailPattern } from './address-problem.ts';
import { fieldTexts } from './field-texts.ts';

/** Limits of a submission; the server enforces `payloadBytes` before parsing (413). */
export const submissionLimits = {
  /** The field that becomes the issue title (`repodesk.subjectField`), in characters. */
  subject: 200,
  /** Any other text field, in characters. */
  text: 20_000,
  name: 100,
  email: 254,
  organisation: 200,
  phone: 40,
  idempotencyKey: 128,
  /** The honeypot accepts anything short: a filled honeypot must look accepted, never rejected. */
  honeypot: 1_000,
  altcha: 10_000,
  /**
   * Files one submission names (uploaded first to `POST /api/attachments`); the bot also applies
   * MAIL_ATTACHMENT_MAX_FILES when it is lower.
   */
  attachments: 10,
  /** The whole JSON body, in bytes. */
  payloadBytes: 65_536,
} as const;

/**
 * The Ajv options every validator of these schemas must use (the bot's, and the site's standalone code
 * generated at build time), so that both report the same errors to `submissionErrors`.
 */
export const submissionValidatorOptions = { allErrors: true, strict: true } as const;

/** The id the bot generated for an uploaded file: 22 random characters and the extension of its checked type. */
export const attachmentIdPattern = '^[A-Za-z0-9_-]{22}\\.(png|jpg|gif|webp|pdf|docx|xlsx|odt|csv|txt)$';
/** The upload token the bot gave with the id (HMAC-SHA256, base64url): proof that this browser uploaded it. */
const uploadTokenPattern = '^[A-Za-z0-9_-]{43}$';

/** A file of the submission: what `POST /api/attachments` answered for it. */
export interface SubmissionAttachment {
  id: string;
  token: string;
}

/** A submitted form, as the browser posts it to `POST /api/requests` and as validation returns it. */
export interface Submission {
  /** The form id (file name under `rules/forms/` without extension). */
  form: string;
  /** The language the customer filled the form in; option values are in this language. */
  lang: Lang;
  requester: { name?: string; email?: string; organisation?: string; phone?: string };
  /** Per field id: text (input, textarea, dropdown), several options (multiple dropdown), or one boolean per checkbox. */
  fields: Record<string, string | string[] | boolean[]>;
  /** Generated once per form display; the same key twice is the same request (double click). */
  idempotencyKey: string;
  /** Honeypot: a field hidden from people; anything in it marks a bot. */
  website?: string;
  /** When the form was displayed, in milliseconds since the epoch (minimum fill time). */
  startedAt: number;
  /** ALTCHA proof-of-work payload, when the desk turns it on. */
  altcha?: string;
  /** Uploaded files to attach, on forms with `repodesk.attachments`. */
  attachments?: SubmissionAttachment[];
}

/** A JSON Schema object, as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** A required text must contain something other than spaces. */
const notBlank = '\\S';

function text(maxLength: number, required: boolean): JsonSchema {
  return required
    ? { type: 'string', minLength: 1, maxLength, pattern: notBlank }
    : { type: 'string', maxLength };
}

/**
 * The schema of a submission of `form` (id `formId`) filled in `lang`: requester rules from
 * `repodesk.requester`, one property per answerable field, options in `lang`.
 */
export function submissionSchema(form: RequestForm, formId: string, lang: Lang): JsonSchema {
  const rules = form.repodesk.requester;
  const requesterProperties: Record<string, JsonSchema> = {};
  const requesterRequired: string[] = [];
  const requesterFields = {
    name: { type: 'string', minLength: 1, maxLength: submissionLimits.name, pattern: notBlank },
    email: { type: 'string', maxLength: submissionLimits.email, pattern: emailPattern },
    organisation: text(submissionLimits.organisation, rules.organisation === 'required'),
    phone: text(submissionLimits.phone, rules.phone === 'required'),
  } as const;
  for (const key of ['name', 'email', 'organisation', 'phone'] as const) {
    const rule = rules[key];
    if (rule === 'hidden') continue;
    requesterProperties[key] = requesterFields[key];
    if (rule === 'required') requesterRequired.push(key);
  }

  const fieldProperties: Record<string, JsonSchema> = {};
  const fieldRequired: string[] = [];
  for (const field of fieldTexts(form, lang)) {
    if (field.type === 'input' || field.type === 'textarea') {
      const limit =
        field.id === form.repodesk.subjectField ? submissionLimits.subject : submissionLimits.text;
      fieldProperties[field.id] = text(limit, field.required);
    } else if (field.type === 'dropdown') {
      fieldProperties[field.id] = field.multiple
        ? {
            type: 'array',
            items: { type: 'string', enum: field.options },
            uniqueItems: true,
            ...(field.required ? { minItems: 1 } : {}),
          }
        : // An optional dropdown left on its placeholder may be sent as "".
          { type: 'string', enum: field.required ? field.options : ['', ...field.options] };
    } else {
      fieldProperties[field.id] = {
        type: 'array',
        items: field.requiredOptions.map((required) => (required ? { const: true } : { type: 'boolean' })),
        minItems: field.options.length,
        maxItems: field.options.length,
        additionalItems: false,
        // A required group needs at least one ticked box.
        ...(field.required ? { contains: { const: true } } : {}),
      };
    }
    if (field.required || field.requiredOptions.some(Boolean)) fieldRequired.push(field.id);
  }

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Submission of form ${formId} (${lang})`,
    type: 'object',
    additionalProperties: false,
    required: ['form', 'lang', 'requester', 'fields', 'idempotencyKey', 'startedAt'],
    properties: {
      form: { const: formId },
      lang: { const: lang },
      requester: {
        type: 'object',
        additionalProperties: false,
        required: requesterRequired,
        properties: requesterProperties,
      },
      fields: {
        type: 'object',
        additionalProperties: false,
        required: fieldRequired,
        properties: fieldProperties,
      },
      idempotencyKey: {
        type: 'string',
        minLength: 8,
        maxLength: submissionLimits.idempotencyKey,
        pattern: '^[A-Za-z0-9_-]+$',
      },
      website: { type: 'string', maxLength: submissionLimits.honeypot },
      startedAt: { type: 'integer', minimum: 0 },
      altcha: { type: 'string', maxLength: submissionLimits.altcha },
      // Raw YAML (not through the rules loader) has no defaults filled: only an explicit true offers files.
      ...(form.repodesk.attachments === true
        ? {
            attachments: {
              type: 'array',
              maxItems: submissionLimits.attachments,
              uniqueItems: true,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'token'],
                properties: {
                  id: { type: 'string', pattern: attachmentIdPattern },
                  token: { type: 'string', pattern: uploadTokenPattern },
                },
              },
            },
          }
        : {}),
    },
  };
}
