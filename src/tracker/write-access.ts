// Whether an account GitHub calls a MEMBER or COLLABORATOR may act for the desk: it can write to the
// repository (write, maintain or admin), as the Tracker port says. An organisation member may not be able to
// write here, a collaborator may be read-only.

import type { RepositoryPermission, Tracker } from './tracker.ts';

/** The roles that may act for the desk: they can write to the repository. */
const writeRoles: ReadonlySet<RepositoryPermission> = new Set(['admin', 'maintain', 'write']);

/** True when `login` can write to the repository (one request to the tracker). */
export async function hasWriteAccess(
  login: string,
  tracker: Pick<Tracker, 'collaboratorPermission'>,
): Promise<boolean> {
  return writeRoles.has(await tracker.collaboratorPermission(login));
}
