// The one line of SLA due times agents read on the issue: each clock of the policy, its due time in the
// calendar's timezone, or met, paused or breached. It changes only when a due time or a clock's state does
// (a paused clock shows no due time, since its due time moves while it is paused), so the sweep that keeps
// it writes only then. Pure: the evaluation is passed in.

import { messagesFor } from '../messages/index.ts';
import { slaClocks } from '../rules/types.ts';
import type { SlaEvaluation } from './evaluate-sla.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

/** `7 déc. 10:00` / `7 Dec 10:00` in `timezone`. */
function dueTime(iso: string, locale: string, timezone: string): string {
  const key = `${locale} ${timezone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: timezone,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(key, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(iso))) parts[part.type] = part.value;
  return `${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}

/** The status line of `evaluation` in `lang`, times in `timezone` (the policy's calendar's). */
export function slaStatusLine(evaluation: SlaEvaluation, lang: string, timezone: string): string {
  const texts = messagesFor(lang).slaStatus;
  const names = messagesFor(lang).escalation.clocks;
  const parts = slaClocks.flatMap((id) => {
    const clock = evaluation.clocks[id];
    if (!clock) return [];
    const name = names[id];
    const when = dueTime(clock.dueAt, texts.locale, timezone);
    if (clock.state === 'met') return [clock.late ? texts.metLate(name) : texts.met(name)];
    if (clock.state === 'paused') return [texts.paused(name)];
    if (clock.state === 'breached') return [texts.breached(name, when)];
    return [texts.due(name, when)];
  });
  return `${texts.heading} ${parts.join(' · ')} ${texts.timezone(timezone)}`;
}
