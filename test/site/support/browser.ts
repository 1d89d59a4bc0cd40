// The one way tests, benchmarks and scripts start Chromium: playwright-core drives a Chromium that is
// already here (never a browser download), one fresh profile per suite. Which Chromium: CHROMIUM_PATH if
// set, else Debian's /usr/bin/chromium, else the one `npm install` brought (@sparticuz/chromium, a
// compressed headless Chromium that needs only libc), extracted once per machine into a temp folder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';

const run = promisify(execFile);

const systemChromium = '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A Chromium to start, where it comes from, and the environment it needs. */
export interface ChromiumExecutable {
  path: string;
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
  /** Extra environment for the browser process (the bundled fonts for the npm Chromium). */
  env: Record<string, string>;
}

/**
 * The Chromium to use: `CHROMIUM_PATH` (which must exist), else `systemPath`, else the npm one. `only:
 * 'npm'` skips the first two (the test that proves a fresh machine's browser works uses it).
 */
export async function findChromium(
  options: { env?: NodeJS.ProcessEnv; systemPath?: string; only?: 'npm' } = {},
): Promise<ChromiumExecutable> {
  const env = options.env ?? process.env;
  const systemPath = options.systemPath ?? systemChromium;
  if (options.only !== 'npm') {
    const given = env.CHROMIUM_PATH;
    if (given) {
      if (!existsSync(given))
        throw new Error(
          `CHROMIUM_PATH is "${given}", which does not exist: point it at a Chromium executable, or unset it to use ${systemPath} or the Chromium npm install brings`,
        );
      return { path: given, source: 'CHROMIUM_PATH', env: {} };
    }
    if (existsSync(systemPath)) return { path: systemPath, source: 'system', env: {} };
  }
  return npmChromium();
}

/**
 * The Chromium of @sparticuz/chromium, extracted once per version into `$TMPDIR/repodesk-chromium-<version>`.
 * The library extracts into `os.tmpdir()` itself, shared with anything else that uses it, so it runs in a
 * child process whose TMPDIR is a fresh folder; the folder then takes its final name in one rename, so
 * two test runs extracting at once never start a half-written binary.
 */
export async function npmChromium(): Promise<ChromiumExecutable> {
  const entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const folder = path.join(os.tmpdir(), `repodesk-chromium-${version}`);
  const executable = path.join(folder, 'chromium');
  const fontsConfig = path.join(folder, 'fonts.conf');
  const env = { FONTCONFIG_FILE: fontsConfig };
  // fonts.conf is written last: its presence says the extraction finished.
  if (existsSync(executable) && existsSync(fontsConfig)) return { path: executable, source: 'npm', env };
  const staging = await mkdtemp(`${folder}.partial-`);
  try {
    await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { default: chromium } = await import(${JSON.stringify(entry)}); await chromium.executablePath();`,
      ],
      { env: { ...process.env, TMPDIR: staging } },
    );
    // The library's own fonts.conf names /tmp/fonts: ours names where they are, and keeps the system's fonts.
    await writeFile(
      path.join(staging, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${path.join(folder, 'fonts', 'fonts')}</dir>`,
        `  <cachedir>${path.join(folder, 'fonts-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    await rename(staging, folder).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      // Another run finished first: use its copy, unless it is a copy a temp cleaner has half removed.
      if (existsSync(executable) && existsSync(fontsConfig)) return;
      await rm(folder, { recursive: true, force: true });
      await rename(staging, folder);
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { path: executable, source: 'npm', env };
}

/**
 * A headless Chromium with a throw-away profile. `bypassCSP` lets a test inject its own script (axe) into
 * a page whose Content-Security-Policy forbids every script; `only: 'npm'` starts the Chromium npm brings
 * even where the system has one.
 */
export async function launchBrowser(options: { bypassCSP?: boolean; only?: 'npm' } = {}): Promise<Browser> {
  const executable = await findChromium(options.only ? { only: options.only } : {});
  const profile = await mkdtemp(path.join(os.tmpdir(), 'repodesk-chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable.path,
    env: { ...process.env, ...executable.env },
    headless: true,
    bypassCSP: options.bypassCSP ?? false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
