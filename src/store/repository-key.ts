// How the store keys a ticket's repository next to its issue number (issue numbers are per repository:
// confidential queues). The desk's default repository is '' — rows written before repositories were
// recorded are the default's, and a migration cannot read desk.yaml to name it — and any other is its
// `owner/repo` in lower case, as GitHub compares names.

/** The stored key of `repository`: '' for the desk's default (undefined), else `owner/repo` lower-cased. */
export function repositoryKey(repository: string | undefined): string {
  return repository === undefined ? '' : repository.toLowerCase();
}

/** The repository a stored key names: undefined for the desk's default. */
export function repositoryOfKey(key: unknown): string | undefined {
  return typeof key === 'string' && key !== '' ? key : undefined;
}
