// SLA targets are written as short durations in rules/sla.yaml (`30m`, `4h`, `1h30m`, `2d`). A day is
// 24 hours of *counted* time (business time under the policy's calendar), not a calendar day. Zero
// (`0m`) is a duration too: a target of zero is due at the next opening.

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

const durationPattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;
/** A year of counted time (several calendar years on business hours): longer is a typo, and business-time arithmetic walks it a day at a time. */
const maxDays = 365;

export type ParsedDuration = { ok: true; ms: number } | { ok: false; message: string };

/** Reads `30m`, `4h`, `1h30m`, `2d`, `0m` (units in the order d, h, m; each at most once) into milliseconds. */
export function parseDuration(text: string): ParsedDuration {
  const trimmed = text.trim();
  const match = durationPattern.exec(trimmed);
  if (!match || trimmed === '') {
    return {
      ok: false,
      message: `invalid duration "${text}": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d`,
    };
  }
  const [, days, hours, minutes] = match;
  const ms = Number(days ?? 0) * dayMs + Number(hours ?? 0) * hourMs + Number(minutes ?? 0) * minuteMs;
  if (ms > maxDays * dayMs) {
    return {
      ok: false,
      message: `invalid duration "${text}": at most ${maxDays}d (a year of counted time), e.g. 30m, 4h, 2d`,
    };
  }
  return { ok: true, ms };
}

/** Formats milliseconds back as `1d 2h 30m` for explanations (negative values get a leading minus). */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / minuteMs);
  const days = Math.floor(rest / (24 * 60));
  rest -= days * 24 * 60;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes || parts.length === 0) parts.push(`${minutes}m`);
  return sign + parts.join(' ');
}
