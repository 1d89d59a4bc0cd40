// Everything the bot reads from rules/ and kb/ follows a reload of a running `repodesk serve`, not only the
// YAML rules: the mail templates of rules/emails/ (the next acknowledgement, from a form or by mail, uses
// the changed text) and the knowledge base the acknowledgement suggests from (an article added is
// suggested, an article removed no longer is). What the customer receives is read at the SMTP sink.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage, type ParsedMail } from '../../src/mail/parse-message.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { rawMail } from '../support/email-fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import {
  eventually,
  incidentSubmission,
  postRequest,
  repoRoot,
  templateRules,
} from '../support/bot-harness.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';

let root: string;
let dataDir: string;
let standin: Standin;
let sink: SmtpSink;
let child: ServeChild;
let url: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-reload-mail-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-reload-mail-data-'));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const rules = await templateRules();
  standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      ...rules.teams.agents.map((agent) => ({ login: agent.login })),
    ],
  });
  sink = await startSmtpSink();
  // Reloads come from SIGHUP only: each test says when the files are ready.
  child = startServe({
    standinUrl: standin.url,
    dataDir,
    env: { REPODESK_ROOT: root, SMTP_URL: sink.url, RULES_WATCH: 'off', SWEEP_EVERY: 'off' },
  });
  url = await child.url;
}, 60_000);

afterAll(async () => {
  await child?.stop();
  await standin?.close();
  await sink?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function rulesVersion(): Promise<string> {
  const health = (await (await fetch(`${url}/healthz`)).json()) as { rules: { version: string } };
  return health.rules.version;
}

/** SIGHUP, then waits until /healthz names rules other than `before`. */
async function reload(before: string): Promise<void> {
  child.process.kill('SIGHUP');
  await eventually(async () => (await rulesVersion()) !== before, 20_000);
}

/**
 * SIGHUP with rules/ unchanged (kb/ is not part of the rules' version): waits until the bot has read
 * everything again and said the rules are unchanged.
 */
async function forcedReload(): Promise<void> {
  const said = () => child.log().split('"msg":"rules unchanged"').length;
  const before = said();
  child.process.kill('SIGHUP');
  await eventually(async () => said() > before, 20_000);
}

/** Edits a file under the desk root, reloads, and waits for the new version to be in force. */
async function changeAndReload(change: () => void): Promise<void> {
  const before = await rulesVersion();
  change();
  await reload(before);
}

async function parsed(raw: Buffer): Promise<ParsedMail> {
  const result = await parseMessage(raw);
  if (!result.ok) throw new Error(`sink message does not parse: ${result.reason}`);
  return result.mail;
}

/** The next mail the sink receives after `count` messages. */
async function nextMail(count: number): Promise<ParsedMail> {
  await eventually(async () => sink.messages.length > count, 20_000);
  return parsed(sink.messages[count]!.raw);
}

/** Sends a form request with `subject` and `description` and returns its acknowledgement. */
async function formAcknowledgement(subject: string, description: string): Promise<ParsedMail> {
  const count = sink.messages.length;
  const response = await postRequest(
    url,
    incidentSubmission(Date.now(), {
      requester: { name: 'Marie Curie', email: `marie.${count}@example.org` },
      fields: { ...(incidentSubmission(0).fields as object), resume: subject, description },
    }),
  );
  expect(response.status).toBe(202);
  return nextMail(count);
}

/** Mails the desk and returns the acknowledgement of the ticket it opens. */
async function mailAcknowledgement(subject: string): Promise<ParsedMail> {
  const count = sink.messages.length;
  const response = await fetch(`${url}/api/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822' },
    body: new Uint8Array(
      rawMail({ from: `Paul Durand <paul.${count}@exemple-client.fr>`, subject, body: subject }),
    ),
  });
  expect(response.status).toBe(200);
  return nextMail(count);
}

const templateFile = () => path.join(root, 'rules/emails/acknowledgement.fr.md');

describe('a reload re-reads the mail templates of rules/emails/', () => {
  it('the next acknowledgement of a form request uses the changed subject and text', async () => {
    const before = await formAcknowledgement(
      'Imprimante en panne',
      "L'imprimante du 2e étage ne répond plus.",
    );
    expect(before.subject).toMatch(/Nous avons bien reçu votre demande/);
    await changeAndReload(() =>
      fs.writeFileSync(
        templateFile(),
        fs
          .readFileSync(templateFile(), 'utf8')
          .replace('Nous avons bien reçu votre demande :', 'Demande enregistrée :')
          .replace('Suivre votre demande :', 'Suivez-la ici :'),
      ),
    );
    const after = await formAcknowledgement(
      'Imprimante en panne',
      "L'imprimante du 2e étage ne répond plus.",
    );
    expect(after.subject).toMatch(
      /^\[#RD-[0-9A-Z]{4}-[0-9A-Z]{4}\] Demande enregistrée : Imprimante en panne$/,
    );
    expect(after.text).toContain('Suivez-la ici :');
    expect(after.text).not.toContain('Suivre votre demande :');
  });

  it('the next acknowledgement of a mail uses it too', async () => {
    await changeAndReload(() =>
      fs.writeFileSync(
        templateFile(),
        fs.readFileSync(templateFile(), 'utf8').replace('Demande enregistrée :', 'Bien reçu :'),
      ),
    );
    const ack = await mailAcknowledgement('Badge bloqué à l’accueil');
    expect(ack.subject).toMatch(/^\[#RD-[0-9A-Z]{4}-[0-9A-Z]{4}\] Bien reçu : Badge bloqué à l’accueil$/);
  });

  it('a template made invalid is refused with the rules: the last valid text goes on being sent', async () => {
    const before = await rulesVersion();
    fs.writeFileSync(
      templateFile(),
      fs.readFileSync(templateFile(), 'utf8').replace('{{ticket.ref}}', '{{ticket.reference}}'),
    );
    child.process.kill('SIGHUP');
    await eventually(async () => {
      const health = (await (await fetch(`${url}/healthz`)).json()) as { rules: { refused: unknown } };
      return health.rules.refused !== null;
    }, 20_000);
    expect(await rulesVersion()).toBe(before);
    const ack = await mailAcknowledgement('Écran noir');
    expect(ack.subject).toMatch(/^\[#RD-[0-9A-Z]{4}-[0-9A-Z]{4}\] Bien reçu : Écran noir$/);
  });
});

describe('a reload re-reads the knowledge base acknowledgements suggest from', () => {
  const articleFile = () => path.join(root, 'kb/fr/reserver-une-salle-de-visio.md');
  const link = 'http://site.test/fr/articles/reserver-une-salle-de-visio/';

  beforeAll(async () => {
    // The shipped template again, whatever the tests above left in force.
    const shipped = path.join(repoRoot, 'rules/emails/acknowledgement.fr.md');
    if (fs.readFileSync(templateFile(), 'utf8') !== fs.readFileSync(shipped, 'utf8'))
      await changeAndReload(() => fs.copyFileSync(shipped, templateFile()));
  });

  it('an article added is suggested by the next acknowledgement', async () => {
    const question = 'Réserver une salle de visioconférence';
    const description = 'Comment réserver la salle de visioconférence du troisième étage ?';
    const before = await formAcknowledgement(question, description);
    expect(before.text).not.toContain(link);
    fs.writeFileSync(
      articleFile(),
      [
        '---',
        'title: Réserver une salle de visioconférence',
        'summary: Réserver la salle de visioconférence et son équipement depuis le calendrier partagé.',
        'category: acces-informatiques',
        'tags: [visioconférence, salle, réservation]',
        'lang: fr',
        'translationKey: reserver-une-salle-de-visio',
        `updated: '2026-11-02'`,
        `reviewBy: '2027-05-02'`,
        'visibility: public',
        'draft: false',
        'aliases: [visio, salle de réunion]',
        '---',
        '',
        'Ouvrez le calendrier partagé, choisissez la salle de visioconférence et le créneau.',
        '',
      ].join('\n'),
    );
    await forcedReload();
    const after = await formAcknowledgement(question, description);
    expect(after.text).toContain(link);
  });

  it('an article removed is no longer suggested', async () => {
    fs.rmSync(articleFile());
    await forcedReload();
    const ack = await formAcknowledgement(
      'Réserver une salle de visioconférence',
      'Comment réserver la salle de visioconférence du troisième étage ?',
    );
    expect(ack.text).not.toContain('reserver-une-salle-de-visio');
  });
});
