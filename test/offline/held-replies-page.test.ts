// The offline agent page (`npm start`) lists the replies the collision guard held, with where each stands:
// an agent answers, a second agent's `/reply` is held (listed as held on the issue and on the list), then
// dropped (listed as dropped, by whom). Comments are posted through the page's own form, as a person would.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineStack, type OfflineStack } from '../../src/offline/offline-stack.ts';
import { eventually, incidentSubmission, repoRoot } from '../support/bot-harness.ts';
import { signInToAgentPage, type AgentPageBrowser } from '../support/agent-page-browser.ts';

let stack: OfflineStack;
let dataDir: string;
let issuePath: string;
/** Each agent signed in to the agent page with the token the stack generated for them. */
const signedIn = new Map<string, AgentPageBrowser>();

async function agent(login: string): Promise<AgentPageBrowser> {
  const known = signedIn.get(login);
  if (known) return known;
  const token = stack.agents.find((account) => account.login === login)?.token ?? '';
  const browser = await signInToAgentPage(stack.urls.standin, token);
  signedIn.set(login, browser);
  return browser;
}

/** The page at `pathname` (French unless `lang`), as text with the HTML entities of quotes read back. */
async function pageText(pathname: string, lang = 'fr'): Promise<string> {
  const url = new URL(pathname, stack.urls.standin);
  url.searchParams.set('lang', lang);
  const html = (await (await agent('camille-durand')).get(url.pathname + url.search)).html;
  return html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

/** Posts a comment through the agent page's form, signed in as `login`, then waits until the bot answered it. */
async function commentAs(login: string, body: string): Promise<void> {
  const before = stack.standin.deliveries().length;
  const response = await (await agent(login)).post(`${issuePath}/comments`, { body, lang: 'fr' });
  expect(response.status).toBe(303);
  await eventually(async () => stack.standin.deliveries().length > before);
  await stack.standin.deliveriesIdle();
  await eventually(async () => {
    const row = await stack.bot.context.store.get(
      "SELECT count(*) AS n FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_after <= ?)",
      stack.bot.context.clock(),
    );
    return Number(row?.n ?? 1) === 0;
  });
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
    expect(await pageText('/')).toContain('Aucune réponse retenue.');
    await commentAs('lucas-martin', '/reply Bonjour, nous regardons votre accès VPN.');
    expect(await pageText(issuePath)).not.toContain('Réponses retenues');
    await commentAs('camille-durand', '/reply Bonjour, votre VPN est rétabli.');

    const number = issuePath.split('/').at(-1);
    const held = `#${number} · @camille-durand · `;
    const onIssue = await pageText(issuePath);
    expect(onIssue).toContain('Réponses retenues (deux agents ne répondent pas deux fois au même client)');
    expect(onIssue).toMatch(
      new RegExp(
        `${held}[0-9-]+ [0-9:]+ UTC · retenue · @lucas-martin avait déjà répondu · « Bonjour, votre VPN est rétabli. »`,
      ),
    );
    expect(await pageText('/')).toContain(held);
    expect(await pageText(issuePath, 'en')).toMatch(/· held · @lucas-martin had already replied ·/);

    await commentAs('camille-durand', '/drop');
    expect(await pageText(issuePath)).toMatch(/· abandonnée \(par @camille-durand, [0-9-]+ [0-9:]+ UTC\) ·/);
    expect(await pageText('/', 'en')).toMatch(/· dropped \(by @camille-durand, [0-9-]+ [0-9:]+ UTC\) ·/);
  });
});
