// A suite that needs a server installed on the machine (here the IMAP tests and Dovecot) says so when
// the server is missing: one line naming what was skipped and how to run it, never a silent skip; and in
// CI a missing server fails the run. Checked by running Vitest itself on an IMAP test file with Dovecot
// hidden from PATH, as a newcomer's machine without dovecot-imapd has it.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateProgram, systemServer } from '../support/system-server.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const imapFile = 'test/channels/email/imap-poller.test.ts';
const skipLine = `IMAP tests skipped (${imapFile}): dovecot not found on PATH; install dovecot-imapd (apt) or set DOVECOT_PATH, or run .ci/run`;

/** This process's environment without Vitest's own variables and without any PATH folder holding dovecot. */
function machineWithoutDovecot(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('VITEST') && key !== 'CI' && key !== 'DOVECOT_PATH') env[key] = value;
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => 'missing' in locateProgram({ program: 'dovecot', pathVariable: 'NONE' }, { PATH: dir }))
    .join(path.delimiter);
  return { ...env, NO_COLOR: '1', ...extra };
}

async function vitest(file: string, env: NodeJS.ProcessEnv) {
  const cli = path.join(repo, 'node_modules/vitest/vitest.mjs');
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'run', file], { cwd: repo, env });
    return { code: 0, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}\n${failed.stderr}` };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'repodesk-system-server-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('suites that need a system server', () => {
  it('without Dovecot, an IMAP test file is skipped with one line that says how to run it', async () => {
    const result = await vitest(imapFile, machineWithoutDovecot());
    expect(result.code).toBe(0);
    const lines = result.output.split('\n');
    expect(lines.filter((line) => line.includes('IMAP tests'))).toEqual([skipLine]);
    expect(result.output).toMatch(/Tests\s+\d+ skipped/);
  });

  it('in CI (CI=true), a missing Dovecot fails the run and names what to install', async () => {
    const result = await vitest(imapFile, machineWithoutDovecot({ CI: 'true' }));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      `IMAP tests cannot run in CI (CI=true) (${imapFile}): dovecot not found on PATH; install dovecot-imapd (apt) or set DOVECOT_PATH (.ci/run installs it)`,
    );
  });

  const need = {
    suite: 'IMAP tests',
    program: 'dovecot',
    pathVariable: 'DOVECOT_PATH',
    install: 'dovecot-imapd (apt)',
    file: path.join(process.cwd(), imapFile),
  };

  it.each([
    [
      'a DOVECOT_PATH that does not exist',
      { DOVECOT_PATH: '/nonexistent/dovecot', PATH: '/usr/sbin:/usr/bin' },
      `IMAP tests skipped (${imapFile}): DOVECOT_PATH is "/nonexistent/dovecot", which is not an executable file; install dovecot-imapd (apt) or set DOVECOT_PATH, or run .ci/run`,
    ],
    ['an empty PATH', { PATH: '' }, skipLine],
  ])('%s: skipped with its reason', (_name, env, line) => {
    const printed: string[] = [];
    expect(systemServer(need, env, (text) => printed.push(text))).toBeUndefined();
    expect(printed).toEqual([line]);
  });

  it('found through DOVECOT_PATH or on PATH, in that order, and nothing printed', async () => {
    const onPath = path.join(dir, 'bin');
    const pinned = path.join(dir, 'pinned-dovecot');
    await run('mkdir', ['-p', onPath]);
    for (const file of [path.join(onPath, 'dovecot'), pinned]) {
      await writeFile(file, '#!/bin/sh\n');
      await chmod(file, 0o755);
    }
    const printed: string[] = [];
    const print = (text: string) => printed.push(text);
    expect(systemServer(need, { PATH: `/nonexistent:${onPath}` }, print)).toBe(path.join(onPath, 'dovecot'));
    expect(systemServer(need, { PATH: onPath, DOVECOT_PATH: pinned, CI: 'true' }, print)).toBe(pinned);
    expect(printed).toEqual([]);
  });
});
