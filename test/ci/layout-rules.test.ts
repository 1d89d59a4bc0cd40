// The layout guard (.dependency-cruiser.cjs, `npm run layout` in .ci/run): src/ as it is passes, and
// each kind of wrong-way import fails the run naming the rule, the importing file and the imported one.
// The wrong-way imports are written into a throwaway tree checked with the repository's own rules.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const config = path.join(repo, '.dependency-cruiser.cjs');

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'src', '--config', config], { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const trees: string[] = [];
afterAll(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

/** A throwaway src/ holding `files` (path → source), with a tsconfig like the repository's. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'repodesk-layout-'));
  trees.push(root);
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', allowImportingTsExtensions: true },
    }),
  );
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
  return root;
}

describe('the layout rules', () => {
  it('src/ as it is passes (warnings name the known exceptions only)', async () => {
    const result = await cruise(repo);
    expect(result.output).not.toMatch(/\berror\b/);
    expect(result.code).toBe(0);
  });

  it.each([
    [
      'an engine reading the disk',
      { 'src/mail/parse.ts': "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n" },
      /error engines-do-no-io: src\/mail\/parse\.ts → (node:)?fs/,
    ],
    [
      'an engine importing a port',
      {
        'src/routing/route.ts': "import { table } from '../store/table.ts';\nexport const route = table;\n",
        'src/store/table.ts': 'export const table = 1;\n',
      },
      /error engines-stay-pure: src\/routing\/route\.ts → src\/store\/table\.ts/,
    ],
    [
      'a job importing a route file of its own channel',
      {
        'src/channels/form/create-job.ts':
          "import { route } from './submit-route.ts';\nexport const job = route;\n",
        'src/channels/form/submit-route.ts': 'export const route = 1;\n',
      },
      /error routes-only-from-bot: src\/channels\/form\/create-job\.ts → src\/channels\/form\/submit-route\.ts/,
    ],
    [
      "a channel importing another channel's job file",
      {
        'src/channels/email/inbound-job.ts':
          "import { job } from '../form/create-job.ts';\nexport const inbound = job;\n",
        'src/channels/form/create-job.ts': 'export const job = 1;\n',
      },
      /error channels-stay-apart: src\/channels\/email\/inbound-job\.ts → src\/channels\/form\/create-job\.ts/,
    ],
    [
      'a command applying its own actions (commands are engines: the executor applies them)',
      {
        'src/commands/status.ts':
          "import { apply } from '../executor/apply.ts';\nexport const status = apply;\n",
        'src/executor/apply.ts': 'export const apply = 1;\n',
      },
      /error engines-stay-pure: src\/commands\/status\.ts → src\/executor\/apply\.ts/,
    ],
    [
      'the executor importing a channel',
      {
        'src/executor/apply.ts':
          "import { handler } from '../channels/github/handler.ts';\nexport const apply = handler;\n",
        'src/channels/github/handler.ts': 'export const handler = 1;\n',
      },
      /error executor-imports-no-channel: src\/executor\/apply\.ts → src\/channels\/github\/handler\.ts/,
    ],
    [
      'a port importing the context',
      {
        'src/worker/run.ts':
          "import type { BotContext } from '../context.ts';\nexport type Run = BotContext;\n",
        'src/context.ts': 'export interface BotContext { name: string }\n',
      },
      /error ports-import-no-edge: src\/worker\/run\.ts → src\/context\.ts/,
    ],
    [
      'config importing a port',
      {
        'src/config/load.ts': "import { serve } from '../http/server.ts';\nexport const load = serve;\n",
        'src/http/server.ts': 'export const serve = 1;\n',
      },
      /error config-imports-no-port: src\/config\/load\.ts → src\/http\/server\.ts/,
    ],
    [
      'a text of messages/ importing a type of another room',
      {
        'src/messages/en.ts':
          "import type { Lang } from '../rules/types.ts';\nexport const lang: Lang = 'en';\n",
        'src/rules/types.ts': 'export type Lang = string;\n',
      },
      /error messages-are-ground: src\/messages\/en\.ts → src\/rules\/types\.ts/,
    ],
    [
      'a condition key importing an engine that reads conditions',
      {
        'src/conditions/label.ts':
          "import { route } from '../routing/route.ts';\nexport const label = route;\n",
        'src/routing/route.ts': 'export const route = 1;\n',
      },
      /error conditions-stand-alone: src\/conditions\/label\.ts → src\/routing\/route\.ts/,
    ],
    [
      'a condition key loading the registry that loads it',
      {
        'src/conditions/index.ts': "import { all } from './all.ts';\nexport const keys = [all];\n",
        'src/conditions/all.ts': "import { keys } from './index.ts';\nexport const all = () => keys;\n",
      },
      /error no-circular-at-run-time: src\/conditions\/(index|all)\.ts →/,
    ],
    [
      'rules/ importing the knowledge base',
      {
        'src/rules/load.ts': "import { check } from '../kb/check.ts';\nexport const load = check;\n",
        'src/kb/check.ts': 'export const check = 1;\n',
      },
      /error rules-is-ground: src\/rules\/load\.ts → src\/kb\/check\.ts/,
    ],
    [
      'two folders importing each other',
      {
        'src/store/a.ts': "import { b } from '../tracker/b.ts';\nexport const a = b;\n",
        'src/tracker/b.ts': "import { c } from '../store/c.ts';\nexport const b = c;\n",
        'src/store/c.ts': 'export const c = 1;\n',
      },
      /error no-folder-cycles: src\/(store|tracker) →/,
    ],
  ])('%s fails the check, naming the files', async (_what, files, expected) => {
    const result = await cruise(tree(files));
    expect(result.output).toMatch(expected);
    expect(result.code).not.toBe(0);
  });

  it("a condition key may take the registry's type back: a loop through a type-only import passes", async () => {
    const result = await cruise(
      tree({
        'src/conditions/index.ts':
          "import { all } from './all.ts';\nexport const keys = [all];\nexport type Key = (typeof keys)[number];\n",
        'src/conditions/all.ts':
          "import type { Key } from './index.ts';\nexport const all = (parts: Key[]) => parts.length;\n",
      }),
    );
    expect(result.output).not.toMatch(/\berror\b/);
    expect(result.code).toBe(0);
  });

  it('the bot lists the route files: bot/ may import them', async () => {
    const result = await cruise(
      tree({
        'src/bot/routes.ts':
          "import { route } from '../channels/form/submit-route.ts';\nexport const all = [route];\n",
        'src/channels/form/submit-route.ts': 'export const route = 1;\n',
      }),
    );
    expect(result.output).not.toMatch(/\berror\b/);
    expect(result.code).toBe(0);
  });
});
