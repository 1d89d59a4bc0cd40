// The workflow users copy into .github/workflows/ must run the validator on rules/ and kb/ changes, in the
// format GitHub turns into annotations, and check that the issue forms exported for GitHub have not drifted
// from rules/forms/. The action's steps are run here as the runner would run them (bash, its environment).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parse } from 'yaml';
import { repoRoot } from '../support/bot-harness.ts';
import { deskFixture } from '../support/desk-fixture.ts';

interface Step {
  name?: string;
  uses?: string;
  if?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
}

const readYaml = async <T>(file: string) => parse(await readFile(file, 'utf8')) as T;
const action = () => readYaml<Action>('actions/validate/action.yml');

const formsCheck = 'npx repodesk forms export --root "$REPODESK_ROOT" --check';

/**
 * The action's steps after the install (or only those that run `only`), one after the other as a runner
 * runs them: the first failure stops.
 */
async function runAction(root: string, only = 'repodesk'): Promise<{ code: number; output: string }> {
  const steps = (await action()).runs.steps.filter(
    (step) => step.run !== undefined && step.name !== 'Install repodesk' && step.run.includes(only),
  );
  expect(steps.length).toBeGreaterThan(0);
  let output = '';
  for (const step of steps) {
    expect(step.env).toEqual({ REPODESK_ROOT: '${{ inputs.root }}' });
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', ['-c', step.run!], {
        cwd: repoRoot,
        env: { ...process.env, REPODESK_ROOT: root },
      });
      output += stdout + stderr;
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: output + failed.stdout + failed.stderr };
    }
  }
  return { code: 0, output };
}

/** A desk whose forms were exported to .github/ISSUE_TEMPLATE/ by `repodesk forms export`. */
async function exportedDesk(): Promise<{ root: string; contact: string; shown: string }> {
  const root = deskFixture('base');
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await main(['forms', 'export', '--root', root])).toBe(0);
  } finally {
    write.mockRestore();
  }
  const contact = path.join(root, '.github/ISSUE_TEMPLATE/contact.yml');
  // The command names files from the working directory, as the runner's log shows them.
  return { root, contact, shown: path.relative(repoRoot, contact) };
}

describe('the validate workflow and action', () => {
  it('runs on pull requests that touch kb/, rules/ or the exported forms, and uses the local composite action', async () => {
    const workflow = await readYaml<{
      on: { pull_request: { paths: string[] }; push: { paths: string[] } };
      jobs: { validate: { steps: Step[] } };
    }>('actions/workflows/validate.yml');
    expect(workflow.on.pull_request.paths).toEqual(['kb/**', 'rules/**', '.github/ISSUE_TEMPLATE/**']);
    expect(workflow.on.push.paths).toEqual(workflow.on.pull_request.paths);
    expect(workflow.jobs.validate.steps.map((step) => step.uses)).toEqual([
      'actions/checkout@v4',
      './actions/validate',
    ]);
  });

  it('runs repodesk validate with GitHub annotations, then repodesk forms export --check, every run step with a shell', async () => {
    const { runs, inputs } = await action();
    expect(runs.using).toBe('composite');
    const steps = runs.steps.filter((step) => step.run !== undefined);
    expect(steps.every((step) => step.shell === 'bash')).toBe(true);
    expect(steps.slice(-2).map((step) => step.run)).toEqual([
      'npx repodesk validate --root "$REPODESK_ROOT" --format github',
      formsCheck,
    ]);
    // On unless the workflow turns it off.
    expect(steps.at(-1)!.if).toBe("inputs.forms-check == 'true'");
    expect(inputs['forms-check']!.default).toBe('true');
  });

  it('passes on a desk whose exported forms are up to date', async () => {
    const result = await runAction((await exportedDesk()).root);
    expect(result.output).toContain('✔ rules/ and kb/ are valid');
    expect(result.code).toBe(0);
  });

  it('fails on a drifted export (an exported form edited by hand), naming the file and the fix', async () => {
    const { root, contact, shown } = await exportedDesk();
    fs.appendFileSync(contact, '# edited on GitHub\n');
    const result = await runAction(root);
    expect(result.output).toContain('✔ rules/ and kb/ are valid');
    expect(result.output).toContain(
      `repodesk forms export --check: out of date: ${shown}; run "repodesk forms export" and commit the result\n`,
    );
    expect(result.code).toBe(1);
  });

  it.each([
    ['an exported form deleted', (contact: string) => fs.rmSync(contact)],
    [
      'a form changed in rules/forms/ and not exported again',
      (contact: string) => {
        const form = path.join(contact, '../../../rules/forms/contact.yaml');
        fs.writeFileSync(
          form,
          fs.readFileSync(form, 'utf8').replace('Une question ? Écrivez-nous.', 'Écrivez-nous.'),
        );
      },
    ],
  ])('the forms step fails on a drifted export: %s', async (_case, drift) => {
    const { root, contact, shown } = await exportedDesk();
    drift(contact);
    const result = await runAction(root, 'forms export');
    expect(result.output).toContain(`out of date: ${shown}; run "repodesk forms export"`);
    expect(result.code).toBe(1);
  });
});
