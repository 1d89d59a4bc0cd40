// .ci/run is what CI reads: whatever fails (install, typecheck, lint, format, tests), the run must end
// with the plain "N passed, N failed" line and a non-zero exit. Run here in a throwaway repository with
// a stand-in `npm` on PATH, so the script's own logic is exercised without running the whole suite.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** A stand-in npm: `FAIL` names the step that fails; `npm test` writes a Vitest JSON report. */
const fakeNpm = `#!/usr/bin/env bash
step="$1"; [ "$step" = run ] && { [ "$2" = --silent ] && step="$3" || step="$2"; }
echo "npm $step" >> "$LOG"
if [ "$step" = "$FAIL" ]; then echo "$step failed" >&2; exit 1; fi
if [ "$step" = test ]; then
  mkdir -p test-results
  echo '{"numPassedTests":3,"numFailedTests":'"\${FAILED_TESTS:-0}"',"testResults":[]}' > test-results/vitest.json
  [ "\${FAILED_TESTS:-0}" = 0 ] || exit 1
fi
exit 0
`;

const roots: string[] = [];

async function ciRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'repodesk-ci-'));
  roots.push(root);
  await mkdir(path.join(root, '.ci'));
  await mkdir(path.join(root, 'bin'));
  await copyFile('.ci/run', path.join(root, '.ci/run'));
  await writeFile(path.join(root, 'package-lock.json'), '{}\n');
  await writeFile(path.join(root, 'bin/npm'), fakeNpm);
  // Present, so the script installs nothing with apt-get.
  await writeFile(path.join(root, 'bin/chromium'), '#!/bin/sh\n');
  await writeFile(path.join(root, 'bin/dovecot'), '#!/bin/sh\n');
  for (const name of ['npm', 'chromium', 'dovecot']) await chmod(path.join(root, 'bin', name), 0o755);
  const git = (...args: string[]) => run('git', args, { cwd: root });
  await git('init', '-q');
  await git('add', 'package-lock.json');
  await git('-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', 'commit', '-qm', 'lock');
  return root;
}

async function runCi(root: string, env: Record<string, string>) {
  const options = {
    cwd: root,
    env: {
      PATH: `${path.join(root, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: root,
      LOG: path.join(root, 'npm.log'),
      ...env,
    },
  };
  try {
    const { stdout } = await run('bash', ['.ci/run'], options);
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, lines: failure.stdout.trim().split('\n') };
  }
}

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('.ci/run', () => {
  it('runs typecheck, lint, the format check, the layout rules, knip and the tests, and ends with the count line', async () => {
    const root = await ciRoot();
    const result = await runCi(root, {});
    expect(result.lines.at(-1)).toBe('3 passed, 0 failed');
    expect(result.code).toBe(0);
    expect((await readFile(path.join(root, 'npm.log'), 'utf8')).trim().split('\n')).toEqual([
      'npm install',
      'npm typecheck',
      'npm lint',
      'npm format:check',
      'npm layout',
      'npm deadcode',
      'npm test',
    ]);
  });

  it.each(['typecheck', 'lint', 'format:check', 'layout', 'deadcode'])(
    'a failed %s still runs the tests, counts one failure and fails the run',
    async (step) => {
      const result = await runCi(await ciRoot(), { FAIL: step });
      expect(result.lines).toContain(`static check failed: npm run ${step}`);
      expect(result.lines.at(-1)).toBe('3 passed, 1 failed');
      expect(result.code).not.toBe(0);
    },
  );

  it('failing tests are counted and fail the run', async () => {
    const result = await runCi(await ciRoot(), { FAILED_TESTS: '2' });
    expect(result.lines.at(-1)).toBe('3 passed, 2 failed');
    expect(result.code).not.toBe(0);
  });

  it('a failed install still ends with the count line', async () => {
    const result = await runCi(await ciRoot(), { FAIL: 'install' });
    expect(result.lines.at(-1)).toBe('0 passed, 1 failed');
    expect(result.code).not.toBe(0);
  });
});
