// Who may act in the desk's name, from what GitHub says about a comment's or an issue's author: the login
// and its `author_association`. Pure, and the same for every reader (the webhook handlers that run
// commands, the customer's follow page, the sweep's SLA reading), so that a comment is classified the same
// way everywhere, from GitHub data alone (an Actions run has no database).

import { sameLogin } from '../rules/agents.ts';

/** The author of a comment or an issue, as GitHub gives it on every comment (REST and webhook payloads). */
export interface CommentAuthor {
  login: string;
  /** GitHub's `author_association`: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, … */
  association: string;
}

/** The accounts that act for the desk without asking GitHub. */
export interface DeskAccounts {
  /** The agents of rules/teams.yaml (logins in any case). */
  agentLogins: readonly string[];
  /** Every login repodesk writes as (`Tracker.repodeskLogins`). */
  repodeskLogins: readonly string[];
}

export type DeskStanding =
  /** repodesk itself (the bot, the Actions workflow). */
  | 'repodesk'
  /** May act for the desk: a teams.yaml agent, or the repository's owner. */
  | 'desk'
  /** A MEMBER or COLLABORATOR: an organisation member may not be able to write here, a collaborator may be read-only; ask GitHub. */
  | 'unconfirmed'
  /** Anyone else: their commands are ordinary comments. */
  | 'outsider';

/** Whether `author` may act for the desk, as far as the login and the association tell. */
export function deskStanding(author: CommentAuthor, accounts: DeskAccounts): DeskStanding {
  const { login, association } = author;
  if (login === '') return 'outsider';
  if (accounts.repodeskLogins.some((candidate) => sameLogin(candidate, login))) return 'repodesk';
  // teams.yaml is the desk's own word, whatever GitHub shows (a private organisation membership shows NONE).
  if (accounts.agentLogins.some((candidate) => sameLogin(candidate, login))) return 'desk';
  if (association === 'OWNER') return 'desk';
  if (association === 'MEMBER' || association === 'COLLABORATOR') return 'unconfirmed';
  return 'outsider';
}
