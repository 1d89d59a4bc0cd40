// `repodesk simulate` on a desk with one changed rule (BENCHMARKS.md; the issue's goal: under 5 s for 500
// tickets). Run:
//   node test/bench/simulate.ts [--tickets 500] [--open 100] [--rules 3,500] [--runs 3]
// Prints one line per rules count:
//   bench simulate tickets=500 open=100 rules=<n> changed=<tickets re-routed differently> s=<median> min=<…>
//   max=<…> cpu_s=<median CPU time of the command> requests=<GitHub requests of one run>
// The desk is the test base desk in a git repository of two commits (rules=3: its own routing; rules=500:
// 500 generated keyword, field and channel rules before them), the second changing one rule; the tickets
// are written into the GitHub stand-in as intake writes them (mail and form tickets, `--open` of them open).
// Each run is the whole command, as CI runs it: git, both loads, every issue read, open tickets' timelines.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { renderIssueBody } from '../../src/intake/render-issue-body.ts';
import { route } from '../../src/routing/route.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { startStandin } from '../../src/standin/start-standin.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '500' },
    open: { type: 'string', default: '100' },
    rules: { type: 'string', default: '3,500' },
    runs: { type: 'string', default: '3' },
  },
});
const ticketCount = Number(values.tickets);
const openCount = Number(values.open);
const runs = Number(values.runs);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const words =
  'facture commande livraison retour connexion compte imprimante vpn écran licence contrat devis paiement serveur'.split(
    ' ',
  );

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
}

/** 500 generated rules (keywords, form fields, channels), adding labels only, before the desk's own. */
function generatedRules(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const word = words[index % words.length]!;
    const when =
      index % 3 === 0
        ? `{ subject: { contains: [${word}${index}] } }`
        : index % 3 === 1
          ? `{ all: [{ channel: email }, { text: { contains: [${word}, ${word}${index}] } }] }`
          : `{ field: { id: topic, equals: Compte${index} } }`;
    lines.push(
      `  - id: generated-${index}`,
      `    when: ${when}`,
      `    then: { labels: [topic-${index % 40}] }`,
    );
  }
  return lines.join('\n');
}

/** The desk in a git repository: base commit, then one changed rule. Returns the folder and both commits. */
function desk(ruleCount: number): { root: string; base: string; head: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-bench-simulate-'));
  fs.cpSync(path.join(repoRoot, 'test/fixtures/rules/base'), root, { recursive: true });
  const routing = path.join(root, 'rules/routing.yaml');
  const own = fs.readFileSync(routing, 'utf8');
  if (ruleCount > 3)
    fs.writeFileSync(routing, own.replace('rules:\n', `rules:\n${generatedRules(ruleCount - 3)}\n`));
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  const base = git(root, 'rev-parse', 'HEAD');
  fs.writeFileSync(
    routing,
    fs
      .readFileSync(routing, 'utf8')
      .replace('then: { team: billing, reply: ack }', 'then: { team: billing, reply: ack, stop: true }'),
  );
  git(root, 'commit', '-q', '-am', 'invoices stop at billing');
  return { root, base, head: git(root, 'rev-parse', 'HEAD') };
}

const standin = await startStandin({
  users: [{ login: 'repodesk-bot', token: 'bot-token' }],
  validateResponses: false,
});
try {
  // The tickets, written once under the base desk's rules.
  const loaded = await loadRules(path.join(repoRoot, 'test/fixtures/rules/base'), { now: new Date() });
  const rules = loaded.rules!;
  const headers = { authorization: 'token bot-token', 'content-type': 'application/json' };
  for (let index = 0; index < ticketCount; index += 1) {
    const word = words[index % words.length]!;
    const draft: TicketDraft =
      index % 2 === 0
        ? {
            channel: 'email',
            subject: `${word} ${index}`,
            body: `Bonjour, ${words.join(' ')} ${index}.`.repeat(5),
            requester: { name: 'Client', email: `client${index}@example.org` },
            language: 'fr',
            fields: {},
            labels: [],
            sender: 'verified',
          }
        : {
            channel: 'web',
            form: 'contact',
            subject: `${word} ${index}`,
            body: 'Détails.',
            requester: { name: 'Client', email: `client${index}@example.org` },
            language: 'fr',
            fields: {
              subject: `${word} ${index}`,
              details: 'Détails.',
              topic: index % 4 === 1 ? 'Compte' : 'Facture',
            },
            labels: [],
            sender: 'unverified',
          };
    const decision = route(draft, rules, { openByAgent: {}, lastAssigned: {} }, new Date());
    const body = renderIssueBody(draft, {
      ref: `RD-BNCH-${String(index).padStart(4, '0')}`,
      key: `k${index}`,
      rules,
      decision,
    });
    const response = await fetch(`${standin.url}/repos/acme/support/issues`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: draft.subject, body, labels: decision.labels }),
    });
    const { number } = (await response.json()) as { number: number };
    if (index >= openCount)
      await fetch(`${standin.url}/repos/acme/support/issues/${number}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ state: 'closed' }),
      });
  }

  for (const ruleCount of values.rules.split(',').map(Number)) {
    const { root, base, head } = desk(ruleCount);
    const seconds: number[] = [];
    const cpu: number[] = [];
    let changed = 0;
    let requests = 0;
    for (let index = 0; index < runs; index += 1) {
      standin.resetStats();
      const started = performance.now();
      // /usr/bin/time gives the command's own CPU time: on a shared machine, wall time also counts the others'.
      const { stdout, stderr } = await run(
        '/usr/bin/time',
        [
          '-f',
          'cpu %U %S',
          process.execPath,
          path.join(repoRoot, 'src/cli/main.ts'),
          'simulate',
          '--root',
          root,
          '--base',
          base,
          '--head',
          head,
          '--format',
          'json',
        ],
        {
          env: {
            PATH: process.env.PATH,
            GITHUB_TOKEN: 'bot-token',
            GITHUB_REPOSITORY: 'acme/support',
            GITHUB_API_URL: standin.url,
          },
          maxBuffer: 1 << 28,
        },
      );
      seconds.push((performance.now() - started) / 1000);
      const [, user = '0', system = '0'] = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr) ?? [];
      cpu.push(Number(user) + Number(system));
      changed = (JSON.parse(stdout) as { routing: { changed: number } }).routing.changed;
      requests = standin.stats().total;
      if (standin.stats().writes !== 0)
        throw new Error(`simulate wrote to GitHub: ${JSON.stringify(standin.stats().requests)}`);
    }
    fs.rmSync(root, { recursive: true, force: true });
    seconds.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const median = seconds[Math.floor(seconds.length / 2)]!;
    console.log(
      `bench simulate tickets=${ticketCount} open=${openCount} rules=${ruleCount} changed=${changed} s=${median.toFixed(2)} ` +
        `min=${seconds[0]!.toFixed(2)} max=${seconds.at(-1)!.toFixed(2)} cpu_s=${cpu[Math.floor(cpu.length / 2)]!.toFixed(2)} requests=${requests}`,
    );
  }
} finally {
  await standin.close();
}
