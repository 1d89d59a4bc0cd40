// GitHub logins are case-insensitive: `Camille-Durand` in teams.yaml and the `camille-durand` GitHub
// returns in an assignee or a comment author are one account.
import type { Agent, Rules } from './types.ts';

/** Whether two GitHub logins name the same account. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The agent of teams.yaml with GitHub login `login`, whatever its case. */
export function findAgent(rules: Rules, login: string): Agent | undefined {
  return rules.teams.agents.find((agent) => sameLogin(agent.login, login));
}
