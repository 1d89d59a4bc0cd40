// Routing decisions a second with 500 generated rules (BENCHMARKS.md, engines). Run:
//   node test/bench/routing.ts [--rules 500] [--seconds 1] [--runs 5]
// Prints one line: bench routing rules=500 drafts=200 decisions_per_s=<median of runs> min=<…> max=<…>
//   decisions_per_cpu_s=<median, per CPU second of this process> compile_ms=<…>
// Rules mix every condition kind (keywords, regexes, fields, tier, channel, values set so far, not/any),
// drafts carry ~1,000-character bodies; each decision includes the full trace, as the bot computes it.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { compileRouting } from '../../src/routing/compile-routing.ts';
import { route } from '../../src/routing/route.ts';
import type {
  Condition,
  CustomersFile,
  DeskSettings,
  RoutingRule,
  Rules,
  TeamsFile,
} from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
  },
});
const ruleCount = Number(values.rules);
const seconds = Number(values.seconds);
const runs = Number(values.runs);

// A small deterministic generator, so every run routes the same rules and drafts.
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const words = (
  'facture commande livraison colis retour remboursement connexion mot de passe compte bloqué urgent ' +
  'imprimante réseau vpn messagerie écran clavier logiciel licence contrat devis paiement avoir relance ' +
  'problème erreur accès dossier rapport serveur sauvegarde téléphone mobile application site portail ' +
  'adresse client fournisseur délai retard incident panne lenteur mise à jour installation formation'
).split(' ');

function read<T>(path: string): T {
  return parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as T;
}
const desk = read<DeskSettings>('routing/desk.yaml');
const teams = read<TeamsFile>('routing/teams.yaml');
const customers = read<CustomersFile>('routing/customers.yaml');

function condition(depth = 0): Condition {
  const kind = Math.floor(random() * (depth > 0 ? 8 : 10));
  switch (kind) {
    case 0:
      return { text: { contains: [pick(words), `${pick(words)} ${pick(words)}`, pick(words)] } };
    case 1:
      return { subject: { contains: [pick(words), pick(words)] } };
    case 2:
      return { body: { matches: `\\b${pick(words)}\\w*\\b|#\\d{${1 + Math.floor(random() * 4)}}` } };
    case 3:
      return {
        field: { id: pick(['impact', 'devices', 'application']), equals: [pick(words), pick(words)] },
      };
    case 4:
      return { channel: pick([['web'], ['email'], ['email', 'github']] as const) };
    case 5:
      return { tier: pick(['vip', 'standard']) };
    case 6:
      return { priority: pick(['high', 'urgent', 'normal']) };
    case 7:
      return { language: pick(['fr', 'en']) };
    case 8:
      return { not: condition(depth + 1) };
    default:
      return { any: [condition(depth + 1), condition(depth + 1)] };
  }
}

const rules: RoutingRule[] = Array.from({ length: ruleCount }, (_, index) => ({
  id: `rule-${index}`,
  when: { all: Array.from({ length: 1 + Math.floor(random() * 3) }, () => condition()) },
  then: {
    labels: [`label-${index % 40}`],
    ...(index % 3 === 0 ? { tags: [pick(['vpn', 'billing', 'network', 'mfa'])] } : {}),
    ...(index % 5 === 0 ? { priority: pick(['low', 'normal', 'high', 'urgent']) } : {}),
    ...(index % 7 === 0 ? { team: pick(['support', 'billing', 'it']) } : {}),
    ...(index % 11 === 0 ? { assign: pick(['round-robin', 'least-open', 'skills'] as const) } : {}),
  },
}));
const loaded: Rules = {
  desk,
  teams,
  customers,
  routing: { rules },
  sla: { calendars: [], policies: [] },
  forms: {},
  replies: {},
};

function sentence(length: number): string {
  return Array.from({ length }, () => pick(words)).join(' ');
}
const drafts: TicketDraft[] = Array.from({ length: 200 }, (_, index) => ({
  channel: pick(['web', 'email', 'github'] as const),
  subject: sentence(6),
  body: sentence(140),
  requester: {
    name: 'Client',
    email: `client${index}@${pick(['acme.example', 'globex.example', 'gmail.example'])}`,
  },
  language: pick(['fr', 'en']),
  fields: { impact: pick(words), devices: [pick(words), pick(words)] },
  labels: [],
}));

const compileStart = performance.now();
const compiled = compileRouting(loaded);
const compileMs = performance.now() - compileStart;
const workload = { openByAgent: { alice: 2, bob: 1 }, lastAssigned: { support: 'alice' } };
const now = new Date('2026-11-23T10:00:00Z');

/** Decisions a second of wall time and of this process's CPU time (steadier on a shared, busy machine). */
function measure(budgetMs: number): { wall: number; cpu: number } {
  let decisions = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (const draft of drafts) route(draft, compiled, workload, now);
    decisions += drafts.length;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (decisions * 1000) / elapsed, cpu: (decisions * 1e6) / (cpu.user + cpu.system) };
}

measure(300); // warm-up: let the JIT settle
const samples = Array.from({ length: runs }, () => measure(seconds * 1000));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const wall = samples.map((sample) => sample.wall);
const cpu = samples.map((sample) => sample.cpu);
const round = (value: number) => Math.round(value);
process.stdout.write(
  `bench routing rules=${ruleCount} drafts=${drafts.length} decisions_per_s=${round(median(wall))} ` +
    `min=${round(Math.min(...wall))} max=${round(Math.max(...wall))} ` +
    `decisions_per_cpu_s=${round(median(cpu))} compile_ms=${compileMs.toFixed(1)}\n`,
);
