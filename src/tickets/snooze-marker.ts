// The hidden marker of a snooze (`/snooze`): until when the ticket stays pending and who asked. The
// command's note carries it; the sweep reads it back from the issue (our comments) to keep the ticket
// pending until then, without reminding or closing it, and to wake it back to open with a reminder note
// whose own marker says the wake-up was done.

import { DateTime } from 'luxon';

/** The marker of a snooze until `until` (ms since the epoch), asked by `login`. */
export function snoozeMarker(until: number, login: string): string {
  return `<!-- repodesk:lifecycle step=snooze until=${new Date(until).toISOString()} by=${login} -->`;
}

/** The marker of the reminder note that wakes the snooze `until`. */
export function snoozeWakeMarker(until: number): string {
  return `<!-- repodesk:lifecycle step=snooze-wake until=${new Date(until).toISOString()} -->`;
}

/** A snooze read back from its marker. */
export interface Snooze {
  until: number;
  by: string;
}

/** Reads a snooze marker; undefined for any other marker. */
export function readSnoozeMarker(marker: string): Snooze | undefined {
  const found = /^<!-- repodesk:lifecycle step=snooze until=(\S+) by=(\S+) -->$/.exec(marker);
  const until = found ? Date.parse(found[1]!) : Number.NaN;
  return found && !Number.isNaN(until) ? { until, by: found[2]! } : undefined;
}

/**
 * A snooze's time as agents read it in a note, in the desk's time zone and language, with its offset so that
 * the instant is plain across a change of summer time: `jeudi 2026-12-24 14:00 (Europe/Paris, UTC+01:00)`.
 */
export function snoozeTime(until: number, zone: string, language: string): string {
  const local = DateTime.fromMillis(until, { zone, locale: language });
  const where =
    local.offset === 0 && /^(UTC|Etc\/UTC|GMT)$/i.test(zone) ? 'UTC' : `${zone}, UTC${local.toFormat('ZZ')}`;
  return `${local.toFormat('cccc yyyy-MM-dd HH:mm')} (${where})`;
}
