// SLA evaluations a second: evaluateSla over realistic ticket histories (a dozen timeline events, status
// changes, replies, customer messages) on a business-hours calendar with holidays and on a 24×7 one.
// Each evaluation computes the three clocks of the policy. Run:
//   node test/bench/sla-eval.ts [--tickets 2000] [--runs 7]
// Prints:
//   bench sla-eval evaluations_per_s=<median of runs> calendar=business min=… max=… tickets=… runs=…
//   bench sla-eval evaluations_per_s=<median of runs> calendar=24x7 min=… max=… tickets=… runs=…
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import type { Calendar, DeskSettings, SlaPolicy } from '../../src/rules/types.ts';
import { evaluateSla } from '../../src/sla/evaluate-sla.ts';
import type { TicketHistory } from '../../src/sla/ticket-history.ts';
import type { TimelineEvent } from '../../src/tickets/types.ts';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '2000' }, runs: { type: 'string', default: '7' } },
});
const ticketCount = Number(values.tickets);
const runs = Number(values.runs);

const fixture = parse(readFileSync(new URL('../fixtures/sla/engine.yaml', import.meta.url), 'utf8')) as {
  statuses: DeskSettings['statuses'];
  calendars: Calendar[];
  policies: SlaPolicy[];
};
const calendar = (id: string) => fixture.calendars.find((candidate) => candidate.id === id)!;
const policy = (id: string) => fixture.policies.find((candidate) => candidate.id === id)!;
const now = Date.parse('2026-12-02T14:00:00Z');
const hour = 3_600_000;

/** A deterministic history: created within the last three weeks, then replies, pending spells, messages. */
function history(index: number): TicketHistory {
  let seed = index * 7919 + 13;
  const random = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  let at = now - Math.floor(random() * 21 * 24) * hour;
  const createdAt = new Date(at).toISOString();
  const timeline: TimelineEvent[] = [];
  const labels = new Set(['status: new', 'priority: normal', 'team: it']);
  let status = 'status: new';
  const move = (label: string) => {
    timeline.push({ kind: 'unlabeled', at: new Date(at).toISOString(), label: status, actor: 'agent' });
    timeline.push({ kind: 'labeled', at: new Date(at).toISOString(), label, actor: 'agent' });
    labels.delete(status);
    labels.add(label);
    status = label;
  };
  let commentId = 1;
  const comment = (author: 'agent' | 'customer', isPublic: boolean) =>
    timeline.push({
      kind: 'commented',
      at: new Date(at).toISOString(),
      actor: author,
      commentId: commentId++,
      public: isPublic,
      author,
    });
  const steps = 3 + Math.floor(random() * 10);
  for (let step = 0; step < steps; step += 1) {
    at += Math.floor(random() * 30) * hour;
    if (at > now) break;
    const choice = random();
    if (choice < 0.3) {
      comment('agent', true);
      if (status === 'status: new') move('status: open');
    } else if (choice < 0.5) {
      comment('customer', true);
      if (status === 'status: pending') move('status: open');
    } else if (choice < 0.65) {
      comment('agent', false);
    } else if (choice < 0.85) {
      move(status === 'status: pending' ? 'status: open' : 'status: pending');
    } else {
      move('status: on-hold');
    }
  }
  return { number: index + 1, createdAt, state: 'open', labels: [...labels], assignees: [], timeline };
}

const histories = Array.from({ length: ticketCount }, (_, index) => history(index));

function measure(label: string, work: () => void): void {
  work(); // warm-up: compiled calendars and day caches, as in a long-running bot
  const rates: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    rates.push(ticketCount / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  process.stdout.write(
    `${label.replace('RATE', Math.round(median).toString())} min=${Math.round(rates[0]!)} max=${Math.round(rates.at(-1)!)} tickets=${ticketCount} runs=${runs}\n`,
  );
}

const business = calendar('paris-holiday');
const always = calendar('always');
const standard = policy('standard');
const urgent = policy('urgent');
let sink = 0;
measure('bench sla-eval evaluations_per_s=RATE calendar=business', () => {
  for (const ticket of histories)
    sink += evaluateSla(ticket, standard, business, new Date(now), fixture.statuses).clocks.resolution!
      .elapsedMs;
});
measure('bench sla-eval evaluations_per_s=RATE calendar=24x7', () => {
  for (const ticket of histories)
    sink += evaluateSla(ticket, urgent, always, new Date(now), fixture.statuses).clocks.resolution!.elapsedMs;
});
if (sink === 0) process.stdout.write('(no time counted)\n');
