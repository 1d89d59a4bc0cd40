// GitHub-shaped JSON for the stand-in's records: users, labels, issues, comments, issue events, timeline
// items, repositories. Shapes follow GitHub's REST answers (checked at runtime against the OpenAPI subset)
// and webhook payloads (compared in tests with @octokit/webhooks-examples).

import { createHash } from 'node:crypto';
import type { AuthorAssociation, RepositoryRole } from './repository-access.ts';
import type {
  CommentRecord,
  EventRecord,
  IssueRecord,
  LabelRecord,
  RepoRecord,
  StandinUser,
} from './standin-state.ts';

/** Where the stand-in is reached: the API root and the HTML root (the same server). */
export interface UrlBase {
  api: string;
  html: string;
}

type JsonObject = Record<string, unknown>;

/** GitHub's node ids are opaque base64 strings with a type prefix; ours are stable for the same record. */
function nodeId(prefix: string, key: string): string {
  return `${prefix}_kwDO${createHash('sha256').update(key).digest('base64url').slice(0, 16)}`;
}

export function userJson(user: StandinUser, base: UrlBase): JsonObject {
  const api = `${base.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'BOT' : 'U', user.login),
    avatar_url: `${base.html}/_standin/avatars/${encodeURIComponent(user.login)}`,
    gravatar_id: '',
    url: api,
    html_url: `${base.html}/${encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `GET /repos/{owner}/{repo}/collaborators/{username}/permission`: an account's role on a repository. */
export function collaboratorPermissionJson(
  user: StandinUser,
  base: UrlBase,
  role: RepositoryRole | undefined,
  permission: 'admin' | 'write' | 'read' | 'none',
): JsonObject {
  const rank = role === undefined ? 0 : 5 - ['admin', 'maintain', 'write', 'triage', 'read'].indexOf(role);
  return {
    permission,
    role_name: role ?? 'none',
    user: {
      ...userJson(user, base),
      permissions: {
        pull: rank >= 1,
        triage: rank >= 2,
        push: rank >= 3,
        maintain: rank >= 4,
        admin: rank >= 5,
      },
      role_name: role ?? 'none',
    },
  };
}

/** `GET /user`: the private view of the authenticated account. */
export function authenticatedUserJson(user: StandinUser, base: UrlBase, createdAt: string): JsonObject {
  return {
    ...userJson(user, base),
    user_view_type: 'private',
    name: user.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: null,
    notification_email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
    private_gists: 0,
    total_private_repos: 1,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

export function labelJson(label: LabelRecord, base: UrlBase): JsonObject {
  return {
    id: label.id,
    node_id: nodeId('LA', `${label.repo}:${label.id}`),
    url: `${base.api}/repos/${label.repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.isDefault,
    description: label.description,
  };
}

function repoApi(repo: string, base: UrlBase): string {
  return `${base.api}/repos/${repo}`;
}

function reactions(url: string): JsonObject {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export interface JsonContext {
  base: UrlBase;
  user(login: string): StandinUser;
  label(repo: string, name: string): LabelRecord;
  /** What GitHub writes as `author_association` for `login` on `repo` (see repository-access.ts). */
  association(repo: string, login: string): AuthorAssociation;
  /** Whether `repo` is public (anyone reads it); the stand-in's repositories are private unless started so. */
  isPublic(repo: string): boolean;
}

export function issueJson(issue: IssueRecord, context: JsonContext): JsonObject {
  const { base } = context;
  const url = `${repoApi(issue.repo, base)}/issues/${issue.number}`;
  const assignees = issue.assignees.map((login) => userJson(context.user(login), base));
  return {
    url,
    repository_url: repoApi(issue.repo, base),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${base.html}/${issue.repo}/issues/${issue.number}`,
    id: issue.id,
    node_id: nodeId('I', `${issue.repo}#${issue.number}`),
    number: issue.number,
    title: issue.title,
    user: userJson(context.user(issue.author), base),
    labels: issue.labels.map((name) => labelJson(context.label(issue.repo, name), base)),
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: issue.comments,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: context.association(issue.repo, issue.author),
    active_lock_reason: null,
    body: issue.body,
    draft: false,
    closed_by: issue.closedBy === null ? null : userJson(context.user(issue.closedBy), base),
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
}

export function commentJson(comment: CommentRecord, context: JsonContext): JsonObject {
  const { base } = context;
  const url = `${repoApi(comment.repo, base)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${base.html}/${comment.repo}/issues/${comment.number}#issuecomment-${comment.id}`,
    issue_url: `${repoApi(comment.repo, base)}/issues/${comment.number}`,
    id: comment.id,
    node_id: nodeId('IC', String(comment.id)),
    user: userJson(context.user(comment.author), base),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: context.association(comment.repo, comment.author),
    body: comment.body,
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}

/** One issue event as `GET /issues/{n}/events` and the timeline show it. */
export function eventJson(event: EventRecord, context: JsonContext, view: 'events' | 'timeline'): JsonObject {
  const { base } = context;
  const json: JsonObject = {
    id: event.id,
    node_id: nodeId(eventPrefix[event.event], String(event.id)),
    url: `${repoApi(event.repo, base)}/issues/events/${event.id}`,
    actor: userJson(context.user(event.actor), base),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: null,
  };
  switch (event.event) {
    case 'labeled':
    case 'unlabeled': {
      const label = context.label(event.repo, event.label ?? '');
      json.label = { name: label.name, color: label.color };
      break;
    }
    case 'assigned':
    case 'unassigned':
      json.assignee = userJson(context.user(event.assignee ?? ''), base);
      if (view === 'events') json.assigner = userJson(context.user(event.actor), base);
      break;
    case 'closed':
    case 'reopened':
      json.state_reason = event.stateReason ?? null;
      break;
    case 'renamed':
      json.rename = { from: event.renamedFrom ?? '', to: event.renamedTo ?? '' };
      break;
  }
  return json;
}

const eventPrefix: Record<EventRecord['event'], string> = {
  labeled: 'LE',
  unlabeled: 'UNLE',
  assigned: 'AE',
  unassigned: 'UAE',
  closed: 'CE',
  reopened: 'REE',
  renamed: 'RTE',
};

/** A comment as a timeline item: the comment itself plus `event` and `actor`. */
export function timelineCommentJson(comment: CommentRecord, context: JsonContext): JsonObject {
  return {
    ...commentJson(comment, context),
    event: 'commented',
    actor: userJson(context.user(comment.author), context.base),
  };
}

/** The `repository` object of webhook payloads. */
export function repositoryJson(
  repo: RepoRecord,
  owner: StandinUser,
  context: JsonContext,
  openIssues: number,
): JsonObject {
  const { base } = context;
  const api = repoApi(repo.fullName, base);
  return {
    id: repo.id,
    node_id: nodeId('R', repo.fullName),
    name: repo.name,
    full_name: repo.fullName,
    private: !context.isPublic(repo.fullName),
    owner: userJson(owner, base),
    html_url: `${base.html}/${repo.fullName}`,
    description: null,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    git_url: `git://standin.invalid/${repo.fullName}.git`,
    ssh_url: `git@standin.invalid:${repo.fullName}.git`,
    clone_url: `${base.html}/${repo.fullName}.git`,
    svn_url: `${base.html}/${repo.fullName}`,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: false,
    has_downloads: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: context.isPublic(repo.fullName) ? 'public' : 'private',
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: 'main',
    custom_properties: {},
  };
}

/**
 * `GET /repos/{owner}/{repo}`: the repository with the caller's `permissions` (from its role; absent for an
 * App's installation token, whose permissions are the installation's).
 */
export function fullRepositoryJson(
  repo: RepoRecord,
  owner: StandinUser,
  context: JsonContext,
  openIssues: number,
  role: 'admin' | 'maintain' | 'write' | 'triage' | 'read' | undefined,
): JsonObject {
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(role ?? '');
  return {
    ...repositoryJson(repo, owner, context, openIssues),
    network_count: 0,
    subscribers_count: 0,
    ...(role === undefined
      ? {}
      : {
          permissions: {
            admin: rank >= 4,
            maintain: rank >= 3,
            push: rank >= 2,
            triage: rank >= 1,
            pull: rank >= 0,
          },
        }),
  };
}
