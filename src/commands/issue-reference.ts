// How agents name another issue in a command (`/merge #42`, `/link #7`): `#42`, `42`, `owner/repo#42` or the
// issue's URL (`https://github.com/owner/repo/issues/42`). One in another repository than the desk's is
// told apart, so the command can refuse it by name instead of acting on this repository's #42.

/** The issue a command's argument names. */
export type IssueReference =
  { kind: 'issue'; number: number } | { kind: 'other-repository'; given: string } | { kind: 'none' };

/** Reads `given` (one word) as an issue of `repository` (`owner/repo`). */
export function readIssueReference(given: string, repository: string): IssueReference {
  const short = /^(?:([\w.-]+\/[\w.-]+))?#(\d{1,9})$/.exec(given);
  const url = /^https?:\/\/[^/\s]+\/([\w.-]+\/[\w.-]+)\/issues\/(\d{1,9})\/?$/.exec(given);
  const bare = /^\d{1,9}$/.exec(given);
  const [repo, digits] = short ? [short[1], short[2]] : url ? [url[1], url[2]] : [undefined, bare?.[0]];
  if (digits === undefined || Number(digits) === 0) return { kind: 'none' };
  if (repo !== undefined && repo.toLowerCase() !== repository.toLowerCase())
    return { kind: 'other-repository', given };
  return { kind: 'issue', number: Number(digits) };
}
