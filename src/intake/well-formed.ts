// JSON may carry `\ud800`-style escapes that decode to half a UTF-16 pair: text no tracker, mailer or
// browser can show. Intake replaces each with U+FFFD (as a UTF-8 decoder does with bad bytes), in every
// string and key of a parsed body, before anything reads it.

/** `value` with every lone surrogate in its strings and keys replaced by U+FFFD (a copy when changed). */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, entry]) => [
        key.toWellFormed(),
        wellFormed(entry),
      ]),
    );
  }
  return value;
}
