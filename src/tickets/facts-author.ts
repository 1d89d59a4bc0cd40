// Whose issues' facts marker counts (channel, organisation, language, form, the strategy a waiting ticket
// wants): repodesk's own issues, where intake wrote it, and issues a teams.yaml agent opened on GitHub, where
// the bot writes it when it routes them. Anyone else can type a marker into an issue they open; an agent may
// act for the desk anyway (a marker they typed claims nothing a command could not set). Decided from the
// issue alone, so that an Actions run without the bot's store reads a ticket as the bot does.

import { sameLogin } from '../rules/agents.ts';

/** True when the facts marker of an issue opened by `author` counts. */
export function factsAuthor(
  author: string,
  accounts: { repodeskLogins: readonly string[]; agentLogins: readonly string[] },
): boolean {
  return [...accounts.repodeskLogins, ...accounts.agentLogins].some((login) => sameLogin(login, author));
}
