// The GitHub App manifest `repodesk setup github` submits: exactly the permissions the REST operations
// repodesk calls need (tracker/app-permissions.ts) and the webhook events its handlers act on, the
// webhook sent to the bot, and the two pages of the local listener GitHub sends the browser back to
// (after creating the App, after installing it). Pure: the caller gives every URL.

import type { AppAccess } from '../tracker/app-permissions.ts';

export interface AppManifestInput {
  name: string;
  /** The App's homepage: the help site, else the repository's page. */
  homepage: string;
  /** `<PUBLIC_BOT_URL>/api/github/webhooks`. */
  webhookUrl: string;
  /** Where GitHub sends the browser with the code once the App is created. */
  redirectUrl: string;
  /** Where GitHub sends the browser once the App is installed. */
  setupUrl: string;
  permissions: Record<string, AppAccess>;
  events: readonly string[];
}

/** The manifest, in GitHub's documented parameters. */
export interface AppManifest {
  name: string;
  url: string;
  description: string;
  hook_attributes: { url: string; active: true };
  redirect_url: string;
  setup_url: string;
  setup_on_update: boolean;
  public: false;
  default_permissions: Record<string, AppAccess>;
  default_events: string[];
}

/** GitHub refuses App names over 34 characters. */
export const appNameMaxLength = 34;

/** The default name: `repodesk-<owner>-<repo>`, cut to GitHub's limit. */
export function defaultAppName(repository: string): string {
  const name = `repodesk-${repository.replace('/', '-')}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return name.slice(0, appNameMaxLength).replace(/-+$/, '');
}

export function appManifest(input: AppManifestInput): AppManifest {
  return {
    name: input.name,
    url: input.homepage,
    description:
      'repodesk: turns help-site forms and mail into issues of this repository, mails agents’ replies back.',
    hook_attributes: { url: input.webhookUrl, active: true },
    redirect_url: input.redirectUrl,
    setup_url: input.setupUrl,
    setup_on_update: false,
    public: false,
    default_permissions: input.permissions,
    default_events: [...input.events].sort(),
  };
}

/** Event names (`issues`, `issue_comment`) of handler keys such as `issues.opened`. */
export function eventsOf(handlerKeys: Iterable<string>): string[] {
  return [...new Set([...handlerKeys].map((key) => key.split('.')[0] ?? key))].sort();
}
