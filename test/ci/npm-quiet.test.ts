// A newcomer's `npm install` and `npx repodesk …` run npm on the machine's own Node (20 on Debian 12),
// while the project runs on the Node 24 that npm installs: they must not print a wall of EBADENGINE
// warnings. npm is run here the way a newcomer's shell runs it, without node_modules/.bin on PATH.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

/**
 * The environment of a newcomer's plain shell: no node_modules/.bin on PATH, no npm_* variables from
 * `npm run`, and no user npm settings (this machine's ~/.npmrc turns some messages off already).
 */
function plainShell(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith('npm_') && !key.startsWith('VITEST')) env[key] = value;
  env.npm_config_userconfig = '/dev/null';
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(path.delimiter);
  return env;
}

async function npm(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { stdout, stderr } = await run('npm', args, { cwd: repo, env: { ...plainShell(), ...env } });
  return `${stdout}${stderr}`;
}

describe("npm on the machine's own Node", () => {
  it('npm install prints no EBADENGINE warning', async () => {
    const output = await npm(['install', '--dry-run', '--no-audit', '--no-fund']);
    expect(output).not.toContain('EBADENGINE');
    expect(output).not.toContain('npm warn');
  });

  // A dry run prints neither (only a real install does, after about a minute): the settings are read instead.
  it.each(['fund', 'update-notifier'])(
    'npm install ends without the %s message: the setting is off',
    async (key) => {
      expect((await npm(['config', 'get', key])).trim()).toBe('false');
    },
  );

  it.each(['--help', 'sla --help'])('npx repodesk %s prints its help and no warning', async (args) => {
    // A first npx links the project into npm's cache as a dependency and checks its engines there (later
    // runs reuse the link): an empty cache makes each run a newcomer's first.
    const cache = await mkdtemp(path.join(os.tmpdir(), 'repodesk-npm-cache-'));
    const output = await npm(['exec', '--', 'repodesk', ...args.split(' ')], {
      npm_config_cache: cache,
    }).finally(() => rm(cache, { recursive: true, force: true }));
    expect(output).toContain('Usage:');
    expect(output).not.toContain('EBADENGINE');
    expect(output).not.toMatch(/npm warn/i);
  });
});
