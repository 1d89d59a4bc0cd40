// Memory of the bot under concurrent form uploads (issue 11, item 5): a real `repodesk serve` process,
// its resident memory (VmRSS of /proc) read before the load, at its highest during the load (VmHWM), and
// once the uploads are answered, with `--clients` concurrent uploads of `--files` files of `--mb` MB each
// (PNG headers, incompressible content). Run:
//   node test/bench/upload-memory.ts [--clients 8] [--files 3] [--mb 10]
// Prints:
//   bench upload-memory clients=<n> files=<n> file_mb=<n> rss_before_mb=<…> rss_peak_mb=<…> rss_after_mb=<…> kept=<n> statuses=<…>

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startStandin } from '../../src/standin/start-standin.ts';
import { siteOrigin } from '../support/bot-harness.ts';
import { startServe } from '../support/serve-child.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    files: { type: 'string', default: '3' },
    mb: { type: 'string', default: '10' },
  },
});
const clients = Number(values.clients);
const filesPerUpload = Number(values.files);
const fileBytes = Number(values.mb) * 1_000_000;

/** Resident and peak resident memory of a process, in MB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const png = (size: number) => {
  const bytes = crypto.randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-upload-memory-'));
const standin = await startStandin({
  users: [{ login: 'repodesk-bot', token: 'bot-token', type: 'Bot' }],
  repos: ['acme/support'],
});
// A quota large enough for the whole load: this measures memory, not the quota.
const serve = startServe({
  standinUrl: standin.url,
  dataDir,
  env: { FORM_UPLOADS_MAX_BYTES: String(4 * clients * filesPerUpload * fileBytes) },
});
try {
  const url = await serve.url;
  const pid = serve.process.pid ?? 0;
  // Let start-up settle (rules loaded, first sweep scheduled) before the baseline.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = memoryOf(pid);
  const content = Array.from({ length: filesPerUpload }, () => png(fileBytes));
  const statuses: number[] = [];
  let kept = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const form = new FormData();
      content.forEach((bytes, index) =>
        form.append('files', new Blob([new Uint8Array(bytes)]), `capture-${client}-${index}.png`),
      );
      const response = await fetch(`${url}/api/attachments?lang=fr`, {
        method: 'POST',
        headers: { origin: siteOrigin },
        body: form,
      });
      statuses.push(response.status);
      const answer = (await response.json()) as { files?: unknown[] };
      kept += answer.files?.length ?? 0;
    }),
  );
  const after = memoryOf(pid);
  const counts = Object.entries(
    statuses.reduce<Record<number, number>>(
      (all, status) => ({ ...all, [status]: (all[status] ?? 0) + 1 }),
      {},
    ),
  )
    .map(([status, count]) => `${status}x${count}`)
    .join(',');
  console.log(
    `bench upload-memory clients=${clients} files=${filesPerUpload} file_mb=${values.mb} rss_before_mb=${before.rss.toFixed(0)} rss_peak_mb=${after.peak.toFixed(0)} rss_after_mb=${after.rss.toFixed(0)} kept=${kept} statuses=${counts}`,
  );
} finally {
  await serve.stop();
  await standin.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
