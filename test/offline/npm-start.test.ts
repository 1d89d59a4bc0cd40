// `npm start` as a newcomer runs it: `node src/cli/main.ts start` in its own process, no GitHub token, a
// clean HOME and environment, a fresh data folder. SLOW: it builds the help site (about 10 s here once
// Astro's content cache is warm, under a minute on a clean clone), so it stays a single test.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { siteBuildReason } from '../../src/offline/site-build.ts';
import { signInToAgentPage } from '../support/agent-page-browser.ts';
import { eventually, incidentSubmission, repoRoot } from '../support/bot-harness.ts';

const cleanups: (() => void)[] = [];
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('npm start (slow: builds the help site)', () => {
  it('prints every address, each answers, a request sent to the bot becomes an issue on the local tracker, and Ctrl+C stops it cleanly', async () => {
    const dataDir = tempDir('repodesk-start-data-');
    const home = tempDir('repodesk-start-home-');
    const started = Date.now();
    child = spawn(process.execPath, ['src/cli/main.ts', 'start'], {
      cwd: repoRoot,
      // Nothing of the developer's environment: no token, no DATA_DIR, no npm configuration.
      env: {
        PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        HOME: home,
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr?.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await eventually(
      async () => stdout.includes('Ctrl+C to stop.') || child!.exitCode !== null,
      100_000,
    ).catch(() => undefined);
    expect(stdout, `no banner; stderr:\n${stderr}`).toContain('Ctrl+C to stop.');
    expect(stdout).toContain(
      'Construction du site (première construction)… / Building the site (first build)…',
    );

    const banner = stdout.slice(stdout.indexOf('repodesk fonctionne hors ligne'));
    const line = (label: string) =>
      new RegExp(`^  ${label.replace(/[()]/g, '\\$&')}\\s+(\\S+)`, 'm').exec(banner)?.[1] ?? '';
    const printed = {
      siteFr: line("Centre d'aide (site)"),
      siteEn: line('Help centre (site)'),
      agentPage: line('Tickets (agent page)'),
      api: line('Local GitHub API (REST)'),
      mail: line('Mail sent (local catcher)'),
      health: line('Bot health'),
      metrics: line('Bot metrics'),
    };
    for (const url of Object.values(printed)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+(\/|$)/);
    // Those are all the addresses the banner prints, in French and in English.
    expect(new Set(banner.match(/http:\/\/\S+/g))).toEqual(new Set(Object.values(printed)));

    // Every address printed answers.
    const pages = await Promise.all(
      Object.entries(printed).map(async ([name, url]) => {
        const response = await fetch(url);
        return {
          name,
          status: response.status,
          type: response.headers.get('content-type') ?? '',
          text: await response.text(),
        };
      }),
    );
    for (const page of pages) expect(page.status, `${page.name} answered ${page.status}`).toBe(200);
    const byName = Object.fromEntries(pages.map((page) => [page.name, page]));
    expect(byName.siteFr?.text).toContain('lang="fr"');
    expect(byName.siteEn?.text).toContain('lang="en"');
    expect(JSON.parse(byName.health?.text ?? '{}')).toMatchObject({ ok: true });
    expect(byName.metrics?.text).toContain('repodesk_');
    expect(byName.mail?.type).toContain('text/html');

    // The REST API of the local tracker, with the bot's generated token, as any GitHub client uses it.
    const repository = /\(repository ([\w.-]+\/[\w.-]+)\)/.exec(banner)?.[1] ?? '';
    const { botToken } = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'offline-credentials.json'), 'utf8'),
    ) as {
      botToken: string;
    };
    const listIssues = async () => {
      const response = await fetch(`${printed.api}/repos/${repository}/issues?state=all`, {
        headers: { authorization: `token ${botToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { number: number; title: string; body: string }[];
    };
    expect(await listIssues()).toEqual([]);

    // A request sent as the help site sends it.
    const siteOrigin = new URL(printed.siteFr).origin;
    const bot = new URL(printed.health).origin;
    const response = await fetch(`${bot}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: siteOrigin },
      body: JSON.stringify(incidentSubmission(Date.now())),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe(siteOrigin);
    const { ref } = (await response.json()) as { ref: string };
    const issue = await eventually(async () =>
      (await listIssues()).find((candidate) => candidate.body.includes(ref)),
    );
    expect(issue.title).toContain('Impossible de me connecter au VPN');
    // The agent page asks to sign in; an agent signs in with the token the console printed for them.
    expect(await (await fetch(printed.agentPage)).text()).not.toContain('Impossible de me connecter au VPN');
    const printedToken = /^ {2}@camille-durand +(offline-[0-9a-f]{32})$/m.exec(stdout)?.[1] ?? '';
    const camille = await signInToAgentPage(new URL(printed.agentPage).origin, printedToken);
    expect((await camille.get('/')).html).toContain('Impossible de me connecter au VPN');
    expect(fs.readFileSync(path.join(dataDir, 'bot.log'), 'utf8')).not.toContain(printedToken);

    child.kill('SIGINT');
    const exit = await Promise.race([
      exited,
      new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        setTimeout(() => resolve({ code: null, signal: 'still running after 15 s' }), 15_000),
      ),
    ]);
    expect(exit, stderr).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    // The next start reuses this build: the build itself touched none of its sources.
    const { botUrl } = JSON.parse(fs.readFileSync(path.join(dataDir, 'site-build.json'), 'utf8')) as {
      botUrl: string;
    };
    expect(botUrl).toBe(bot);
    expect(
      siteBuildReason(repoRoot, path.join(dataDir, 'site'), path.join(dataDir, 'site-build.json'), bot),
    ).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 150_000);
});
