// The name of the rules in force, the same in `repodesk validate`, `/healthz` and the logs, so an admin
// can match a pull request to what runs:
//   3f2a9c1b0d4e                        rules/ as committed: the last commit that changed rules/
//   3f2a9c1b0d4e-dirty+9b1e04c7aa21     that commit, with uncommitted changes: the content hash says which
//   sha256:9b1e04c7aa21                 rules/ outside a git checkout (or git unavailable): the content hash
// Git is asked only when the content changed (a reload that finds the same content keeps its name).
import { execFile } from 'node:child_process';

export interface RulesVersion {
  /** One of the three forms above. */
  version: string;
  /** `hashRulesFolder` of the content (64 hex digits). */
  contentHash: string;
  /** The last commit that changed rules/ (40 hex digits), when rules/ is in a git checkout. */
  commit: string | null;
  /** Whether rules/ differs from that commit (changed, added or removed files). */
  dirty: boolean;
}

const short = (hash: string) => hash.slice(0, 12);

function git(root: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    // --no-optional-locks: never take the index lock a concurrent `git pull` needs.
    execFile('git', ['--no-optional-locks', ...args], { cwd: root, timeout: 10_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/** Names the content of `root/rules` whose hash is `contentHash` (see the header). */
export async function rulesVersion(root: string, contentHash: string): Promise<RulesVersion> {
  const commit = (await git(root, ['log', '-1', '--format=%H', '--', 'rules']))?.trim();
  if (!commit || !/^[0-9a-f]{40}$/.test(commit)) {
    return { version: `sha256:${short(contentHash)}`, contentHash, commit: null, dirty: false };
  }
  const [prefix, status] = await Promise.all([
    git(root, ['rev-parse', '--show-prefix']),
    git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--ignored', '--', 'rules']),
  ]);
  // Paths come from the top of the checkout; hidden files are not part of the content hash, so not of
  // the version either.
  const changed = (status ?? '')
    .split('\0')
    .map((entry) => entry.slice(3).slice(prefix?.trim().length ?? 0))
    .filter((file) => file !== '' && !file.split('/').some((segment) => segment.startsWith('.')));
  const dirty = status === undefined || prefix === undefined || changed.length > 0;
  return {
    version: dirty ? `${short(commit)}-dirty+${short(contentHash)}` : short(commit),
    contentHash,
    commit,
    dirty,
  };
}
