// Who may do what on each repository of the stand-in, as GitHub derives it: a role per collaborator and
// repository (admin, maintain, write, triage, read), organisation membership and ownership. The collaborator
// permission endpoint and every `author_association` the stand-in writes (REST answers and webhook payloads)
// come from here, so a test can give an account exactly the standing a real GitHub user has.

/** GitHub's repository roles, weakest last. */
export type RepositoryRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** GitHub's `author_association` values. */
export type AuthorAssociation =
  | 'OWNER'
  | 'MEMBER'
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'NONE';

/** One account's access, as the stand-in's options give it. */
export interface AccountAccess {
  login: string;
  /** Its collaborator role on every repository, or by repository (`{"acme/support": "read"}`); `none`: no access. */
  role: RepositoryRole | 'none' | Record<string, RepositoryRole | 'none'>;
  /** Organisations it is a member of: MEMBER on their repositories, with at least `read` there. */
  organisations: readonly string[];
  /** What GitHub shows, where it differs from what the access implies (a private organisation membership shows NONE). */
  association?: AuthorAssociation;
}

const key = (login: string) => login.toLowerCase();

export class RepositoryAccess {
  readonly #accounts = new Map<string, AccountAccess>();

  constructor(accounts: readonly AccountAccess[]) {
    for (const account of accounts) this.#accounts.set(key(account.login), account);
  }

  /** The role `login` has on `repo` (`owner/name`) after every grant, or undefined without access. */
  role(repo: string, login: string): RepositoryRole | undefined {
    const owner = repo.split('/')[0] ?? '';
    if (key(owner) === key(login)) return 'admin';
    const account = this.#accounts.get(key(login));
    if (!account) return undefined;
    const given = typeof account.role === 'string' ? account.role : (account.role[repo] ?? 'none');
    if (given !== 'none') return given;
    // An organisation's base permission (GitHub's default is read) reaches every member.
    return this.#isMember(owner, account) ? 'read' : undefined;
  }

  /** The `author_association` GitHub writes on `login`'s issues and comments in `repo`. */
  association(repo: string, login: string): AuthorAssociation {
    const owner = repo.split('/')[0] ?? '';
    const account = this.#accounts.get(key(login));
    if (account?.association) return account.association;
    if (key(owner) === key(login)) return 'OWNER';
    if (account && this.#isMember(owner, account)) return 'MEMBER';
    return this.role(repo, login) === undefined ? 'NONE' : 'COLLABORATOR';
  }

  /** GitHub's legacy `permission` of `login` on `repo`: maintain counts as write, triage as read. */
  permission(repo: string, login: string): 'admin' | 'write' | 'read' | 'none' {
    const role = this.role(repo, login);
    if (role === undefined) return 'none';
    if (role === 'admin') return 'admin';
    return role === 'maintain' || role === 'write' ? 'write' : 'read';
  }

  #isMember(organisation: string, account: AccountAccess): boolean {
    return account.organisations.some((name) => key(name) === key(organisation));
  }
}
