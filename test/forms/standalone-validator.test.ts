// The site ships each form's schema to the browser as Ajv standalone code generated at build time. This
// guards against drift: the generated code, mapped by the same message module, gives exactly the errors
// validateSubmission gives the bot.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { submissionErrors, type SchemaError } from '../../src/forms/submission-errors.ts';
import { submissionSchema, submissionValidatorOptions } from '../../src/forms/submission-schema.ts';
import { validateSubmission } from '../../src/forms/validate-submission.ts';
import type { RequestForm } from '../../src/rules/types.ts';

const require = createRequire(import.meta.url);
const form = parse(
  readFileSync(new URL('../fixtures/intake/forms/access-request.yaml', import.meta.url), 'utf8'),
) as RequestForm;

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** Generates the standalone module as the site does, and loads it as CommonJS. */
function standaloneValidator(lang: string): Validate {
  const ajv = new Ajv({ ...submissionValidatorOptions, code: { source: true } });
  type Generate = (ajv: Ajv, validate: unknown) => string;
  // The CommonJS default export arrives wrapped under Node's ESM interop.
  const generate = ((standaloneCode as unknown as { default?: Generate }).default ??
    standaloneCode) as unknown as Generate;
  const code = generate(ajv, ajv.compile(submissionSchema(form, 'access-request', lang)));
  const module = { exports: {} as { default?: Validate } & Validate };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports.default ?? module.exports;
}

const good = {
  form: 'access-request',
  requester: { name: 'Sam', email: 'sam@globex.example', phone: '+33 1' },
  fields: {
    subject: 'Access',
    application: 'Payroll',
    environments: ['Production'],
    agreements: [true, true],
    channels: [true, false],
  },
  idempotencyKey: 'abcdefgh1234',
  startedAt: 1,
};

const payloads: [string, Record<string, unknown>][] = [
  ['valid', {}],
  ['too long', { fields: { ...good.fields, subject: 'x'.repeat(201) } }],
  [
    'many problems',
    {
      requester: { email: 'nope' },
      fields: { application: 'Mars', agreements: [false], channels: [false, false] },
    },
  ],
  ['not an object at all', { fields: 'x', requester: [] }],
  [
    'a zero-width space in the address',
    { requester: { ...good.requester, email: 'sam\u200b@globex.example' } },
  ],
  ['a bidi override in the address', { requester: { ...good.requester, email: 'sam@globex\u202e.example' } }],
  ['a NUL in the address', { requester: { ...good.requester, email: 'sam@globex.example\u0000.evil.test' } }],
  [
    'a lone surrogate in the address',
    { requester: { ...good.requester, email: 'sam@glo\ud800bex.example' } },
  ],
  ['an IP-literal domain', { requester: { ...good.requester, email: 'sam@[192.0.2.1]' } }],
];

describe('standalone validation code in the browser', () => {
  it.each(
    ['en', 'fr'].flatMap((lang) => payloads.map(([name, overrides]) => [lang, name, overrides] as const)),
  )('in %s, %s: same errors as the bot', (lang, _name, overrides) => {
    const payload = { ...good, lang, ...overrides };
    const validate = standaloneValidator(lang);
    const browser = validate(payload)
      ? []
      : submissionErrors(validate.errors ?? [], form, lang, 'access-request', payload);
    const bot = validateSubmission(form, 'access-request', lang, payload);
    expect(browser).toEqual(bot.ok ? [] : bot.errors);
    if (_name !== 'valid') expect(browser.length).toBeGreaterThan(0);
    if (_name.includes('address') || _name.includes('domain')) {
      expect(browser[0]?.field).toBe('requester.email');
      expect(browser[0]?.message).toMatch(/U\+[0-9A-F]{4}|192\.0\.2\.1/);
    }
  });
});
