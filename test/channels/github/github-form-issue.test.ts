// An issue opened on GitHub with one of the desk's forms (test/fixtures/rules/github-forms/, GitHub issue
// forms as they are): GitHub writes the answers as `### Label` sections; the bot, on `issues.opened`
// through the stand-in's webhook, reads them back with the same form definition, so the routing rules'
// `field:` conditions on ids derived from labels route it as they route the portal's submissions.
import { afterEach, describe, expect, it } from 'vitest';
import { loadRules } from '../../../src/rules/load-rules.ts';
import { agentToken, eventually, startHarness, type Harness } from '../../support/bot-harness.ts';
import { deskFixture } from '../../support/desk-fixture.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function githubFormsHarness(): Promise<Harness> {
  const root = deskFixture('github-forms');
  const loaded = await loadRules(root, { now: new Date() });
  if (!loaded.rules) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  return startHarness({ desk: { root, rules: loaded.rules, articles: loaded.articles } });
}

/** Opens an issue as an agent would from GitHub's form, and waits until the bot has given it a team. */
async function routedIssue(title: string, body: string, labels: string[] = []) {
  const response = await fetch(`${harness!.standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, body, labels }),
  });
  expect(response.status).toBe(201);
  const { number } = (await response.json()) as { number: number };
  return eventually(async () => {
    const issue = (await harness!.issues()).find((candidate) => candidate.number === number);
    return issue?.labels.some((label) => label.startsWith('team: ')) ? issue : undefined;
  });
}

/** The body GitHub writes for a form: one `### Label` section per field, in order. */
const sections = (answers: [string, string][]) =>
  answers.map(([label, text]) => `### ${label}\n\n${text}`).join('\n\n');

describe('an issue opened on GitHub with one of the desk’s issue forms', () => {
  it.each([
    ['Facturation', 'team: billing'],
    ['Connexion', 'team: it'],
  ])('incident, "Écran concerné" %s: the field ecran-concerne routes it to %s', async (screen, team) => {
    harness = await githubFormsHarness();
    const issue = await routedIssue(
      'La page reste blanche',
      sections([
        ['Écran concerné', screen],
        ["Qu'avez-vous constaté ?", 'La page reste blanche depuis ce matin.'],
      ]),
      ['incident'],
    );
    expect(issue.labels).toContain(team);
    expect(issue.labels).not.toContain(team === 'team: it' ? 'team: billing' : 'team: it');
  });

  it('bug report: a multiple dropdown written "Firefox, Safari" routes by browsers; a heading inside the render block is not a section', async () => {
    harness = await githubFormsHarness();
    const issue = await routedIssue(
      '[Bug]: export stops',
      sections([
        ['What happened?', 'The export stops at 50%'],
        ['Steps to reproduce', '1. Export\n2. Wait'],
        ['Browsers', 'Firefox, Safari'],
        ['Relevant log output', '```shell\n### not a heading: inside the log\nError: timeout\n```'],
      ]),
      ['bug', 'needs-triage'],
    );
    expect(issue.labels).toEqual(expect.arrayContaining(['team: billing', 'safari']));
  });

  it('regression: the second "### Version" section is the field version-2', async () => {
    harness = await githubFormsHarness();
    const issue = await routedIssue(
      'Sign-in button gone',
      sections([
        ['Version', '1.9'],
        ['Version', '2.1'],
        ['What changed?', '_No response_'],
      ]),
    );
    expect(issue.labels).toEqual(expect.arrayContaining(['team: billing', 'major']));
  });

  it.each([
    [
      'the same labels in another order',
      sections([
        ['Version', '1.0'],
        ['What changed?', 'x'],
        ['Version', '2.1'],
      ]),
    ],
    ['headings of no form', sections([['Browsers', 'Safari']])],
    ['no headings at all', 'Browsers: Safari, version 2.1, Écran concerné: Facturation'],
  ])('a body with %s is no form: no field condition matches, the fallback routes it', async (_, body) => {
    harness = await githubFormsHarness();
    const issue = await routedIssue('Something', body);
    expect(issue.labels).toContain('team: it');
    expect(issue.labels).not.toContain('team: billing');
    expect(issue.labels).not.toContain('major');
  });
});
