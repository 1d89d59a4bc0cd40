// A GitHub webhook delivery as repodesk reads it: the event name, the action, who caused it, and the
// issue/comment fields the handlers use. Payload types stop here.

export interface GithubEvent {
  /** `issues`, `issue_comment`, … (X-GitHub-Event). */
  name: string;
  action: string;
  deliveryId: string;
  /** Login of the account that caused the event. */
  sender: string;
  /** `Bot` for apps and integrations, `User` for people. */
  senderType: string;
  /** `owner/repo` of the repository the event happened in (absent when the payload names none). */
  repository?: string;
  issue?: {
    number: number;
    title: string;
    body: string;
    labels: string[];
    assignees: string[];
    author: string;
    /** GitHub's `author_association` of the issue's author (OWNER, MEMBER, COLLABORATOR, NONE, …). */
    association: string;
    state: string;
    isPullRequest: boolean;
  };
  comment?: {
    id: number;
    body: string;
    author: string;
    /** GitHub's `author_association` of the comment's author (OWNER, MEMBER, COLLABORATOR, NONE, …). */
    association: string;
  };
}

/** The key handlers register under: `issues.opened`, or `push` for events without an action. */
export function eventKey(name: string, action: string | undefined): string {
  return action ? `${name}.${action}` : name;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const login = (user: unknown): string => text((user as { login?: unknown } | null)?.login);

/** Reads the used fields of a payload; unknown shapes give empty fields, never an exception. */
export function parseGithubEvent(name: string, deliveryId: string, payload: unknown): GithubEvent {
  const body = (payload ?? {}) as Record<string, unknown>;
  const event: GithubEvent = {
    name,
    action: text(body.action),
    deliveryId,
    sender: login(body.sender),
    senderType: text((body.sender as { type?: unknown } | null)?.type),
  };
  const repository = text((body.repository as { full_name?: unknown } | null)?.full_name);
  if (repository !== '') event.repository = repository;
  const issue = body.issue as Record<string, unknown> | undefined;
  if (issue && typeof issue.number === 'number') {
    event.issue = {
      number: issue.number,
      title: text(issue.title),
      body: text(issue.body),
      labels: (Array.isArray(issue.labels) ? issue.labels : []).map((label: unknown) =>
        typeof label === 'string' ? label : text((label as { name?: unknown } | null)?.name),
      ),
      assignees: (Array.isArray(issue.assignees) ? issue.assignees : []).map(login),
      author: login(issue.user),
      association: text(issue.author_association) || 'NONE',
      state: text(issue.state),
      isPullRequest: issue.pull_request !== undefined,
    };
  }
  const comment = body.comment as Record<string, unknown> | undefined;
  if (comment && typeof comment.id === 'number') {
    event.comment = {
      id: comment.id,
      body: text(comment.body),
      author: login(comment.user),
      association: text(comment.author_association) || 'NONE',
    };
  }
  return event;
}
