// Canned replies (rules/replies/<id>.<lang>.md) filled for one ticket, and the desk's name in a language.
// Pure: the values are given (outbound/ticket-variables.ts says which value each variable takes).

import type { CannedReply, Rules } from '../rules/types.ts';
import { renderVariables } from './render-template.ts';

/** The desk's name in `lang`, else in its first language. */
export function deskNameIn(rules: Rules, lang: string): string {
  return rules.desk.name[lang] ?? Object.values(rules.desk.name)[0] ?? '';
}

/** A line that is only `{{agent.name}}`, right above a line that is only `{{desk.name}}`. */
const agentAboveDesk =
  /^[ \t]*\{\{\s*agent\.name\s*\}\}[ \t]*\r?\n(?=[ \t]*\{\{\s*desk\.name\s*\}\}[ \t]*$)/gm;

/**
 * A canned reply's body without the signature line that would repeat the desk's name: when the desk signs
 * (no agent, or agents' names hidden), `{{agent.name}}` is the desk's name, and a `{{desk.name}}` line
 * right below it would sign twice.
 */
function signedOnce(body: string, variables: Partial<Record<string, string>>): string {
  return variables['agent.name'] === variables['desk.name'] ? body.replace(agentAboveDesk, '') : body;
}

/** Canned reply `id` in `lang` (else in the first language it has), its variables filled; undefined when unknown. */
export function fillCannedReply(
  rules: Rules,
  id: string,
  lang: string,
  variables: Partial<Record<string, string>>,
): { text: string; reply: CannedReply } | undefined {
  const byLang = rules.replies[id] ?? {};
  const reply = byLang[lang] ?? Object.values(byLang)[0];
  if (!reply) return undefined;
  return { text: renderVariables(signedOnce(reply.body, variables), variables).trim(), reply };
}
