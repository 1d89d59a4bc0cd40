// Provenance: every ticket the bot creates records the rules version and the rules behind its routing,
// assignment and automatic replies; `repodesk why <issue>` (the real binary, against the GitHub stand-in
// the bot wrote to) prints the chain: version, matched rules, assignment and why, automatic replies and
// their rule, SLA policy, escalations.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';
import { botWritesAfterComment } from '../support/agent-api.ts';
import { rawMail } from '../support/email-fixtures.ts';
import { commentsOf, issueOfRef, postMail, processed } from '../support/inbound-mail.ts';

let harness: Harness;
const version = '3f2a9c1b0d4e-dirty+9b1e04c7aa21';

beforeAll(async () => {
  harness = await startHarness({ sweepEveryMs: 300, standin: { allowClockOverride: true } });
  harness.bot.context.rules.version = {
    version,
    contentHash: '9b1e04c7aa21'.padEnd(64, '0'),
    commit: '3f2a9c1b0d4e'.padEnd(40, '0'),
    dirty: true,
  };
});
afterAll(async () => {
  await harness?.close();
});

const why = (...args: string[]) =>
  runCli(['why', ...args], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: harness.standin.url,
  });

const whyWithStore = (...args: string[]) =>
  runCli(['why', ...args], {
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: harness.standin.url,
    DATA_DIR: harness.dataDir,
  });

/** A mail in; the issue number once its automatic replies (if any) are posted. */
async function mailTicket(from: string, subject: string, body: string): Promise<number> {
  const message = await processed(harness, await postMail(harness, rawMail({ from, subject, body })));
  const issue = await issueOfRef(harness, message.ref ?? '');
  await harness.bot.worker.drain();
  return issue.number;
}

async function openOnGithub(token: string, title: string, body: string, labels: string[], at?: string) {
  const response = await fetch(`${harness.standin.url}/repos/acme/support/issues`, {
    method: 'POST',
    headers: {
      authorization: `token ${token}`,
      'content-type': 'application/json',
      ...(at ? { 'x-standin-now': at } : {}),
    },
    body: JSON.stringify({ title, body, labels }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { number: number }).number;
}

describe('repodesk why', () => {
  it('a mailed ticket: rules version, matched rules, assignment and why, the automatic reply and its rule, SLA policy', async () => {
    const number = await mailTicket(
      'jane.doe@gmail.example',
      'Cannot sign in',
      'Hello, my password is refused when I sign in. Thank you for your help. Regards',
    );
    await eventually(async () =>
      (await commentsOf(harness, number)).some((body) => body.includes('repodesk:auto-reply')),
    );
    const result = await why(String(number));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`under rules ${version}`);
    expect(out).toMatch(/ {2}matched rules: .*demandes-en-anglais, comptes-clients\n/);
    expect(out).toContain('  team: support-client\n');
    const assigned = /\n {2}assigned: (\S+)\n/.exec(out)?.[1] ?? '';
    const issue = (await harness.issues()).find((candidate) => candidate.number === number);
    expect(issue?.assignees).toEqual([assigned]);
    expect(out).toContain(`  why: assign skills in team support-client: ${assigned} (skills `);
    expect(out).toMatch(
      /automatic replies:\n {2}\S+ reinitialisation-mot-de-passe \(rule comptes-clients\)\n/,
    );
    expect(out).toMatch(
      /SLA policy: normale \(rules in force: \S+\)\n {2}policy "vip-critique": conditions do not match/,
    );
  });

  it('a form ticket records its decision on the body’s first line, with ids only: no personal data', async () => {
    const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
    const { ref } = (await response.json()) as { ref: string };
    const issue = await issueOfRef(harness, ref);
    const firstLine = issue.body.split('\n')[0] ?? '';
    expect(firstLine).toMatch(
      /^<!-- repodesk:ticket ref=RD-\S+ key=[0-9a-f]+ --><!-- repodesk:facts [^>]*--><!-- repodesk:decision rules=3f2a9c1b0d4e-dirty%2B9b1e04c7aa21 matched=\S*informatique team=informatique assignees=\S+ assignment=assign%20skills%20in%20team%20informatique%3A%20\S+ replies= -->$/,
    );
    // The requester's domain only (simulate replays rules on it), never the address.
    expect(firstLine).not.toMatch(/marie|curie|mot de passe/i);
    expect(firstLine).toMatch(/<!-- repodesk:facts [^>]*\bdomain=example\.org\b[^>]*-->/);
    const result = await why(String(issue.number));
    expect(result.stdout).toContain('  team: informatique\n');
  });

  it('--format json gives the same chain as data', async () => {
    const number = await mailTicket(
      'john.roe@gmail.example',
      'Where is my parcel?',
      'Hello, my parcel delivery is late. Thank you. Regards',
    );
    const result = await why(String(number), '--format', 'json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      created: { rules: string; matched: string[]; team: string; assignees: string[]; assignment: string };
      automaticReplies: unknown[];
      sla: { policy: string };
    };
    expect(report.created.rules).toBe(version);
    expect(report.created.matched.at(-1)).toBe('retours-et-commandes');
    expect(report.created.team).toBe('support-client');
    expect(report.created.assignment).toMatch(/^assign round-robin in team support-client: /);
    expect(report.automaticReplies).toEqual([]);
    expect(report.sla.policy).toBe('normale');
  });

  it('an urgent ticket the sweep escalated: the step labels and the policy step behind each', async () => {
    const threeHoursAgo = new Date(harness.bot.context.clock() - 3 * 3_600_000).toISOString();
    const number = await openOnGithub(
      'monitoring-token',
      'Sonde : la base ne répond plus',
      'Alerte automatique.',
      ['status: new', 'priority: urgent', 'team: support-client'],
      threeHoursAgo,
    );
    await eventually(async () =>
      (await harness.issues()).find((issue) => issue.number === number)?.labels.includes('sla:breached'),
    );
    const result = await why(String(number));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'created: opened on GitHub by monitoring, not through intake: no decision is recorded in the issue',
    );
    expect(result.stdout).toContain('SLA policy: urgente');
    expect(result.stdout).toMatch(/ {2}\S+ added label "sla:breached" \(policy urgente step 100%\)\n/);
  });

  it('an escalation comment names the policy step and the rules version it was posted under', async () => {
    // Urgent: first response within 1h round the clock; at 75% (45 minutes) the contact is mentioned.
    const fiftyMinutesAgo = new Date(harness.bot.context.clock() - 50 * 60_000).toISOString();
    const number = await openOnGithub(
      'monitoring-token',
      'Sonde : le disque est presque plein',
      'Alerte automatique.',
      ['status: new', 'priority: urgent', 'team: informatique'],
      fiftyMinutesAgo,
    );
    const mention = await eventually(async () =>
      (await commentsOf(harness, number)).find((body) =>
        body.includes('repodesk:sla clock=firstResponse step=75'),
      ),
    );
    expect(mention).toContain(
      `<!-- repodesk:cause source=sla rule=sla%20policy%20urgente%20firstResponse%20step%2075 rules=${encodeURIComponent(version)} -->`,
    );
    const result = await why(String(number));
    expect(result.stdout).toMatch(
      / {2}\S+ comment sla clock=firstResponse step=75 since=\S+ \(sla policy urgente firstResponse step 75; rules 3f2a9c1b0d4e-dirty\+9b1e04c7aa21\)\n/,
    );
    expect(result.stdout).toMatch(/ {2}\S+ added label "sla:at-risk" \(policy urgente step 75%\)\n/);
  });

  it('an issue opened on GitHub: the routing the bot applied is read from its store, with its rules version', async () => {
    const number = await openOnGithub(agentToken, 'Le VPN refuse mon mot de passe', 'Depuis ce matin.', []);
    const routed = await eventually(async () =>
      (await harness.issues()).find(
        (issue) => issue.number === number && issue.labels.some((label) => label.startsWith('team: ')),
      ),
    );
    await harness.bot.worker.drain();
    const withStore = await runCli(['why', String(number)], {
      GITHUB_TOKEN: 'bot-token',
      GITHUB_REPOSITORY: 'acme/support',
      GITHUB_API_URL: harness.standin.url,
      DATA_DIR: harness.dataDir,
    });
    expect(withStore.stderr).toBe('');
    expect(withStore.stdout).toMatch(
      new RegExp(
        `opened on GitHub; routed \\S+ under rules ${version.replace('+', '\\+')} \\(from the bot's store\\)\\n`,
      ),
    );
    const team = routed.labels.find((label) => label.startsWith('team: '))!.slice('team: '.length);
    expect(withStore.stdout).toContain(`  team: ${team}\n`);
    expect(withStore.stdout).toContain(`  assigned: ${routed.assignees.join(', ') || 'nobody'}\n`);
    // Without the store, why says where the decision is.
    const without = await why(String(number));
    expect(without.stdout).toContain('records why in its store: set DATA_DIR or DATABASE_URL to read it');
  });

  it('with the store, a label the bot’s sweep put names its policy step and the rules version', async () => {
    const twoHoursAgo = new Date(harness.bot.context.clock() - 2 * 3_600_000).toISOString();
    const number = await openOnGithub(
      'monitoring-token',
      'Sonde : la file de messages déborde',
      'Alerte automatique.',
      ['status: new', 'priority: urgent', 'team: informatique'],
      twoHoursAgo,
    );
    await eventually(async () =>
      (await harness.issues()).find((issue) => issue.number === number)?.labels.includes('sla:breached'),
    );
    const result = await whyWithStore(String(number));
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      / {2}\S+ added label "sla:breached" \(sla policy urgente firstResponse step 100; rules 3f2a9c1b0d4e-dirty\+9b1e04c7aa21\): \S.*\n/,
    );
    expect(result.stdout).toContain(
      "\nlabel changes: from the bot's store, each with its rules version and rule\n",
    );
    // The same ticket read without the store: the label, named from the rules in force, and where it comes from.
    const without = await why(String(number));
    expect(without.stdout).toMatch(/ {2}\S+ added label "sla:breached" \(policy urgente step 100%\)\n/);
    expect(without.stdout).toContain(
      "\nlabel changes: from the issue's timeline only, without the rules version",
    );
  });

  it('with the store, an agent’s /priority names the command and the rules version of both label changes', async () => {
    const number = await mailTicket(
      'paul.dupont@gmail.example',
      'Imprimante hors service',
      "Bonjour, l'imprimante du deuxième étage ne répond plus. Merci",
    );
    const before = (await harness.issues()).find((issue) => issue.number === number)!;
    const oldPriority = before.labels.find((label) => label.startsWith('priority: '));
    expect(oldPriority).toBeDefined();
    expect(oldPriority).not.toBe('priority: urgent');
    await botWritesAfterComment(harness, number, '/priority urgent');
    const result = await whyWithStore(String(number));
    expect(result.stderr).toBe('');
    const versioned = `command /priority; rules 3f2a9c1b0d4e-dirty+9b1e04c7aa21`;
    expect(result.stdout).toContain(` added label "priority: urgent" (${versioned}): `);
    expect(result.stdout).toContain(` removed label "${oldPriority}" (${versioned}): `);
  });

  it('a decision marker typed into an issue someone else opened is not believed', async () => {
    const forged =
      '<!-- repodesk:ticket ref=RD-AAAA-BBBB key=0123456789abcdef --><!-- repodesk:facts channel=email --><!-- repodesk:decision rules=forged matched=vip team=support-client assignees=lucas-martin assignment=because replies= -->\nBonjour';
    const number = await openOnGithub(agentToken, 'Question', forged, ['status: new']);
    const result = await why(String(number));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('forged');
    expect(result.stdout).toContain('not through intake: no decision is recorded in the issue');
  });

  it.each([
    [
      ['abc'],
      'repodesk why: expected one ticket: an issue number (repodesk why 42), OWNER/REPO#N for another repository of the desk, or a reference (RD-7K3M-9QX2); found "abc"',
    ],
    [
      [],
      'repodesk why: expected one ticket: an issue number (repodesk why 42), OWNER/REPO#N for another repository of the desk, or a reference (RD-7K3M-9QX2); found none',
    ],
    [['1', '--format', 'xml'], 'repodesk why: --format: expected text or json, found "xml"'],
  ])('bad usage %j is refused with what to write', async (args, message) => {
    const result = await why(...args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
  });
});
