// Which of the desk's repositories a CLI's `owner/repo` names: the default one (GITHUB_REPOSITORY or
// desk.yaml's `repository`, whose store rows are keyed '' — src/store/repository-key.ts), a confidential
// queue (listed in desk.yaml's `repositories` after it), or none of them. Names compare without case.

import type { Rules } from '../rules/types.ts';

export type DeskRepository = 'default' | 'queue' | 'unlisted';

/** What `repository` is to the desk; `defaultRepository` is the one the command runs for. */
export function deskRepository(
  desk: Rules['desk'],
  repository: string,
  defaultRepository: string | undefined,
): DeskRepository {
  const same = (name: string | undefined) => name?.toLowerCase() === repository.toLowerCase();
  if (repository === '' || same(defaultRepository) || same(desk.repository)) return 'default';
  return (desk.repositories ?? [desk.repository]).some(same) ? 'queue' : 'unlisted';
}
