// The workflow users copy into .github/workflows/ must run the validator on rules/ and kb/ changes,
// in the format GitHub turns into annotations.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

describe('the validate workflow and action', () => {
  it('runs on pull requests that touch kb/ or rules/ and uses the local composite action', async () => {
    const workflow = parse(await readFile('actions/workflows/validate.yml', 'utf8')) as {
      on: { pull_request: { paths: string[] } };
      jobs: { validate: { steps: Step[] } };
    };
    expect(workflow.on.pull_request.paths).toEqual(['kb/**', 'rules/**']);
    expect(workflow.jobs.validate.steps.map((step) => step.uses)).toEqual([
      'actions/checkout@v4',
      './actions/validate',
    ]);
  });

  it('runs repodesk validate with GitHub annotations, every run step with a shell', async () => {
    const action = parse(await readFile('actions/validate/action.yml', 'utf8')) as {
      runs: { using: string; steps: Step[] };
    };
    expect(action.runs.using).toBe('composite');
    const runs = action.runs.steps.filter((step) => step.run !== undefined);
    expect(runs.every((step) => step.shell === 'bash')).toBe(true);
    expect(runs.at(-1)!.run).toBe('npx repodesk validate --root "$REPODESK_ROOT" --format github');
  });
});
