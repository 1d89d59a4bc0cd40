// The rules and articles of a git ref, for `repodesk simulate`: `git archive` of rules/ and kb/ at the ref
// (relative to --root, which may be a sub-folder of the checkout) unpacked into a temporary folder, where
// the normal loader reads them; the ref's rules version is the last commit that changed rules/ there, the
// name `/healthz` shows once that commit runs. The working tree itself is read in place.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { x as extract } from 'tar';

/** A folder holding rules/ (and kb/ when the ref has one) of `ref`, and how to remove it. */
export interface RulesCheckout {
  root: string;
  /** The short commit that last changed rules/ at the ref: its rules version. */
  version: string;
  remove(): Promise<void>;
}

function git(
  root: string,
  args: string[],
): Promise<{ ok: true; out: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['--no-optional-locks', ...args],
      { cwd: root, maxBuffer: 1 << 30 },
      (error, stdout, stderr) =>
        resolve(error ? { ok: false, message: (stderr || error.message).trim() } : { ok: true, out: stdout }),
    );
  });
}

/** Unpacks rules/ and kb/ of `ref` (see the module comment), or says why it cannot. */
export async function rulesAtRef(root: string, ref: string, option: string): Promise<RulesCheckout | string> {
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit.ok)
    return (
      `${option} ${JSON.stringify(ref)}: not a commit of the git repository at ${root}; expected a branch, tag or ` +
      'commit, e.g. --base origin/main (in GitHub Actions, check out with fetch-depth: 0 so the base is there)'
    );
  const prefix = await git(root, ['rev-parse', '--show-prefix']);
  const at = `${commit.out.trim()}:${prefix.ok ? prefix.out.trim() : ''}`;
  const folders = await git(root, ['ls-tree', '-d', '--name-only', at]);
  const present = new Set(folders.ok ? folders.out.split('\n') : []);
  if (!present.has('rules'))
    return `${option} ${JSON.stringify(ref)}: has no rules/ folder under ${prefix.ok && prefix.out.trim() !== '' ? prefix.out.trim() : 'the repository root'}; expected the ref of a desk's rules`;
  const last = await git(root, ['log', '-1', '--format=%H', commit.out.trim(), '--', 'rules']);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'repodesk-simulate-'));
  const archive = path.join(folder, 'rules.tar');
  const written = await git(root, [
    'archive',
    '--format=tar',
    `--output=${archive}`,
    at,
    ...['rules', 'kb'].filter((name) => present.has(name)),
  ]);
  if (!written.ok) {
    await rm(folder, { recursive: true, force: true });
    return `${option} ${JSON.stringify(ref)}: git archive failed: ${written.message}`;
  }
  const checkout = path.join(folder, 'desk');
  await mkdir(checkout);
  await extract({ file: archive, cwd: checkout });
  return {
    root: checkout,
    version: last.ok ? last.out.trim().slice(0, 12) : commit.out.trim().slice(0, 12),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
