// A time as the notes to agents show it: UTC, to the minute, the same whatever the desk's languages.

/** `2026-11-23 09:15 UTC` for `at` (ms since the epoch). */
export function noteTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
