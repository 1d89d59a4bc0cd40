// Decides whether the offline stack must (re)build the help site, and builds it with the site's own
// script (`npm run build`), the bot's local URL baked in. The build lives in the data folder with a stamp
// saying for which bot address and when it was made, so a restart reuses it while it is current.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SiteBuildStamp {
  botUrl: string;
  builtAt: number;
}

/** A reason to build, for the progress line (French first). */
export interface SiteBuildReason {
  fr: string;
  en: string;
}

/**
 * What the build reads: the site, its content and the modules it imports from src/ (all of src/, so that no
 * shared module is missed), the Astro configuration and the dependencies.
 */
const siteSources = ['site', 'kb', 'rules', 'src', 'astro.config.mjs', 'package.json'] as const;

function newestMtime(target: string): number {
  let info: fs.Stats;
  try {
    info = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of fs.readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    } catch {
      // Removed while we looked.
    }
  }
  return newest;
}

/** Why the site in `outDir` must be built, or undefined when it is current for `botUrl`. */
export function siteBuildReason(
  root: string,
  outDir: string,
  stampFile: string,
  botUrl: string,
): SiteBuildReason | undefined {
  let stamp: SiteBuildStamp | undefined;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as SiteBuildStamp;
  } catch {
    stamp = undefined;
  }
  // Without its stamp, a build is of unknown age and bot address: make a new one.
  if (!stamp || !fs.existsSync(path.join(outDir, 'fr', 'index.html'))) {
    return { fr: 'première construction', en: 'first build' };
  }
  if (stamp.botUrl !== botUrl) {
    return { fr: `le bot a changé d'adresse : ${botUrl}`, en: `the bot moved to ${botUrl}` };
  }
  for (const source of siteSources) {
    if (newestMtime(path.join(root, source)) > stamp.builtAt) {
      return {
        fr: `${source} a changé depuis la dernière construction`,
        en: `${source} changed since the last build`,
      };
    }
  }
  return undefined;
}

/**
 * Runs `npm run build` in `root` into `outDir` with PUBLIC_BOT_URL, in `env` (the operator's environment:
 * PATH finds npm and Node 24), then writes the stamp; resolves when done, rejects with the tail of its
 * output.
 */
export function buildSite(
  root: string,
  outDir: string,
  botUrl: string,
  stampFile: string,
  env: NodeJS.ProcessEnv,
  now: () => number = Date.now,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--silent'], {
      cwd: root,
      env: {
        ...env,
        PUBLIC_BOT_URL: botUrl,
        REPODESK_OUT: outDir,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
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
