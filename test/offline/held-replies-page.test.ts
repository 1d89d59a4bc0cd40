// The offline agent page (`npm start`) lists the replies the collision guard held, with where each stands:
// an agent answers, a second agent's `/reply` is held (listed as held on the issue and on the list), then
// dropped (listed as dropped, by whom). Comments are posted through the page's own form, as a person would.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineStack, type OfflineStack } from '../../src/offline/offline-stack.ts';
import { eventually, incidentSubmission, noJobDue, repoRoot } from '../support/bot-harness.ts';
import { agentSessions, pageText } from '../support/agent-page-browser.ts';

let stack: OfflineStack;
/** Each agent signed in to the agent page with the token the stack generated for them. */
const agent = agentSessions(
  () => stack.urls.standin,
  () => stack.agents,
);
let dataDir: string;
let issuePath: string;

/** The page at `pathname` in `lang`, as Camille sees it. */
const camilleReads = async (pathname: string, lang = 'fr') =>
  pageText(await agent('camille-durand'), pathname, lang);

/** Posts a comment through the agent page's form, signed in as `login`, then waits until the bot answered it. */
async function commentAs(login: string, body: string): Promise<void> {
  const before = stack.standin.deliveries().length;
  const response = await (await agent(login)).post(`${issuePath}/comments`, { body, lang: 'fr' });
  expect(response.status).toBe(303);
  await eventually(async () => stack.standin.deliveries().length > before);
  await stack.standin.deliveriesIdle();
  await eventually(() => noJobDue(stack.bot.context.store, stack.bot.context.clock()));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-offline-held-'));
  stack = await startOfflineStack({
    root: repoRoot,
    dataDir,
    ports: { site: 0, bot: 0, standin: 0 },
    withSite: false,
    env: {},
  });
  const response = await fetch(`${stack.urls.bot}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(incidentSubmission(Date.now())),
  });
  const { ref } = (await response.json()) as { ref: string };
  const number = await eventually(async () => (await stack.bot.context.refs.get(ref))?.issueNumber);
  issuePath = `/${stack.repository}/issues/${number}`;
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('held replies on the offline agent page', () => {
  it('a held reply is listed as held on its issue and on the list, then as dropped, by whom', async () => {
    expect(await camilleReads('/')).toContain('Aucune réponse retenue.');
    await commentAs('lucas-martin', '/reply Bonjour, nous regardons votre accès VPN.');
    expect(await camilleReads(issuePath)).not.toContain('Réponses retenues');
    await commentAs('camille-durand', '/reply Bonjour, votre VPN est rétabli.');

    const number = issuePath.split('/').at(-1);
    const held = `#${number} · @camille-durand · `;
    const onIssue = await camilleReads(issuePath);
    expect(onIssue).toContain('Réponses retenues (deux agents ne répondent pas deux fois au même client)');
    expect(onIssue).toMatch(
      new RegExp(
        `${held}[0-9-]+ [0-9:]+ UTC · retenue · @lucas-martin avait déjà répondu · « Bonjour, votre VPN est rétabli. »`,
      ),
    );
    expect(await camilleReads('/')).toContain(held);
    expect(await camilleReads(issuePath, 'en')).toMatch(/· held · @lucas-martin had already replied ·/);

    await commentAs('camille-durand', '/drop');
    expect(await camilleReads(issuePath)).toMatch(
      /· abandonnée \(par @camille-durand, [0-9-]+ [0-9:]+ UTC\) ·/,
    );
    expect(await camilleReads('/', 'en')).toMatch(/· dropped \(by @camille-durand, [0-9-]+ [0-9:]+ UTC\) ·/);
  });
});
