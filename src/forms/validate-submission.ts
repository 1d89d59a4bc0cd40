// Validates a submitted payload against its form: the bot answers 422 with these errors, the browser
// shows them before sending. Both call this module, so both apply exactly the same rules.

import { Ajv, type ValidateFunction } from 'ajv';
import type { Lang, RequestForm } from '../rules/types.ts';
import { submissionErrors, type SubmissionError } from './submission-errors.ts';
import { submissionSchema, submissionValidatorOptions, type Submission } from './submission-schema.ts';

export type SubmissionResult =
  { ok: true; submission: Submission } | { ok: false; errors: SubmissionError[] };

// Compiling a schema costs far more than validating with it: keep one validator per form object and language.
const ajv = new Ajv({ ...submissionValidatorOptions });
const compiled = new WeakMap<RequestForm, Map<string, ValidateFunction>>();

function validatorFor(form: RequestForm, formId: string, lang: Lang): ValidateFunction {
  let byKey = compiled.get(form);
  if (!byKey) {
    byKey = new Map();
    compiled.set(form, byKey);
  }
  const cacheKey = `${formId}\u0000${lang}`;
  let validate = byKey.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(submissionSchema(form, formId, lang));
    byKey.set(cacheKey, validate);
  }
  return validate;
}

/** Checks `payload` as a submission of `form` in `lang`; on failure, every problem with a message in `lang`. */
export function validateSubmission(
  form: RequestForm,
  formId: string,
  lang: Lang,
  payload: unknown,
): SubmissionResult {
  const validate = validatorFor(form, formId, lang);
  if (validate(payload)) return { ok: true, submission: payload as Submission };
  return { ok: false, errors: submissionErrors(validate.errors ?? [], form, lang, formId, payload) };
}
