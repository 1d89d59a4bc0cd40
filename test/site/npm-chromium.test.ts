// Which Chromium the tests start, and proof that the one `npm install` brings works: a fresh machine has
// no /usr/bin/chromium, and CI (which installs Debian's) would otherwise never start the npm one.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, npmChromium } from './support/browser.ts';

let dir: string;
let fakeChromium: string;
const missing = '/nonexistent/chromium';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'repodesk-find-chromium-'));
  fakeChromium = path.join(dir, 'chromium');
  await writeFile(fakeChromium, '#!/bin/sh\n');
  await chmod(fakeChromium, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('which Chromium the tests start', () => {
  it('CHROMIUM_PATH first, even where the system has a Chromium', async () => {
    const found = await findChromium({ env: { CHROMIUM_PATH: fakeChromium }, systemPath: fakeChromium });
    expect(found).toEqual({ path: fakeChromium, source: 'CHROMIUM_PATH', env: {} });
  });

  it("the system's Chromium when CHROMIUM_PATH is not set", async () => {
    expect(await findChromium({ env: {}, systemPath: fakeChromium })).toEqual({
      path: fakeChromium,
      source: 'system',
      env: {},
    });
  });

  it('the Chromium npm brought when there is neither', async () => {
    const found = await findChromium({ env: {}, systemPath: missing });
    expect(found.source).toBe('npm');
    expect(found).toEqual(await npmChromium());
    expect(found.path).toMatch(/repodesk-chromium-\d+\.\d+\.\d+\/chromium$/);
  });

  it('a CHROMIUM_PATH that does not exist is an error that says what to do, not a silent fallback', async () => {
    await expect(findChromium({ env: { CHROMIUM_PATH: missing }, systemPath: fakeChromium })).rejects.toThrow(
      `CHROMIUM_PATH is "${missing}", which does not exist: point it at a Chromium executable, or unset it to use ${fakeChromium} or the Chromium npm install brings`,
    );
  });
});

describe('the Chromium npm install brings', () => {
  it('starts headless, runs scripts and lays out French text with its bundled fonts', async () => {
    const browser = await launchBrowser({ only: 'npm' });
    try {
      const page = await browser.context.newPage();
      await page.setContent(
        '<main><h1 style="font-family: sans-serif">Centre d’aide</h1><p id="out"></p></main>' +
          '<script>document.getElementById("out").textContent = "Réponse sous 4 h ouvrées";</script>',
      );
      expect(await page.textContent('#out')).toBe('Réponse sous 4 h ouvrées');
      expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome\/\d+/);
      // Open Sans comes only with the npm Chromium (not from Debian): text set in it is laid out with
      // other widths than in the fallback font only when our fonts.conf points the browser at it.
      const widths = await page.evaluate(() =>
        ['"Open Sans", monospace', 'monospace'].map((family) => {
          const probe = document.createElement('span');
          probe.style.font = `32px ${family}`;
          probe.textContent = 'Centre d’aide, réponse sous 4 h';
          document.body.append(probe);
          return probe.getBoundingClientRect().width;
        }),
      );
      expect(widths[0]).toBeGreaterThan(0);
      expect(widths[0]).not.toBe(widths[1]);
    } finally {
      await browser.close();
    }
  });
});
