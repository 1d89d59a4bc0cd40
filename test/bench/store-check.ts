// Cost of the integrity check the bot runs when it opens its store (PRAGMA quick_check, issue 11 item 8):
// a store holding `--requests` accepted form requests (inbox entry of ~1 KB, its job, its reference), the
// time of `openStore` with the check, and of the check alone. Run:
//   node test/bench/store-check.ts [--requests 100000] [--runs 5]
// Prints:
//   bench store-check requests=<n> file_mb=<…> open_ms=<median> quick_check_ms=<median>

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { openInbox } from '../../src/store/inbox.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';
import { openStore } from '../../src/store/open-store.ts';
import { newReference, openTicketReferences } from '../../src/store/reference.ts';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } },
});
const requests = Number(values.requests);
const runs = Number(values.runs);

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-store-check-'));
try {
  const store = await openStore({ dataDir });
  const inbox = openInbox(store);
  const jobs = openJobQueue(store);
  const refs = openTicketReferences(store);
  const payload = {
    form: 'incident',
    lang: 'fr',
    requester: { name: 'Marie Curie', email: 'marie.curie@example.org' },
    fields: { resume: 'Impossible de me connecter au VPN', description: 'x'.repeat(800) },
  };
  for (let start = 0; start < requests; start += 1000) {
    await store.transaction(async () => {
      for (let index = start; index < Math.min(requests, start + 1000); index += 1) {
        await inbox.accept(
          { source: 'form', dedupeKey: `incident:${index}`, payload, now: index },
          async (inboxId) => {
            const ref = newReference();
            await refs.add({ ref, inboxId, lang: 'fr', form: 'incident', createdAt: index });
            await jobs.enqueue('create-ticket', { ref, inboxId }, index);
            return { ref };
          },
        );
      }
    });
  }
  await store.close();
  const file = path.join(dataDir, 'repodesk.sqlite');
  const fileMb = fs.statSync(file).size / 1024 / 1024;

  const opens: number[] = [];
  const checks: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let started = performance.now();
    await (await openStore({ dataDir })).close();
    opens.push(performance.now() - started);
    const db = new DatabaseSync(file);
    started = performance.now();
    db.prepare('PRAGMA quick_check').all();
    checks.push(performance.now() - started);
    db.close();
  }
  console.log(
    `bench store-check requests=${requests} file_mb=${fileMb.toFixed(1)} open_ms=${median(opens).toFixed(0)} quick_check_ms=${median(checks).toFixed(0)}`,
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
