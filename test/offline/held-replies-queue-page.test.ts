// The offline agent page (`npm start`) with a confidential queue (desk.yaml lists acme/support-hr after the
// default): a reply held on the HR repository's #N is listed on that issue's own page, not on the default
// repository's #N, and the list names its repository (acme/support-hr#N). Comments are posted through the
// page's own form, as a person would.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineStack, type OfflineStack } from '../../src/offline/offline-stack.ts';
import { eventually, incidentSubmission, noJobDue, repoRoot } from '../support/bot-harness.ts';
import { agentSessions, pageText } from '../support/agent-page-browser.ts';

const hr = 'acme/support-hr';
const main = 'acme/support';
let stack: OfflineStack;
/** Each agent signed in to the agent page with the token the stack generated for them. */
const agent = agentSessions(
  () => stack.urls.standin,
  () => stack.agents,
);
let dataDir: string;
let root: string;
let number: number;

/** The page at `pathname` in `lang`, as Camille sees it. */
const camilleReads = async (pathname: string, lang = 'fr') =>
  pageText(await agent('camille-durand'), pathname, lang);

/** Posts a comment on `issuePath` through the agent page's form as `login`, then waits for the bot. */
async function commentAs(login: string, issuePath: string, body: string): Promise<void> {
  const before = stack.standin.deliveries().length;
  const response = await (await agent(login)).post(`${issuePath}/comments`, { body, lang: 'fr' });
  expect(response.status).toBe(303);
  await eventually(async () => stack.standin.deliveries().length > before);
  await stack.standin.deliveriesIdle();
  await eventually(() => noJobDue(stack.bot.context.store, stack.bot.context.clock()));
}

/** Submits a request from the site and returns its issue number and repository. */
async function submit(body: object): Promise<{ number: number; repository: string }> {
  const response = await fetch(`${stack.urls.bot}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  const { ref } = (await response.json()) as { ref: string };
  const record = await eventually(async () => {
    const found = await stack.bot.context.refs.get(ref);
    return found?.issueNumber === undefined ? undefined : found;
  });
  return { number: record.issueNumber!, repository: record.repository ?? main };
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-offline-queue-'));
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  const desk = path.join(root, 'rules', 'desk.yaml');
  fs.writeFileSync(
    desk,
    fs
      .readFileSync(desk, 'utf8')
      .replace('repository: cassiopee/support\n', `repository: ${main}\nrepositories: [${main}, ${hr}]\n`),
  );
  const routing = path.join(root, 'rules', 'routing.yaml');
  const hrRule = '      team: rh\n      assign: least-open\n      stop: true\n';
  fs.writeFileSync(
    routing,
    fs.readFileSync(routing, 'utf8').replace(hrRule, `      repository: ${hr}\n${hrRule}`),
  );
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-offline-queue-data-'));
  stack = await startOfflineStack({
    root,
    dataDir,
    ports: { site: 0, bot: 0, standin: 0 },
    withSite: false,
    env: {},
  });
  const inHr = await submit({
    form: 'demande-rh',
    lang: 'fr',
    requester: { name: 'Marie Curie', email: 'salarie@example.org' },
    fields: {
      objet: 'Attestation employeur',
      type_demande: 'Attestation employeur',
      matricule: 'A12345',
      periode: '',
      details: 'Il me faut une attestation employeur pour un dossier de prêt.',
      confidentialite: [true],
    },
    idempotencyKey: randomUUID().replace(/-/g, ''),
    startedAt: Date.now() - 60_000,
  });
  const inMain = await submit(incidentSubmission(Date.now()));
  expect(inHr.repository).toBe(hr);
  expect(inMain.repository).toBe(main);
  expect(inHr.number).toBe(inMain.number);
  number = inHr.number;
  await commentAs(
    'lucas-martin',
    `/${hr}/issues/${number}`,
    '/reply Bonjour, nous préparons votre attestation.',
  );
  await commentAs(
    'camille-durand',
    `/${hr}/issues/${number}`,
    '/reply Bonjour, votre attestation est prête.',
  );
}, 90_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
});

describe('held replies of a confidential queue on the offline agent page', () => {
  it.each(['fr', 'en'])('the HR issue’s own page lists its held reply (%s)', async (lang) => {
    const page = await camilleReads(`/${hr}/issues/${number}`, lang);
    expect(page).toContain(`${hr}#${number} · @camille-durand · `);
    expect(page).toContain('« Bonjour, votre attestation est prête. »');
  });

  it('the default repository’s issue of that number lists none', async () => {
    const page = await camilleReads(`/${main}/issues/${number}`);
    expect(page).not.toContain('Réponses retenues');
    expect(page).not.toContain('votre attestation est prête');
  });

  it('the list names the held reply’s repository', async () => {
    const page = await camilleReads('/');
    expect(page).toContain(`${hr}#${number} · @camille-durand · `);
    expect(page).not.toContain('Aucune réponse retenue.');
  });
});
