// Decides whether the offline stack must (re)build the help site, and builds it with the site's own
// script (`npm run build`), the bot's local URL baked in.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SiteBuildStamp {
  botUrl: string;
  builtAt: number;
}

function newestMtime(dir: string): number {
  let newest = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    try {
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    } catch {
      // Removed while we looked.
    }
  }
  return newest;
}

/** Why the site must be built, or undefined when `dist/` is current for `botUrl`. */
export function siteBuildReason(
  root: string,
  distDir: string,
  stampFile: string,
  botUrl: string,
): string | undefined {
  if (
    !fs.existsSync(path.join(distDir, 'index.html')) &&
    !fs.existsSync(path.join(distDir, 'fr', 'index.html'))
  ) {
    return 'dist/ is missing';
  }
  let stamp: SiteBuildStamp | undefined;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as SiteBuildStamp;
  } catch {
    stamp = undefined;
  }
  if (stamp && stamp.botUrl !== botUrl) return `the bot moved to ${botUrl}`;
  const built = stamp?.builtAt ?? fs.statSync(distDir).mtimeMs;
  for (const folder of ['kb', 'rules']) {
    if (newestMtime(path.join(root, folder)) > built) return `${folder}/ changed since the last build`;
  }
  return undefined;
}

/** Runs `npm run build` in `root` with PUBLIC_BOT_URL; resolves when done, rejects with the tail of its output. */
export function buildSite(
  root: string,
  botUrl: string,
  stampFile: string,
  now: () => number = Date.now,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--silent'], {
      cwd: root,
      env: { ...process.env, PUBLIC_BOT_URL: botUrl, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) {
        const stamp: SiteBuildStamp = { botUrl, builtAt: now() };
        fs.mkdirSync(path.dirname(stampFile), { recursive: true });
        fs.writeFileSync(stampFile, JSON.stringify(stamp) + '\n');
        resolve();
      } else {
        reject(new Error(`npm run build failed (exit ${code}):\n${output}`));
      }
    });
  });
}
