// The GitHub App permissions repodesk needs, derived from the REST operations it calls: each operation the
// Tracker adapter (and the doctor's --fix) uses, with the permission GitHub's REST reference lists for it
// ("Fine-grained access tokens" section of each endpoint). A new REST call adds its line here, so the
// manifest of `repodesk setup github` and the doctor's permission check ask for it
// (test/setup/setup-github.test.ts pins the manifest's permissions).

export type AppAccess = 'read' | 'write';

/** By GitHub operationId: the permission it needs, or null for App endpoints authenticated by the JWT. */
const operationPermissions: Readonly<Record<string, { permission: string; access: AppAccess } | null>> = {
  'apps/get-authenticated': null,
  'apps/create-installation-access-token': null,
  'apps/get-installation': null,
  'apps/get-repo-installation': null,
  'apps/get-webhook-config-for-app': null,
  // The bot's own login: installation tokens are refused GET /user, the adapter asks GET /app instead.
  'users/get-authenticated': null,
  'issues/list-for-repo': { permission: 'issues', access: 'read' },
  'issues/get': { permission: 'issues', access: 'read' },
  'issues/create': { permission: 'issues', access: 'write' },
  'issues/update': { permission: 'issues', access: 'write' },
  'issues/list-labels-on-issue': { permission: 'issues', access: 'read' },
  'issues/add-labels': { permission: 'issues', access: 'write' },
  'issues/remove-label': { permission: 'issues', access: 'write' },
  'issues/add-assignees': { permission: 'issues', access: 'write' },
  'issues/list-comments': { permission: 'issues', access: 'read' },
  'issues/create-comment': { permission: 'issues', access: 'write' },
  'issues/update-comment': { permission: 'issues', access: 'write' },
  'issues/list-events-for-timeline': { permission: 'issues', access: 'read' },
  'issues/list-labels-for-repo': { permission: 'issues', access: 'read' },
  'issues/create-label': { permission: 'issues', access: 'write' },
  'repos/get': { permission: 'metadata', access: 'read' },
  'repos/get-collaborator-permission-level': { permission: 'metadata', access: 'read' },
};

/** The permissions an App needs for every listed operation: the highest access each permission is used with. */
export function requiredAppPermissions(): Record<string, AppAccess> {
  const required: Record<string, AppAccess> = {};
  for (const need of Object.values(operationPermissions)) {
    if (!need) continue;
    if (required[need.permission] !== 'write') required[need.permission] = need.access;
  }
  return Object.fromEntries(Object.entries(required).sort(([a], [b]) => a.localeCompare(b)));
}

/** Whether `granted` (an installation's permissions) is at least `needed`. */
export function grants(granted: string | undefined, needed: AppAccess): boolean {
  if (granted === 'admin' || granted === 'write') return true;
  return granted === 'read' && needed === 'read';
}
