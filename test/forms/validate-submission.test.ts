import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { submissionSchema } from '../../src/forms/submission-schema.ts';
import { validateSubmission } from '../../src/forms/validate-submission.ts';
import type { RequestForm } from '../../src/rules/types.ts';

function loadForm(name: string): RequestForm {
  return parse(
    readFileSync(new URL(`../fixtures/intake/forms/${name}.yaml`, import.meta.url), 'utf8'),
  ) as RequestForm;
}

const incident = loadForm('incident');
const access = loadForm('access-request');

function incidentPayload(overrides: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  return {
    form: 'incident',
    lang: 'fr',
    requester: { name: 'Zoé Martin', email: 'zoe@acme.example' },
    fields: {
      subject: 'Connexion impossible',
      description: 'Depuis ce matin, le portail refuse mon mot de passe.',
      impact: 'Mon équipe',
      consent: [true, false],
      ...fields,
    },
    idempotencyKey: 'k-0123456789',
    website: '',
    startedAt: 1_790_000_000_000,
    ...overrides,
  };
}

function accessPayload(
  lang: 'fr' | 'en',
  fields: Record<string, unknown> = {},
  requester: Record<string, unknown> = {},
) {
  return {
    form: 'access-request',
    lang,
    requester: { name: 'Sam Lee', email: 'sam@globex.example', phone: '+33 1 23 45 67 89', ...requester },
    fields: {
      subject: 'Access to payroll',
      application: lang === 'fr' ? 'Paie' : 'Payroll',
      environments: ['Production'],
      agreements: [true, true],
      channels: [false, true],
      ...fields,
    },
    idempotencyKey: 'abcdefgh-1234',
    startedAt: 1_790_000_000_000,
  };
}

describe('validateSubmission', () => {
  it('accepts a complete submission and returns it', () => {
    const payload = incidentPayload();
    expect(validateSubmission(incident, 'incident', 'fr', payload)).toEqual({
      ok: true,
      submission: payload,
    });
  });

  it('accepts a complete submission of every field kind in both languages', () => {
    expect(validateSubmission(access, 'access-request', 'en', accessPayload('en')).ok).toBe(true);
    expect(validateSubmission(access, 'access-request', 'fr', accessPayload('fr')).ok).toBe(true);
  });

  it('names the label and the limit when the subject is over 200 characters, in French', () => {
    const result = validateSubmission(
      access,
      'access-request',
      'fr',
      accessPayload('fr', { subject: 'x'.repeat(250) }),
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'subject', message: 'Objet : 200 caractères au maximum (vous en avez saisi 250).' }],
    });
  });

  it('names the label and the limit when the subject is over 200 characters, in English', () => {
    const result = validateSubmission(
      access,
      'access-request',
      'en',
      accessPayload('en', { subject: 'é'.repeat(201) }),
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'subject', message: 'Subject: at most 200 characters (you entered 201).' }],
    });
  });

  it('counts characters, not UTF-16 units: 200 emoji fit in the subject', () => {
    expect(
      validateSubmission(access, 'access-request', 'en', accessPayload('en', { subject: '😀'.repeat(200) }))
        .ok,
    ).toBe(true);
  });

  it('limits other text fields to 20,000 characters', () => {
    const result = validateSubmission(incident, 'incident', 'en', {
      ...incidentPayload({ lang: 'en' }, { impact: 'My team', description: 'a'.repeat(20_001) }),
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'description', message: 'Description: at most 20,000 characters (you entered 20,001).' },
      ],
    });
  });

  it('lists every problem at once, requester first then fields in form order', () => {
    const result = validateSubmission(
      incident,
      'incident',
      'fr',
      incidentPayload(
        { requester: { name: '  ', email: 'zoe-at-acme' } },
        { subject: '', impact: 'Partout', consent: [false, true] },
      ),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'requester.name', message: 'Nom : ce champ est obligatoire.' },
        {
          field: 'requester.email',
          message: "Adresse e-mail : cette adresse n'est pas valide (exemple : nom@exemple.fr).",
        },
        { field: 'subject', message: 'Sujet : ce champ est obligatoire.' },
        {
          field: 'impact',
          message:
            "Impact : choisissez parmi les options proposées (Moi seulement, Mon équipe, Toute l'entreprise).",
        },
        { field: 'consent', message: "Confirmation : cochez « J'ai redémarré mon appareil »." },
      ],
    });
  });

  it.each([
    ['en', { subject: undefined }, [{ field: 'subject', message: 'Subject: this field is required.' }]],
    ['fr', { subject: undefined }, [{ field: 'subject', message: 'Objet : ce champ est obligatoire.' }]],
    ['en', { subject: 12 }, [{ field: 'subject', message: 'Subject: a text is expected.' }]],
    ['en', { details: undefined }, []],
    [
      'en',
      { application: 'Payroll ' },
      [
        {
          field: 'application',
          message: 'Application: choose one of the options offered (Payroll, CRM, Wiki).',
        },
      ],
    ],
    // Options are checked in the submission's language: the French name is refused in English.
    [
      'en',
      { application: 'Paie' },
      [
        {
          field: 'application',
          message: 'Application: choose one of the options offered (Payroll, CRM, Wiki).',
        },
      ],
    ],
    [
      'fr',
      { application: undefined },
      [{ field: 'application', message: 'Application : ce champ est obligatoire.' }],
    ],
    [
      'en',
      { environments: [] },
      [{ field: 'environments', message: 'Environments: this field is required.' }],
    ],
    [
      'en',
      { environments: 'Production' },
      [
        {
          field: 'environments',
          message: 'Environments: choose one of the options offered (Production, Staging).',
        },
      ],
    ],
    [
      'fr',
      { environments: ['Recette', 'Mars'] },
      [
        {
          field: 'environments',
          message: 'Environnements : choisissez parmi les options proposées (Production, Recette).',
        },
      ],
    ],
    [
      'en',
      { environments: ['Staging', 'Staging'] },
      [{ field: 'environments', message: 'Environments: an option is chosen twice.' }],
    ],
    ['en', { urgency: '' }, []],
    ['en', { urgency: 'This week' }, []],
    [
      'fr',
      { agreements: [true, false] },
      [{ field: 'agreements', message: 'Engagements : cochez « Mon responsable a approuvé ».' }],
    ],
    [
      'en',
      { agreements: [false, false] },
      [
        { field: 'agreements', message: 'Agreements: tick "I read the access policy".' },
        { field: 'agreements', message: 'Agreements: tick "My manager approved".' },
      ],
    ],
    [
      'en',
      { agreements: undefined },
      [{ field: 'agreements', message: 'Agreements: tick "I read the access policy".' }],
    ],
    [
      'en',
      { agreements: [true] },
      [{ field: 'agreements', message: 'Agreements: 2 boxes expected (one true or false per box).' }],
    ],
    [
      'fr',
      { channels: [false, false] },
      [{ field: 'channels', message: 'Me contacter par : cochez au moins une case.' }],
    ],
    [
      'en',
      { channels: undefined },
      [{ field: 'channels', message: 'Contact me by: this field is required.' }],
    ],
    [
      'en',
      { nickname: 'Sam' },
      [{ field: 'nickname', message: 'The field "nickname" does not exist in this form.' }],
    ],
    [
      'fr',
      { nickname: 'Sam' },
      [{ field: 'nickname', message: "Le champ « nickname » n'existe pas dans ce formulaire." }],
    ],
  ] as const)('in %s, fields %j give %j', (lang, fields, errors) => {
    const payload = accessPayload(lang, fields);
    const result = validateSubmission(access, 'access-request', lang, payload);
    expect(result.ok ? [] : result.errors).toEqual(errors);
  });

  it.each([
    [
      'fr',
      { phone: undefined },
      [{ field: 'requester.phone', message: 'Téléphone : ce champ est obligatoire.' }],
    ],
    [
      'en',
      { email: undefined },
      [{ field: 'requester.email', message: 'Email address: this field is required.' }],
    ],
    [
      'en',
      { name: 'n'.repeat(101) },
      [{ field: 'requester.name', message: 'Name: at most 100 characters (you entered 101).' }],
    ],
    // The form hides the organisation: sending one is refused rather than silently dropped.
    [
      'en',
      { organisation: 'Globex' },
      [
        {
          field: 'requester.organisation',
          message: 'The field "requester.organisation" does not exist in this form.',
        },
      ],
    ],
  ] as const)('in %s, requester %j gives %j', (lang, requester, errors) => {
    const result = validateSubmission(access, 'access-request', lang, accessPayload(lang, {}, requester));
    expect(result.ok ? [] : result.errors).toEqual(errors);
  });

  it.each([
    [{ form: 'invoice-question' }, 'form', "Ce formulaire n'est pas « incident ». Rechargez la page."],
    [{ lang: 'en' }, 'lang', 'La langue du formulaire devrait être « fr ». Rechargez la page.'],
    [
      { idempotencyKey: 'short' },
      'idempotencyKey',
      'Donnée technique « idempotencyKey » absente ou invalide. Rechargez la page et réessayez.',
    ],
    [
      { idempotencyKey: undefined },
      'idempotencyKey',
      'Donnée technique « idempotencyKey » absente ou invalide. Rechargez la page et réessayez.',
    ],
    [
      { startedAt: 'yesterday' },
      'startedAt',
      'Donnée technique « startedAt » absente ou invalide. Rechargez la page et réessayez.',
    ],
    [{ extra: true }, 'extra', "Le champ « extra » n'existe pas dans ce formulaire."],
  ])('technical problem %j is reported on %s', (overrides, field, message) => {
    const result = validateSubmission(incident, 'incident', 'fr', incidentPayload(overrides));
    expect(result).toEqual({ ok: false, errors: [{ field, message }] });
  });

  it('accepts a filled honeypot: the server, not the schema, answers it with a fake success', () => {
    expect(
      validateSubmission(incident, 'incident', 'fr', incidentPayload({ website: 'http://spam.example' })).ok,
    ).toBe(true);
  });

  it('refuses something that is not an object with a message, not an exception', () => {
    const result = validateSubmission(incident, 'incident', 'fr', 'hello');
    expect(result.ok).toBe(false);
  });
});

describe('submissionSchema', () => {
  it('is plain JSON: it survives a JSON round trip and compiles in a fresh validator', () => {
    const schema = submissionSchema(access, 'access-request', 'fr');
    const shipped = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    expect(shipped).toEqual(schema);
    const validate = new Ajv({ allErrors: true }).compile(shipped);
    expect(validate(accessPayload('fr'))).toBe(true);
    expect(validate(accessPayload('fr', { application: 'Payroll' }))).toBe(false);
  });

  it('lists required requester details and fields from the form', () => {
    const schema = submissionSchema(incident, 'incident', 'en') as {
      properties: { requester: { required: string[]; properties: object }; fields: { required: string[] } };
    };
    expect(schema.properties.requester.required).toEqual(['name', 'email']);
    expect(Object.keys(schema.properties.requester.properties)).toEqual(['name', 'email', 'organisation']);
    expect(schema.properties.fields.required).toEqual(['subject', 'description', 'impact', 'consent']);
  });
});
