// The `attachments` list of a submission: offered only by forms with `repodesk.attachments`, bounded,
// pattern-checked, with the same messages from the bot's validator and the browser's standalone code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { submissionErrors, type SchemaError } from '../../src/forms/submission-errors.ts';
import {
  submissionLimits,
  submissionSchema,
  submissionValidatorOptions,
} from '../../src/forms/submission-schema.ts';
import { validateSubmission } from '../../src/forms/validate-submission.ts';
import type { RequestForm } from '../../src/rules/types.ts';

const require = createRequire(import.meta.url);
const plain = parse(
  readFileSync(new URL('../fixtures/intake/forms/incident.yaml', import.meta.url), 'utf8'),
) as RequestForm;
const withFiles: RequestForm = { ...plain, repodesk: { ...plain.repodesk, attachments: true } };

const file = (n: number) => ({ id: `${String(n).padStart(22, 'a')}.png`, token: 'T'.repeat(43) });

function payload(attachments: unknown, lang = 'fr') {
  return {
    form: 'incident',
    lang,
    requester: { name: 'Zoé Martin', email: 'zoe@acme.example' },
    fields: {
      subject: 'Connexion impossible',
      description: 'Depuis ce matin, le portail refuse mon mot de passe.',
      impact: lang === 'fr' ? 'Mon équipe' : 'My team',
      consent: [true, false],
    },
    idempotencyKey: 'k-0123456789',
    startedAt: 1_790_000_000_000,
    attachments,
  };
}

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** The browser's validator, generated as the site does at build time. */
function standaloneValidator(form: RequestForm, lang: string): Validate {
  const ajv = new Ajv({ ...submissionValidatorOptions, code: { source: true } });
  type Generate = (ajv: Ajv, validate: unknown) => string;
  const generate = ((standaloneCode as unknown as { default?: Generate }).default ??
    standaloneCode) as unknown as Generate;
  const module = { exports: {} as { default?: Validate } & Validate };
  new Function(
    'module',
    'exports',
    'require',
    generate(ajv, ajv.compile(submissionSchema(form, 'incident', lang))),
  )(module, module.exports, require);
  return module.exports.default ?? module.exports;
}

const errorsOf = (form: RequestForm, data: ReturnType<typeof payload>) => {
  const result = validateSubmission(form, 'incident', data.lang, data);
  return result.ok ? [] : result.errors;
};

describe('the attachments of a submission', () => {
  it('are accepted as id and token pairs on a form that offers files, up to the limit', () => {
    const files = Array.from({ length: submissionLimits.attachments }, (_, n) => file(n));
    expect(validateSubmission(withFiles, 'incident', 'fr', payload(files)).ok).toBe(true);
    expect(validateSubmission(withFiles, 'incident', 'fr', payload([])).ok).toBe(true);
  });

  it.each([
    [
      'more than the limit',
      Array.from({ length: 11 }, (_, n) => file(n)),
      'fr',
      [
        {
          field: 'attachments',
          message: 'Pièces jointes : 10 fichiers au plus par demande (vous en avez joint 11). Retirez-en.',
        },
      ],
    ],
    [
      'the same file twice',
      [file(1), file(1)],
      'en',
      [{ field: 'attachments', message: 'Attachments: the same file is attached twice. Remove one.' }],
    ],
    [
      'an id that is not one the bot generates',
      [file(1), { id: '../../repodesk.sqlite', token: 'T'.repeat(43) }],
      'fr',
      [
        {
          field: 'attachments',
          file: '../../repodesk.sqlite',
          message:
            'Pièces jointes : le fichier n° 2 est inconnu du service. Retirez-le et ajoutez-le à nouveau.',
        },
      ],
    ],
    [
      'a token of the wrong shape and an extra key',
      [{ ...file(3), token: 'short', name: 'x.png' }],
      'en',
      [
        {
          field: 'attachments',
          file: file(3).id,
          message: 'Attachments: file no. 1 is unknown to the service. Remove it and add it again.',
        },
      ],
    ],
    [
      'not a list',
      'capture.png',
      'fr',
      [
        {
          field: 'attachments',
          message: 'Donnée technique « attachments » absente ou invalide. Rechargez la page et réessayez.',
        },
      ],
    ],
  ])('%s: one message on the attachments field, the same in the browser', (_name, files, lang, expected) => {
    const data = payload(files, lang);
    expect(errorsOf(withFiles, data)).toEqual(expected);
    const browser = standaloneValidator(withFiles, lang);
    expect(browser(data)).toBe(false);
    expect(submissionErrors(browser.errors ?? [], withFiles, lang, 'incident', data)).toEqual(expected);
  });

  it('are refused on a form without a file field, saying so', () => {
    expect(errorsOf(plain, payload([file(1)]))).toEqual([
      { field: 'attachments', message: "Ce formulaire n'accepte pas de pièces jointes. Rechargez la page." },
    ]);
    expect(submissionSchema(plain, 'incident', 'fr').properties).not.toHaveProperty('attachments');
  });
});
