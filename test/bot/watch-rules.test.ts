// RELIABILITY 30, 36 and 37 as a running `repodesk serve` lives them: rules/ changed the way git, editors,
// `sed -i` and deploys change files (rename over, delete and create, a renamed folder, a swapped rules/
// folder, a pull of many files) are reloaded once each time; /healthz names the version in force, the
// same string `repodesk validate` prints; invalid or hostile rules (an alias bomb) are refused and the
// bot keeps serving with the last valid ones; a super-linear pattern never stalls it.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import {
  eventually,
  incidentSubmission,
  postRequest,
  repoRoot,
  templateRules,
} from '../support/bot-harness.ts';
import { startServe, type ServeChild } from '../support/serve-child.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function git(root: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Admin', '-c', 'user.email=admin@example.org', '-c', 'commit.gpgsign=false', ...args],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** A desk root (the template's rules/ and kb/), optionally a git checkout with one commit. */
function deskRoot(options: { git?: boolean } = {}): string {
  const root = tempDir('repodesk-reload-');
  fs.cpSync(path.join(repoRoot, 'rules'), path.join(root, 'rules'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'kb'), path.join(root, 'kb'), { recursive: true });
  if (options.git) {
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'desk');
  }
  return root;
}

/** Replaces a file as git, `sed -i` and most editors do: a new file written beside it, renamed over it. */
function renameOver(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** Changes a file's content without changing its meaning (a comment line), so the rules stay valid. */
function withComment(file: string, comment: string): string {
  return `# ${comment}\n${fs.readFileSync(file, 'utf8')}`;
}

interface RulesHealth {
  version: string;
  contentHash: string;
  loadedAt: string;
  refused: { at: string; contentHash: string; errorCount: number } | null;
}

async function rulesHealth(url: string): Promise<RulesHealth> {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rules: RulesHealth }).rules;
}

/** What `repodesk validate --root <root>` prints as the rules version. */
async function validatedVersion(root: string): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    await main(['validate', '--root', root]);
  } finally {
    spy.mockRestore();
  }
  const match = /^rules version: (\S+)$/m.exec(out);
  if (!match?.[1]) throw new Error(`no rules version in validate's output:\n${out}`);
  return match[1];
}

const count = (log: string, message: string) => log.split(`"msg":"${message}"`).length - 1;

async function startDesk(root: string, env: Record<string, string> = {}) {
  const rules = await templateRules();
  const standin: Standin = await startStandin({
    users: [
      { login: 'repodesk-bot', token: 'bot-token', type: 'Bot' },
      ...rules.teams.agents.map((agent) => ({ login: agent.login })),
    ],
  });
  cleanups.push(() => standin.close());
  const child: ServeChild = startServe({
    standinUrl: standin.url,
    dataDir: tempDir('repodesk-reload-data-'),
    env: { REPODESK_ROOT: root, ...env },
  });
  cleanups.push(() => child.stop());
  const url = await child.url;
  const issues = async () =>
    (await (
      await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
        headers: { authorization: 'token bot-token' },
      })
    ).json()) as { number: number; title: string; labels: { name: string }[] }[];
  return { child, url, issues };
}

/** Waits until /healthz shows `version`, then returns the rules part of it. */
async function untilVersion(url: string, version: string): Promise<RulesHealth> {
  return eventually(async () => {
    const rules = await rulesHealth(url);
    return rules.version === version ? rules : undefined;
  }, 20_000);
}

/**
 * Every reload the changes so far caused has happened: a SIGHUP reload (they run one after the other)
 * finds the content in force and says so.
 */
async function settled(child: ServeChild): Promise<void> {
  const before = count(child.log(), 'rules unchanged');
  child.process.kill('SIGHUP');
  await eventually(async () => count(child.log(), 'rules unchanged') > before, 20_000);
}

describe('rules changed under a running bot (RELIABILITY 37)', () => {
  it('a file replaced by rename three times in a row is reloaded each time, and /healthz names the version validate prints', async () => {
    const root = deskRoot({ git: true });
    const { child, url } = await startDesk(root);
    const head = git(root, 'rev-parse', 'HEAD').slice(0, 12);
    const first = await rulesHealth(url);
    expect(first.version).toBe(head);
    expect(await validatedVersion(root)).toBe(head);
    const routing = path.join(root, 'rules', 'routing.yaml');
    const seen = [first.version];
    for (const round of [1, 2, 3]) {
      renameOver(routing, withComment(routing, `checkout ${round}`));
      const expected = await validatedVersion(root);
      // Uncommitted changes to rules/: the commit, marked dirty, and the content actually loaded.
      expect(expected).toMatch(new RegExp(`^${head}-dirty\\+[0-9a-f]{12}$`));
      expect(seen).not.toContain(expected);
      const now = await untilVersion(url, expected);
      expect(Date.parse(now.loadedAt)).toBeGreaterThan(Date.parse(first.loadedAt));
      seen.push(expected);
    }
    await settled(child);
    expect(count(child.log(), 'rules reloaded')).toBe(3);

    // Committing what runs changes no content: no new load, and SIGHUP names it by its commit.
    git(root, 'commit', '-q', '-am', 'three checkouts');
    const before = await rulesHealth(url);
    await settled(child);
    const after = await rulesHealth(url);
    expect(after.version).toBe(git(root, 'rev-parse', 'HEAD').slice(0, 12));
    expect(after.version).toBe(await validatedVersion(root));
    expect(after.loadedAt).toBe(before.loadedAt);
    expect(after.contentHash).toBe(before.contentHash);
    expect(count(child.log(), 'rules reloaded')).toBe(3);
  }, 90_000);

  it('a file deleted and created again, a renamed folder and a swapped rules/ folder are each reloaded', async () => {
    const root = deskRoot();
    const { child, url } = await startDesk(root);
    const rulesDir = path.join(root, 'rules');
    const first = await rulesHealth(url);
    expect(first.version).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(first.version).toBe(await validatedVersion(root));

    // Deleted, then created again (a new inode under the same name).
    const teams = path.join(rulesDir, 'teams.yaml');
    const text = withComment(teams, 'recreated');
    fs.rmSync(teams);
    fs.writeFileSync(teams, text);
    const recreated = await untilVersion(url, await validatedVersion(root));
    expect(recreated.version).not.toBe(first.version);

    // A renamed folder: holidays/ becomes calendars/, and sla.yaml follows.
    fs.renameSync(path.join(rulesDir, 'holidays'), path.join(rulesDir, 'calendars'));
    const sla = path.join(rulesDir, 'sla.yaml');
    renameOver(sla, fs.readFileSync(sla, 'utf8').replaceAll('holidays/', 'calendars/'));
    const renamed = await untilVersion(url, await validatedVersion(root));
    expect(renamed.version).not.toBe(recreated.version);
    // A file in the renamed folder is watched too.
    const ics = path.join(rulesDir, 'calendars', 'fermetures-cassiopee.ics');
    fs.appendFileSync(ics, '\r\n');
    const icsEdited = await untilVersion(url, await validatedVersion(root));
    expect(icsEdited.version).not.toBe(renamed.version);

    // A deploy that swaps the whole folder: the new rules/ is watched, not the old one.
    fs.cpSync(rulesDir, `${rulesDir}.new`, { recursive: true });
    const newRouting = path.join(`${rulesDir}.new`, 'routing.yaml');
    fs.writeFileSync(newRouting, withComment(newRouting, 'deployed'));
    fs.renameSync(rulesDir, `${rulesDir}.old`);
    fs.renameSync(`${rulesDir}.new`, rulesDir);
    const swapped = await untilVersion(url, await validatedVersion(root));
    expect(swapped.version).not.toBe(icsEdited.version);
    const routing = path.join(rulesDir, 'routing.yaml');
    fs.writeFileSync(routing, withComment(routing, 'edited after the swap'));
    const editedAfterSwap = await untilVersion(url, await validatedVersion(root));
    expect(editedAfterSwap.version).not.toBe(swapped.version);
    // The old folder is no longer the rules: changing it changes nothing.
    fs.writeFileSync(
      path.join(`${rulesDir}.old`, 'routing.yaml'),
      withComment(path.join(`${rulesDir}.old`, 'routing.yaml'), 'old'),
    );
    await settled(child);
    expect((await rulesHealth(url)).version).toBe(editedAfterSwap.version);
    expect(count(child.log(), 'rules reloaded')).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('a git pull of thirty files is one reload, and /healthz names the pulled commit', async () => {
    const root = deskRoot({ git: true });
    git(root, 'checkout', '-q', '-b', 'next');
    const files = [
      ...fs.readdirSync(path.join(root, 'rules', 'replies')).map((name) => `rules/replies/${name}`),
      ...fs.readdirSync(path.join(root, 'rules', 'emails')).map((name) => `rules/emails/${name}`),
    ].slice(0, 30);
    expect(files).toHaveLength(30);
    for (const file of files) fs.appendFileSync(path.join(root, file), '\n');
    git(root, 'commit', '-q', '-am', 'thirty files');
    const pulled = git(root, 'rev-parse', 'HEAD').slice(0, 12);
    git(root, 'checkout', '-q', 'main');

    const { child, url } = await startDesk(root);
    const before = await rulesHealth(url);
    git(root, 'merge', '-q', '--ff-only', 'next');
    const after = await untilVersion(url, pulled);
    expect(after.version).toBe(await validatedVersion(root));
    expect(after.contentHash).not.toBe(before.contentHash);
    await settled(child);
    expect(count(child.log(), 'rules reloaded')).toBe(1);
  }, 90_000);

  it('with RULES_WATCH=off, SIGHUP reloads; a SIGHUP that finds the same content is not a new version', async () => {
    const root = deskRoot();
    const { child, url } = await startDesk(root, { RULES_WATCH: 'off' });
    const first = await rulesHealth(url);
    const desk = path.join(root, 'rules', 'desk.yaml');
    renameOver(desk, withComment(desk, 'signalled'));
    const expected = await validatedVersion(root);
    expect(expected).not.toBe(first.version);
    child.process.kill('SIGHUP');
    const reloaded = await untilVersion(url, expected);
    expect(Date.parse(reloaded.loadedAt)).toBeGreaterThan(Date.parse(first.loadedAt));
    await settled(child);
    const again = await rulesHealth(url);
    expect(again).toEqual(reloaded);
    expect(count(child.log(), 'rules reloaded')).toBe(1);
  }, 60_000);
});

/** Nine lists of nine, seven levels deep: 9^7 (4.8 million) values from a few hundred bytes. */
const aliasBomb = [
  'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefg'.split('').map((letter, index) => {
    const previous = 'abcdef'[index]!;
    return `x-${letter}: &${letter} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`;
  }),
  '',
].join('\n');

describe('hostile rules written under a running bot (RELIABILITY 36)', () => {
  it('an alias bomb is refused at its line and column; the bot keeps serving with the last valid rules', async () => {
    const root = deskRoot();
    const { child, url, issues } = await startDesk(root);
    const first = await rulesHealth(url);
    const teams = path.join(root, 'rules', 'teams.yaml');
    const valid = fs.readFileSync(teams, 'utf8');
    renameOver(teams, aliasBomb + valid);
    const refused = 'rules reload refused: keeping the last valid rules';
    await eventually(async () => count(child.log(), refused) === 1, 20_000);
    expect(child.log()).toContain('rules/teams.yaml:6:10 error invalid YAML: aliases would make this file');
    expect(child.process.exitCode).toBeNull();
    const health = await rulesHealth(url);
    expect(health.version).toBe(first.version);
    expect(health.loadedAt).toBe(first.loadedAt);
    expect(health.refused).toMatchObject({ errorCount: 1 });

    // Still answering, still routing with the rules in force.
    const response = await postRequest(url, incidentSubmission(Date.now()));
    expect(response.status).toBe(202);
    const [issue] = await eventually(async () => {
      const found = await issues();
      return found.length === 1 ? found : undefined;
    });
    expect(issue?.labels.map((label) => label.name)).toEqual(expect.arrayContaining(['type: incident']));

    // Put back: the content in force again, not a new version, and nothing refused any more.
    renameOver(teams, valid);
    await eventually(async () => (await rulesHealth(url)).refused === null, 20_000);
    await settled(child);
    expect(await rulesHealth(url)).toEqual({ ...first, refused: null });
    expect(count(child.log(), 'rules reloaded')).toBe(0);
  }, 90_000);

  it('a super-linear pattern written into the rules routes tickets of thousands of characters without stalling', async () => {
    const root = deskRoot();
    const { url, issues } = await startDesk(root);
    const routing = path.join(root, 'rules', 'routing.yaml');
    const rule = [
      '  - id: motif-a',
      '    when:',
      '      body:',
      `        matches: '(a|aa)+$'`,
      '    then:',
      '      labels: [motif-a]',
      '',
    ].join('\n');
    renameOver(
      routing,
      fs.readFileSync(routing, 'utf8').replace(/^rules:\n/m, () => `rules:\n${rule}`),
    );
    await untilVersion(url, await validatedVersion(root));
    const descriptions = ['a'.repeat(5000), `${'a'.repeat(5000)}!`];
    for (const description of descriptions) {
      const submission = incidentSubmission(Date.now());
      const fields = submission.fields as Record<string, unknown>;
      fields.description = description;
      expect((await postRequest(url, { ...submission, fields })).status).toBe(202);
    }
    const created = await eventually(async () => {
      const found = await issues();
      return found.length === 2 ? found : undefined;
    }, 30_000);
    const labelled = created.filter((issue) => issue.labels.some((label) => label.name === 'motif-a'));
    expect(labelled).toHaveLength(1);
  }, 90_000);
});
