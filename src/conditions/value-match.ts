// Matching a value the ticket has (its channel, priority, language…) against the values a condition
// lists, with the trace line that says why. Values compare case-insensitively: ids and language tags
// are the same whatever their case (`FR` is `fr`), and so are GitHub labels.
import type { ConditionFacts, Matcher, TracedValue } from './condition-facts.ts';

export const quote = (value: string): string => JSON.stringify(value);

/** `"web"` or `one of "web", "api"`. */
export function expected(values: readonly string[]): string {
  return values.length === 1 ? quote(values[0] ?? '') : `one of ${values.map(quote).join(', ')}`;
}

/** Matches when the value `read` finds is one of `values`; `name` names it in the trace. */
export function compileValues(
  name: string,
  values: readonly string[],
  read: (facts: ConditionFacts) => TracedValue | undefined,
): Matcher {
  const wanted = new Set(values.map((value) => value.toLowerCase()));
  const wantedText = expected(values);
  return (facts) => {
    const current = read(facts);
    if (!current)
      return { ok: false, why: `no ${name} (channel ${facts.request.channel}) is not ${wantedText}` };
    const source = current.source === '' ? '' : ` (${current.source})`;
    return wanted.has(current.value.toLowerCase())
      ? { ok: true, why: `${name} ${quote(current.value)} matched${source}` }
      : { ok: false, why: `${name} ${quote(current.value)}${source} is not ${wantedText}` };
  };
}
