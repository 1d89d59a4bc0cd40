// Second pass over rules/ and kb/: what the schemas cannot say. Every reference resolves, ids are unique,
// patterns compile for the linear-time engine, timezones exist, hours make sense, no rule is dead,
// forms, replies and articles are consistent. Pure: the loader passes the parsed files (and ICS texts)
// in; each format checks its own files (formats/<file>/check.ts).
import type { Finding } from './finding.ts';
import { ruleFormats } from './formats/index.ts';
import { knownIds } from './known.ts';
import type { RulesInput } from './rules-input.ts';

/** All semantic checks over rules/ and kb/. */
export function checkRules(input: RulesInput): Finding[] {
  const known = knownIds(input);
  return ruleFormats.flatMap((format) => format.check(input, known));
}
