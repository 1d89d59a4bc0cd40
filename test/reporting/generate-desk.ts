// A desk's history made up for benchmarks, screenshots and browser tests: `count` tickets over `weeks`
// weeks ending at `end`, arriving mostly on weekday mornings (Monday the busiest), answered, set pending,
// resolved, reopened or merged in realistic shares. Deterministic: the same arguments give the same desk.

import type { Rules } from '../../src/rules/types.ts';
import type { HistoryStep, TicketScript } from './desk-history.ts';

const hour = 3_600_000;
const day = 24 * hour;
/** Relative arrivals per weekday, Monday first. */
const weekdayWeights = [1.5, 1.2, 1.1, 1.05, 0.95, 0.25, 0.12];
const forms = ['incident', 'question-facturation', 'demande-acces'];
const subjects = [
  'Impossible de me connecter au VPN',
  'Facture en double',
  'Colis endommagé',
  'Accès à l’application de paie',
  'Remboursement non reçu',
  'Imprimante hors ligne',
];

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateDesk(
  rules: Rules,
  options: { count: number; weeks: number; end: number; seed?: number },
): TicketScript[] {
  const next = random(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const teams = rules.teams.teams.filter((team) => team.members.length > 0);
  const normal = rules.desk.priorities.find((priority) => priority.id === rules.desk.defaultPriority)!;
  const urgent = rules.desk.priorities[0]!;
  const statusLabel = rules.desk.statuses.new.label;
  const start = options.end - options.weeks * 7 * day;
  // Monday 00:00 UTC on or before the start: days are laid on whole weeks.
  const monday = start - ((new Date(start).getUTCDay() + 6) % 7) * day - (start % day);
  const total = weekdayWeights.reduce((sum, weight) => sum + weight, 0);
  const scripts: TicketScript[] = [];
  for (let index = 0; index < options.count; index += 1) {
    // A weekday by weight, a week at random, an hour mostly between 8 and 18 (UTC+1).
    let roll = next() * total;
    let weekday = 0;
    while (roll > weekdayWeights[weekday]!) roll -= weekdayWeights[weekday++]!;
    const week = Math.floor(next() * options.weeks);
    const hourOfDay = next() < 0.85 ? 7 + Math.floor(next() * 10) : Math.floor(next() * 24);
    const created = monday + (week * 7 + weekday) * day + hourOfDay * hour + Math.floor(next() * 60) * 60_000;
    if (created >= options.end - hour) continue;
    const team = pick(teams);
    const agent = pick(team.members);
    const isUrgent = next() < 0.08;
    const web = next() < 0.6;
    const steps: HistoryStep[] = [];
    const at = (offset: number) => new Date(Math.min(created + offset, options.end - 60_000)).toISOString();
    const fate = next();
    if (fate < 0.04) {
      steps.push({ at: at(2 * hour), as: agent, close: 'duplicate' });
    } else if (fate > 0.1) {
      const firstReply = (0.3 + next() * (isUrgent ? 1.5 : 8)) * hour;
      steps.push({ at: at(firstReply), as: agent, reply: 'Bonjour, nous regardons.', status: 'open' });
      let worked = firstReply;
      if (next() < 0.3) {
        // Waiting for the customer, who answers the next day; the bot sets the ticket open again.
        steps.push({ at: at(firstReply + hour), as: agent, status: 'pending' });
        steps.push({
          at: at(firstReply + 20 * hour),
          customer: 'Voici les précisions demandées.',
          as: 'bot',
          status: 'open',
        });
        worked = firstReply + (20.5 + next() * 6) * hour;
        steps.push({ at: at(worked), as: agent, reply: 'Merci, c’est corrigé.' });
      }
      if (next() < 0.75) {
        const resolved = worked + (2 + next() * 60) * hour;
        steps.push({ at: at(resolved), as: agent, status: 'resolved' });
        if (next() < 0.06) {
          steps.push({ at: at(resolved + 30 * hour), as: agent, status: 'open' });
          steps.push({ at: at(resolved + 34 * hour), as: agent, status: 'resolved' });
        }
      }
    }
    scripts.push({
      title: `${pick(subjects)} (${index})`,
      at: new Date(created).toISOString(),
      labels: [statusLabel, (isUrgent ? urgent : normal).label, team.label],
      ...(web
        ? { facts: `channel=web sender=unverified language=fr form=${pick(forms)}` }
        : next() < 0.8
          ? { facts: 'channel=email language=fr' }
          : {}),
      steps: steps.filter((step) => Date.parse(step.at) < options.end),
    });
  }
  return scripts.sort((a, b) => a.at.localeCompare(b.at));
}
