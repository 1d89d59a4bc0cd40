// A desk whose forms are GitHub issue forms copied as they are (test/fixtures/rules/github-forms/: no
// `repodesk:`, no ids): a submission through the bot's HTTP path becomes an issue with the form's
// labels and type, routed by `field:` conditions that name the ids derived from the labels; each of the
// eight forms is submitted and routed by one of its fields.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { eventually, postRequest, startHarness, type Harness } from '../../support/bot-harness.ts';
import { deskFixture } from '../../support/desk-fixture.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The case's own forms (the base desk's contact.yaml is beside them). */
const fixtureForms = 'test/fixtures/rules/github-forms/rules/forms';
const formIds = readdirSync(fixtureForms)
  .filter((name) => name !== 'config.yml')
  .map((name) => name.replace(/\.yml$/, ''))
  .sort();

/**
 * Answers for each form, every required field answered, and the derived id that routing.yaml's rule
 * `check-<form>` tests (it adds the label `form-check: <form>` and nothing else).
 */
const answers: [form: string, routedBy: string, fields: Record<string, unknown>][] = [
  [
    'bug-report',
    'relevant-log-output',
    {
      'what-happened': 'The export stops at 50%',
      'steps-to-reproduce': '1. Export\n2. Wait',
      'relevant-log-output': 'Error: timeout after 30s',
    },
  ],
  [
    'docs',
    'kind-of-problem',
    { 'kind-of-problem': 'Unclear', 'page-url': 'https://example.com/docs/install' },
  ],
  [
    'feature-request',
    'additional-context',
    { problem: 'Reading at night hurts.', 'additional-context': 'A dark mode, like the mobile app.' },
  ],
  [
    'incident',
    'qu-avez-vous-constate',
    { 'ecran-concerne': 'Connexion', 'qu-avez-vous-constate': 'Une page blanche après la connexion.' },
  ],
  [
    'performance',
    'operating-systems',
    { 'describe-the-slowness': 'Search takes ten seconds.', 'operating-systems': ['Linux', 'macOS'] },
  ],
  [
    'question',
    'before-asking',
    { 'before-asking': [true, true], 'your-question-in-one-line': 'How do I export to CSV?' },
  ],
  ['regression', 'version', { version: '1.8', 'version-2': '3.0', 'what-changed': 'Exports are empty.' }],
  ['security', 'disclosure', { summary: 'The share link leaks the token.', disclosure: [true, true] }],
];

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

  it('answers are given for each of the forms, no more', () => {
    expect(answers.map(([form]) => form)).toEqual(formIds);
  });

  it.each(answers)(
    '%s: submitted with every required field answered, routed by a field condition on its derived id %s',
    async (form, routedBy, fields) => {
      harness = await githubFormsHarness();
      // The rule that adds `form-check: <form>` tests that form's field, by the id derived from its label.
      const rule = harness.rules.routing.rules.find((candidate) => candidate.id === `check-${form}`);
      expect(rule?.when).toMatchObject({ field: { id: routedBy } });
      expect(rule?.then).toMatchObject({ labels: [`form-check: ${form}`], stop: false });
      // The field has no `id` in the file as GitHub reads it: its id is derived from its label.
      const at = harness.rules.forms[form]!.body.findIndex(
        (item) => item.type !== 'markdown' && item.id === routedBy,
      );
      const written = parse(readFileSync(`${fixtureForms}/${form}.yml`, 'utf8')) as { body: object[] };
      expect(written.body[at]).toMatchObject({ attributes: { label: expect.any(String) } });
      expect(written.body[at]).not.toHaveProperty('id');

      const issue = await issueFor(form, fields);
      expect(issue.labels.filter((label) => label.startsWith('form-check: '))).toEqual([
        `form-check: ${form}`,
      ]);
    },
  );
});
