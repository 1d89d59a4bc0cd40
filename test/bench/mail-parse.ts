// Email parsing (BENCHMARKS.md, email): messages parsed a second over the fixture corpus, and the peak
// memory of parsing one 25 MB message. Run:
//   node test/bench/mail-parse.ts [--seconds 1] [--runs 5]
// Prints:
//   bench mail-parse corpus=<n> messages_per_s=<median> min=<…> max=<…>
//   bench mail-parse-25mb bytes=<…> parse_ms=<median> peak_rss_mb=<…> baseline_rss_mb=<…> extra_rss_mb=<…> ratio_to_message=<…>
// The 25 MB figures come from child processes (one parses, one only builds the message), so the
// difference is the parser's own memory, measured side by side in one run.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { largeMail } from '../support/email-fixtures.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
    child: { type: 'string' },
  },
});

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

if (values.child) {
  // Child mode: build a 25 MB message, parse it (or not), print timing and peak RSS.
  const raw = largeMail(25 * 1024 * 1024 - 4096);
  let parseMs = 0;
  if (values.child === 'parse') {
    const started = performance.now();
    const result = await parseMessage(raw);
    parseMs = performance.now() - started;
    if (!result.ok) throw new Error(`25 MB message refused: ${result.reason}`);
  }
  process.stdout.write(
    JSON.stringify({ bytes: raw.byteLength, parseMs, maxRssKb: process.resourceUsage().maxRSS }),
  );
} else {
  const dir = path.resolve(import.meta.dirname, '../fixtures/emails');
  const corpus = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => fs.readFileSync(path.join(dir, name)));
  const rates: number[] = [];
  for (let run = 0; run < Number(values.runs); run += 1) {
    let parsed = 0;
    const started = performance.now();
    while (performance.now() - started < Number(values.seconds) * 1000) {
      for (const raw of corpus) {
        await parseMessage(raw);
        parsed += 1;
      }
    }
    rates.push(parsed / ((performance.now() - started) / 1000));
  }
  console.log(
    `bench mail-parse corpus=${corpus.length} messages_per_s=${Math.round(median(rates))} min=${Math.round(Math.min(...rates))} max=${Math.round(Math.max(...rates))}`,
  );
  const self = path.resolve(import.meta.dirname, 'mail-parse.ts');
  const child = (mode: string) =>
    JSON.parse(execFileSync(process.execPath, [self, '--child', mode], { encoding: 'utf8' })) as {
      bytes: number;
      parseMs: number;
      maxRssKb: number;
    };
  const parses: { bytes: number; parseMs: number; maxRssKb: number }[] = [];
  const baselines: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    parses.push(child('parse'));
    baselines.push(child('build').maxRssKb);
  }
  const peak = median(parses.map((entry) => entry.maxRssKb)) / 1024;
  const baseline = median(baselines) / 1024;
  const bytes = parses[0]?.bytes ?? 0;
  console.log(
    `bench mail-parse-25mb bytes=${bytes} parse_ms=${Math.round(median(parses.map((entry) => entry.parseMs)))} peak_rss_mb=${peak.toFixed(0)} baseline_rss_mb=${baseline.toFixed(0)} extra_rss_mb=${(peak - baseline).toFixed(0)} ratio_to_message=${((peak - baseline) / (bytes / 1024 / 1024)).toFixed(2)}`,
  );
}
