// The monthly workflow users copy (actions/workflows/report.yml): it runs on the 1st of each month and by
// hand, reports last month with the cache between its runs, keeps the HTML as an artifact and publishes the
// Markdown as an issue labelled repodesk-report, closed at once (the sweep must never take it for a ticket).

import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const file = new URL('../../actions/workflows/report.yml', import.meta.url);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

describe('actions/workflows/report.yml', async () => {
  const workflow = parse(await readFile(file, 'utf8')) as {
    on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
    permissions: Record<string, string>;
    jobs: { report: { steps: Step[] } };
  };
  const steps = workflow.jobs.report.steps;
  const script = steps.find((step) => step.name === 'Write the report')!.run!;

  it('runs monthly and by hand, with read access to code and write access to issues only', () => {
    expect(workflow.on.schedule).toEqual([{ cron: '0 6 1 * *' }]);
    expect(workflow.on.workflow_dispatch).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  it('writes Markdown, HTML and CSV with one cache, uploads them and publishes a closed, labelled issue', () => {
    expect(script).toContain('--cache .repodesk-cache/report.json');
    for (const format of ['--format markdown', '--format html', '--format csv'])
      expect(script).toContain(format);
    expect(steps.some((step) => step.uses === 'actions/upload-artifact@v4')).toBe(true);
    const publish = steps.find((step) => step.name === 'Publish the report as an issue')!.run!;
    expect(publish).toContain('--label repodesk-report');
    expect(publish).toContain('gh issue close');
  });

  it.each([
    ['2026-12-01', '2026-11-01', '2026-11-30'],
    ['2027-01-01', '2026-12-01', '2026-12-31'],
    ['2027-03-01', '2027-02-01', '2027-02-28'],
  ])('on %s reports %s to %s', async (today, from, to) => {
    // The script's date arithmetic, run by GNU date as on the runner, with `date +%Y-%m-01` pinned to today.
    const lines = script.split('\n').filter((line) => line.startsWith('from=') || line.startsWith('to='));
    const { stdout } = await run('bash', [
      '-c',
      `${lines.join('\n').replaceAll('$(date -u +%Y-%m-01)', today)}\necho "$from $to"`,
    ]);
    expect(stdout.trim()).toBe(`${from} ${to}`);
  });
});
