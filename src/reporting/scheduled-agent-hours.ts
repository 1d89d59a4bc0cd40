// When agents work, per hour of the week in the desk's timezone: each agent's `workingHours` (teams.yaml,
// in the agent's own timezone) laid on the week holding `at`, so a Montréal agent's 08:00–16:00 shows as
// 14:00–22:00 in Paris. A cell holds agent-hours: two agents for half an hour each make 1.

import { DateTime } from 'luxon';
import type { Agent } from '../rules/types.ts';
import { weekDays } from '../rules/types.ts';

const hourMs = 3_600_000;

/** Agent-hours per week day (0 = Monday) and hour of the week holding `at`, in `timezone`. */
export function scheduledAgentHours(agents: readonly Agent[], timezone: string, at: number): number[][] {
  const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const monday = DateTime.fromMillis(at, { zone: timezone }).startOf('week');
  const weekStart = monday.toMillis();
  const weekEnd = monday.plus({ weeks: 1 }).toMillis();
  for (const agent of agents) {
    // The agent's own Monday of the same week, a day either side so that shifts crossing midnight count.
    const own = monday.setZone(agent.timezone).startOf('week');
    for (let offset = -7; offset < 14; offset += 1) {
      const day = own.plus({ days: offset });
      for (const range of agent.workingHours[weekDays[day.weekday - 1]!] ?? []) {
        const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(range);
        if (!match) continue;
        const start = day.set({ hour: Number(match[1]), minute: Number(match[2]) }).toMillis();
        const end =
          match[3] === '24'
            ? day.plus({ days: 1 }).startOf('day').toMillis()
            : day.set({ hour: Number(match[3]), minute: Number(match[4]) }).toMillis();
        let from = Math.max(start, weekStart);
        const to = Math.min(end, weekEnd);
        while (from < to) {
          const local = DateTime.fromMillis(from, { zone: timezone });
          const hourEnd = local.startOf('hour').plus({ hours: 1 }).toMillis();
          const until = Math.min(hourEnd, to);
          cells[local.weekday - 1]![local.hour]! += (until - from) / hourMs;
          from = until;
        }
      }
    }
  }
  return cells.map((row) => row.map((value) => Math.round(value * 100) / 100));
}
