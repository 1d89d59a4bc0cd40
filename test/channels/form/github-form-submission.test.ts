// A desk whose forms are GitHub issue forms copied as they are (test/fixtures/rules/github-forms/: no
// `repodesk:`, no ids): a submission through the bot's HTTP path becomes an issue with the form's
// labels and type, routed by `field:` conditions that name the ids derived from the labels.
import { afterEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { eventually, postRequest, startHarness, type Harness } from '../../support/bot-harness.ts';
import { deskFixture } from '../../support/desk-fixture.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function githubFormsHarness(): Promise<Harness> {
  // Its routing.yaml names the ids derived from the labels (ecran-concerne, browsers, version-2).
  const root = deskFixture('github-forms');
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  return startHarness({ desk: { root, rules: loaded.rules, articles: loaded.articles } });
}

function submission(form: string, fields: Record<string, unknown>): Record<string, unknown> {
  const now = harness!.bot.context.clock();
  return {
    form,
    lang: 'fr',
    requester: { name: 'Ada Lovelace', email: 'ada@example.org' },
    fields,
    idempotencyKey: `${form}${Object.values(fields).join('').length}${now}`
      .replace(/[^A-Za-z0-9]/g, '')
      .padEnd(24, '0'),
    startedAt: now - 60_000,
  };
}

async function issueFor(form: string, fields: Record<string, unknown>) {
  const response = await postRequest(harness!.url, submission(form, fields));
  expect(response.status, await response.clone().text()).toBe(202);
  const [issue] = await eventually(async () => {
    const issues = await harness!.issues();
    return issues.length > 0 ? issues : undefined;
  });
  return issue!;
}

describe('a GitHub issue form submitted on the portal', () => {
  it.each([
    ['Facturation', 'team: billing'],
    ['Connexion', 'team: it'],
  ])(
    'incident with "Écran concerné" %s: routed by field ecran-concerne to %s, typed by GitHub type Incident',
    async (screen, team) => {
      harness = await githubFormsHarness();
      const issue = await issueFor('incident', {
        'ecran-concerne': screen,
        'qu-avez-vous-constate': 'La page reste blanche depuis ce matin.',
      });
      expect(issue.labels).toEqual(expect.arrayContaining([team, 'incident', 'type: incident']));
      expect(issue.title).toContain('La page reste blanche');
    },
  );

  it('bug report: a multiple dropdown answer routes by field browsers; labels written "bug, needs-triage" are both put', async () => {
    harness = await githubFormsHarness();
    const issue = await issueFor('bug-report', {
      'what-happened': 'The export stops at 50%',
      'steps-to-reproduce': '1. Export\n2. Wait',
      browsers: ['Firefox', 'Safari'],
      'relevant-log-output': 'Error: timeout',
    });
    expect(issue.labels).toEqual(expect.arrayContaining(['team: billing', 'safari', 'bug', 'needs-triage']));
    expect(issue.title).toContain('The export stops at 50%');
  });

  it('regression: two fields labelled "Version" are told apart by their derived ids version and version-2', async () => {
    harness = await githubFormsHarness();
    const issue = await issueFor('regression', {
      version: '1.9',
      'version-2': '2.0',
      'what-changed': 'The sign-in button is gone.',
    });
    expect(issue.labels).toEqual(expect.arrayContaining(['team: billing', 'major', 'regression', 'bug']));
  });
});
