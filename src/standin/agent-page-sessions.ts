// Who is signed in on the agent page, as github.com keeps it: a session per sign-in (a random id in an
// HttpOnly, SameSite=Strict cookie), the account it maps to, and a CSRF token its forms carry. Sessions live
// in memory: restarting the stand-in signs everyone out, as a fresh sign-in is cheap and nothing is lost.
// Sessions run on the wall clock, not the stand-in's data clock (which tests may set in the past).

import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The session cookie's name (github.com's own). */
const sessionCookie = 'user_session';

/** How long a sign-in lasts: a working day. */
const sessionMs = 12 * 3_600_000;

export interface AgentPageSession {
  login: string;
  /** The token every form of this session carries (`authenticity_token`, as on github.com). */
  csrfToken: string;
  expiresAt: number;
}

export class AgentPageSessions {
  readonly #sessions = new Map<string, AgentPageSession>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A new session for `login`: its id (the cookie's value) and the session. */
  open(login: string): { id: string; session: AgentPageSession } {
    this.#forgetExpired();
    const id = randomBytes(32).toString('base64url');
    const session = {
      login,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: this.#now() + sessionMs,
    };
    this.#sessions.set(id, session);
    return { id, session };
  }

  /** The live session whose id the request's cookie carries, if any. */
  find(cookieHeader: string | undefined): { id: string; session: AgentPageSession } | undefined {
    const id = cookieValue(cookieHeader, sessionCookie);
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return { id, session };
  }

  close(id: string): void {
    this.#sessions.delete(id);
  }

  /** Whether `given` is the session's CSRF token, compared in constant time. */
  csrfMatches(session: AgentPageSession, given: string | null): boolean {
    if (given === null) return false;
    const expected = Buffer.from(session.csrfToken);
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** The `Set-Cookie` value that keeps the session `id` (no `Secure`: the stand-in serves plain HTTP). */
  setCookie(id: string, session: AgentPageSession): string {
    const maxAge = Math.max(0, Math.round((session.expiresAt - this.#now()) / 1000));
    return `${sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}; Expires=${new Date(session.expiresAt).toUTCString()}`;
  }

  /** The `Set-Cookie` value that drops the session cookie. */
  clearCookie(): string {
    return `${sessionCookie}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  }

  #forgetExpired(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
