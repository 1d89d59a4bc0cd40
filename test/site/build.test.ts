// `npm run build` refuses content that the validator refuses, naming the file, line and fix.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, fixtureRoot } from './support/built-site.ts';

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** A copy of the fixture content with one file changed by `edit`. */
async function brokenCopy(file: string, edit: (text: string) => string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'repodesk-broken-site-'));
  scratch.push(root);
  await cp(fixtureRoot, root, { recursive: true });
  const target = path.join(root, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
  return root;
}

async function buildError(root: string): Promise<string> {
  const out = path.join(root, 'dist');
  const error = await buildSite(root, out, '/').then(
    () => undefined,
    (failure: Error & { stdout?: string; stderr?: string }) =>
      `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`,
  );
  expect(error, 'the build should have failed').toBeDefined();
  return error ?? '';
}

describe('a broken article or rule fails the build', () => {
  it('an article in an unknown category names the file, the line and the known categories', async () => {
    const root = await brokenCopy('kb/fr/double-authentification.md', (text) =>
      text.replace('category: access', 'category: acess'),
    );
    expect(await buildError(root)).toContain(
      'kb/fr/double-authentification.md:4:11 error category: unknown category "acess" (did you mean "access"?); known categories (desk.yaml): access, billing',
    );
  });

  it('a link to a missing article names the file', async () => {
    const root = await brokenCopy(
      'kb/en/payment-methods.md',
      (text) => `${text}\nSee [the old page](old-page.md).\n`,
    );
    expect(await buildError(root)).toMatch(/kb\/en\/payment-methods\.md:\d+:\d+ error .*old-page\.md/);
  });
});
