// Issue 19 items 1, 3 and 5 through POST /api/requests: addresses that look right but are not, lone
// surrogates from JSON escapes, and a body that names no form. What the customer gets back (the 422 and its
// exact text) and what agents see (the issue at the stand-in).

import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const botNow = () => harness!.bot.context.clock();

interface Refused {
  errors: { field: string; message: string }[];
}

function withEmail(email: string, lang = 'fr'): Record<string, unknown> {
  return incidentSubmission(botNow(), { lang, requester: { name: 'Marie Curie', email } });
}

describe('an email address with a character nobody sees', () => {
  it.each([
    ['a zero-width space', 'mar\u200bie.curie@example.org', 'U+200B ZERO WIDTH SPACE', 4],
    ['a right-to-left override', 'marie.curie@exam\u202eelpm.org', 'U+202E RIGHT-TO-LEFT OVERRIDE', 17],
    ['a NUL before another domain', 'marie.curie@example.org\u0000.evil.test', 'U+0000 NULL', 24],
    ['a soft hyphen', 'marie.cu\u00adrie@example.org', 'U+00AD SOFT HYPHEN', 9],
    [
      'a byte-order mark at the start',
      '\ufeffmarie.curie@example.org',
      'U+FEFF ZERO WIDTH NO-BREAK SPACE',
      1,
    ],
    ['a word joiner in the domain', 'marie.curie@exa\u2060mple.org', 'U+2060 WORD JOINER', 16],
    ['a left-to-right isolate', 'marie.curie@\u2066example.org', 'U+2066 LEFT-TO-RIGHT ISOLATE', 13],
    ['a tab', 'marie.curie@example.org\t', 'U+0009 CHARACTER TABULATION', 24],
    ['a private-use character', 'marie\ue000@example.org', 'U+E000 (caractère à usage privé)', 6],
  ])(
    'with %s is refused with a 422 naming the character and where it is',
    async (_name, email, named, position) => {
      harness ??= await startHarness({ runWorker: false });
      const response = await postRequest(harness.url, withEmail(email));
      expect(response.status).toBe(422);
      expect(((await response.json()) as Refused).errors).toEqual([
        {
          field: 'requester.email',
          message: `Adresse e-mail : l'adresse contient le caractère ${named} en position ${position}, invisible ou interdit dans une adresse. Retapez l'adresse au clavier plutôt que de la coller.`,
        },
      ]);
      expect((await harness.bot.context.jobs.countByState()).queued ?? 0).toBe(0);
      expect(await harness.bot.context.inbox.countBySource()).toEqual({});
    },
  );

  it('is refused in English on an English form, and a lone surrogate is named as the U+FFFD it became', async () => {
    harness = await startHarness({ runWorker: false });
    const english = await postRequest(harness.url, withEmail('marie\u200d@example.org', 'en'));
    expect(english.status).toBe(422);
    // The English form's options differ from the French ones this submission carries: read the address only.
    const englishErrors = ((await english.json()) as Refused).errors;
    expect(englishErrors.filter((error) => error.field === 'requester.email')).toEqual([
      {
        field: 'requester.email',
        message:
          'Email address: the address contains U+200D ZERO WIDTH JOINER at position 6, which is invisible or not allowed in an address. Type the address instead of pasting it.',
      },
    ]);
    // JSON.stringify keeps a lone surrogate as the escape `\udc00`, as a hostile client would send it.
    const surrogate = await postRequest(
      harness.url,
      JSON.stringify(withEmail('marie@exa\udc00mple.org', 'en')),
    );
    expect(surrogate.status).toBe(422);
    expect(
      ((await surrogate.json()) as Refused).errors.find((error) => error.field === 'requester.email')
        ?.message,
    ).toContain('U+FFFD REPLACEMENT CHARACTER at position 10');
  });

  it.each([
    ['an IPv4 literal', 'marie@[192.0.2.1]', '[192.0.2.1]'],
    ['an IPv6 literal', 'marie@[IPv6:2001:db8::1]', '[IPv6:2001:db8::1]'],
    ['a bare IPv4 address', 'marie@192.0.2.1', '192.0.2.1'],
  ])('with %s as domain is refused with a 422 that says so', async (_name, email, domain) => {
    harness ??= await startHarness({ runWorker: false });
    const response = await postRequest(harness.url, withEmail(email));
    expect(response.status).toBe(422);
    expect(((await response.json()) as Refused).errors).toEqual([
      {
        field: 'requester.email',
        message: `Adresse e-mail : le domaine « ${domain} » est une adresse IP ; indiquez un nom de domaine (exemple : nom@exemple.fr).`,
      },
    ]);
  });

  it.each([
    'marie.curie+vpn@example.org',
    "o'brien@example.co.uk",
    'josé.garcía@exemple.fr',
    'marie@例え.jp',
    'marie@xn--r8jz45g.jp',
  ])('still accepts the visible address %s', async (email) => {
    harness ??= await startHarness({ runWorker: false });
    expect((await postRequest(harness.url, withEmail(email))).status).toBe(202);
  });
});

describe('lone surrogates from JSON escapes', () => {
  it('become U+FFFD in the title, the body, the name and every answer, never half a character', async () => {
    harness = await startHarness();
    const base = incidentSubmission(botNow());
    const fields = base.fields as Record<string, unknown>;
    const raw = JSON.stringify({
      ...base,
      requester: { name: 'Marie \ud800Curie', email: 'marie.curie@example.org' },
      fields: {
        ...fields,
        resume: 'VPN \udbff\udbff en panne \ud83d',
        depuis: '\udc00 ce matin',
        description: 'Le client affiche \ude00 puis se ferme.',
        message_erreur: 'code \ud83d\ude00 ok \ud83d',
      },
    });
    expect(raw).toContain('\\ud800');
    const response = await postRequest(harness.url, raw);
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { ref: string; token: string };
    const [issue] = await eventually(async () => {
      const issues = await harness!.issues();
      return issues.length > 0 ? issues : undefined;
    });
    for (const text of [issue!.title, issue!.body]) expect(text.isWellFormed()).toBe(true);
    expect(issue!.title).toContain('VPN \ufffd\ufffd en panne \ufffd');
    expect(issue!.body).toContain('Marie \ufffdCurie');
    expect(issue!.body).toContain('\ufffd ce matin');
    expect(issue!.body).toContain('Le client affiche \ufffd puis se ferme.');
    // A well-formed pair stays the emoji it is.
    expect(issue!.body).toContain('code \ud83d\ude00 ok \ufffd');
    // The customer's own view of the request shows the same text.
    const status = (await (
      await fetch(`${harness.url}/api/requests/${accepted.ref}?token=${accepted.token}`)
    ).json()) as { messages: { text: string }[] };
    expect(status.messages[0]?.text).toBe('Le client affiche \ufffd puis se ferme.');
    await settle(harness);
  });
});

describe('a body that names no form', () => {
  const known = 'demande-acces, demande-rh, incident, question-facturation, retour-commande';

  it('gets a 422 that lists the missing form and every missing field of the catalogue’s first form', async () => {
    harness = await startHarness({ runWorker: false });
    const response = await postRequest(harness.url, {});
    expect(response.status).toBe(422);
    const errors = ((await response.json()) as Refused).errors;
    expect(errors.map((error) => error.field)).toEqual([
      'form',
      'lang',
      'requester.name',
      'requester.email',
      'numero_commande',
      'raison',
      'articles',
      'solution',
      'idempotencyKey',
      'startedAt',
    ]);
    expect(errors[0]?.message).toBe(
      `Formulaire : aucun formulaire indiqué (champ « form ») ; formulaires existants : ${known}.`,
    );
    expect(errors[2]?.message).toBe('Nom : ce champ est obligatoire.');
    expect(errors[4]?.message).toBe('Numéro de commande : ce champ est obligatoire.');
    expect(await harness.bot.context.inbox.countBySource()).toEqual({});
  });

  it.each([
    [
      'an empty form id, in English',
      { form: '', lang: 'en' },
      'Form: no form named (field "form"); existing forms: ',
    ],
    [
      'a form id that is not text',
      { form: 42, lang: 'en' },
      'Form: no form named (field "form"); existing forms: ',
    ],
  ])('with %s lists the form and the missing fields in the language asked', async (_name, body, start) => {
    harness ??= await startHarness({ runWorker: false });
    const response = await postRequest(harness.url, body);
    expect(response.status).toBe(422);
    const errors = ((await response.json()) as Refused).errors;
    expect(errors[0]).toEqual({ field: 'form', message: `${start}${known}.` });
    expect(errors).toContainEqual({
      field: 'requester.email',
      message: 'Email address: this field is required.',
    });
    expect(errors).toContainEqual({
      field: 'numero_commande',
      message: 'Order number: this field is required.',
    });
    expect(errors.map((error) => error.field)).not.toContain('lang');
  });

  it('lists only what is missing when part of the request is there', async () => {
    harness = await startHarness({ runWorker: false });
    const response = await postRequest(harness.url, {
      lang: 'fr',
      requester: { name: 'Marie Curie', email: 'marie.curie@example.org' },
      fields: { numero_commande: 'C-1234' },
      idempotencyKey: 'abcdefgh1234',
      startedAt: botNow() - 60_000,
    });
    expect(response.status).toBe(422);
    const fields = ((await response.json()) as Refused).errors.map((error) => error.field);
    expect(fields).toEqual(['form', 'raison', 'articles', 'solution']);
  });

  it('names a form that does not exist without guessing its fields', async () => {
    harness = await startHarness({ runWorker: false });
    const response = await postRequest(harness.url, incidentSubmission(botNow(), { form: 'incidnt' }));
    expect(response.status).toBe(422);
    expect(((await response.json()) as Refused).errors).toEqual([
      {
        field: 'form',
        message: `Formulaire : « incidnt » n'existe pas ; formulaires existants : ${known}. Rechargez la page.`,
      },
    ]);
  });
});

describe('a subject within the form’s limit in characters but not in the tracker’s units', () => {
  it.each([
    ['200 emoji', '😀'.repeat(200)],
    ['100 flags', '🇫🇷'.repeat(100)],
    ['28 family emoji made of seven code points each', '👩‍👩‍👧‍👦'.repeat(28)],
    ['200 supplementary-plane ideographs', '𠀀'.repeat(200)],
    ['words and emoji', `Écran noir ${'🖥️⚠️'.repeat(40)} depuis ce matin`],
  ])(
    '(%s) is accepted, created with a cut title ending in …, and kept whole in the body',
    async (_name, subject) => {
      harness = await startHarness();
      expect([...subject].length).toBeLessThanOrEqual(200);
      const base = incidentSubmission(botNow());
      const response = await postRequest(harness.url, {
        ...base,
        fields: { ...(base.fields as object), resume: subject },
      });
      expect(response.status).toBe(202);
      const [issue] = await eventually(async () => {
        const issues = await harness!.issues();
        return issues.length > 0 ? issues : undefined;
      });
      const title = issue!.title;
      // GitHub counts 256 UTF-16 units; the bot keeps to 200.
      expect(title.length).toBeLessThanOrEqual(200);
      expect(title.isWellFormed()).toBe(true);
      expect(title.startsWith('[Incident] ')).toBe(true);
      expect(title.endsWith('…')).toBe(true);
      expect(`[Incident] ${subject}`.startsWith(title.slice(0, -1).trimEnd())).toBe(true);
      expect(issue!.body).toContain(subject);
      expect(harness.standin.responseErrors()).toEqual([]);
    },
  );

  it('from an email is created too, with the whole subject in the body', async () => {
    harness = await startHarness();
    const subject = `Commande ${'📦'.repeat(150)}`;
    const mail = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(rawMail({ subject, body: 'Bonjour, ma commande n’est pas arrivée.' })),
    });
    expect(mail.status).toBeLessThan(300);
    const [issue] = await eventually(async () => {
      const issues = await harness!.issues();
      return issues.length > 0 ? issues : undefined;
    });
    expect(issue!.title.length).toBeLessThanOrEqual(200);
    expect(issue!.title.endsWith('…')).toBe(true);
    expect(issue!.body).toContain(`### Objet\n\n${subject}\n`);
  });
});
