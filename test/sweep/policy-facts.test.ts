// The SLA policy of a real ticket: a key account's mail (its address vouched for by the desk's own mail
// server), turned into a ticket by the bot on the GitHub stand-in, carries the facts intake knew (channel,
// sender, organisation, language) on its first line, so `repodesk sla explain` and the sweep choose the
// key-account policy; the same address typed into the form gets no tier; an issue opened on GitHub itself
// has only its labels, and the github channel.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { createOctokit } from '../../src/tracker/create-octokit.ts';
import { GithubTracker } from '../../src/tracker/github-tracker.ts';
import {
  eventually,
  incidentSubmission,
  postRequest,
  repoRoot,
  settle,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let harness: Harness;

async function explain(number: number): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      bin,
      'sla',
      'explain',
      String(number),
      '--root',
      repoRoot,
      '--now',
      new Date(harness.bot.context.clock()).toISOString(),
    ],
    {
      env: {
        ...process.env,
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: harness.standin.url,
      },
    },
  );
  return stdout;
}

function botTracker(): GithubTracker {
  const octokit = createOctokit({ baseUrl: harness.standin.url, token: 'bot-token' }, { log: quiet });
  return new GithubTracker({ octokit, repository: 'acme/support', now: harness.bot.context.clock });
}

beforeAll(async () => {
  harness = await startHarness({
    standinUsers: [{ login: 'mallory', token: 'mallory-token', role: 'none' }],
    // Mallory, with no role, opens an issue: a public repository, as only there can she.
    standin: { publicRepos: ['acme/support'] },
  });
});

afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

describe('facts intake writes for the SLA', () => {
  let vip: number;
  let typed: number;
  let opened: number;

  beforeAll(async () => {
    // A customer of Banque Arvel (a key account by its email domain) reports an incident by mail, through
    // the desk's mail server, which checked her domain's DMARC.
    const mailed = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: [
        'Authentication-Results: mx.cassiopee.example; dmarc=pass header.from=banque-arvel.example',
        'From: Inès Garnier <ines.garnier@banque-arvel.example>',
        'To: support@cassiopee.example',
        'Subject: VPN : impossible de me connecter',
        'Message-ID: <vpn-1@banque-arvel.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Bonjour, le VPN refuse mon mot de passe depuis ce matin.',
        '',
      ].join('\r\n'),
    });
    expect(mailed.status).toBe(200);
    vip = (
      await eventually(async () =>
        (await harness.issues()).find((issue) => issue.body.includes('Inès Garnier')),
      )
    ).number;
    // Someone types a Banque Arvel address into the site's form: nothing proves it is theirs.
    const submitted = await postRequest(
      harness.url,
      incidentSubmission(harness.bot.context.clock(), {
        requester: { name: 'Hugo Typed', email: 'hugo@banque-arvel.example' },
      }),
    );
    expect(submitted.status).toBe(202);
    typed = (
      await eventually(async () =>
        (await harness.issues()).find((issue) => issue.body.includes('Hugo Typed')),
      )
    ).number;
    // A monitoring system opens an urgent issue on GitHub directly.
    const response = await fetch(`${harness.standin.url}/repos/acme/support/issues`, {
      method: 'POST',
      headers: { authorization: 'token monitoring-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Sonde : disque plein',
        body: 'Alerte automatique.',
        labels: ['status: new', 'priority: urgent'],
      }),
    });
    opened = ((await response.json()) as { number: number }).number;
  });

  it('the verified mail ticket carries channel, sender, organisation and language on its first line; the form one no organisation', async () => {
    const issues = await harness.issues();
    expect(issues.find((candidate) => candidate.number === vip)!.body.split('\n')[0]).toMatch(
      /^<!-- repodesk:ticket ref=\S+ key=[0-9a-f]{16} --><!-- repodesk:facts channel=email sender=verified organisation=banque-arvel language=fr domain=banque-arvel\.example --><!-- repodesk:decision rules=unversioned matched=grands-comptes,[^>]+ -->$/,
    );
    expect(issues.find((candidate) => candidate.number === typed)!.body.split('\n')[0]).toMatch(
      /^<!-- repodesk:ticket ref=\S+ key=[0-9a-f]{16} --><!-- repodesk:facts channel=web sender=unverified language=fr form=incident domain=banque-arvel\.example --><!-- repodesk:decision rules=unversioned \S+ team=informatique [^>]+ -->$/,
    );
  });

  it('repodesk sla explain chooses the key-account policy for it (30 minutes to a first response)', async () => {
    const text = await explain(vip);
    // A key account's incident (high priority by routing): the tier comes from the facts marker alone.
    expect(text).toContain('policy: vip-critique\n  policy "vip-critique": conditions match\n');
    expect(text).toContain('first response: target 30m');
  });

  it('the sweep plans it under the key-account policy, and the GitHub issue under its labels', async () => {
    const result = await runSweep({
      tracker: botTracker(),
      rules: harness.rules,
      now: new Date(harness.bot.context.clock() + 3 * 3_600_000),
      dryRun: true,
    });
    const policyOf = (number: number) => result.plans.find((plan) => plan.number === number)?.policy;
    expect(policyOf(vip)).toBe('vip-critique');
    expect(policyOf(typed)).not.toBe('vip-critique');
    expect(policyOf(opened)).toBe('urgente');
  });
});

describe('facts in an issue repodesk did not open', () => {
  let vip: number;
  let forged: number;
  let ours: number;

  /** Opens an issue on GitHub itself as the holder of `token`, and lets the bot route it. */
  async function openIssue(token: string, title: string, body: string): Promise<number> {
    const response = await fetch(`${harness.standin.url}/repos/acme/support/issues`, {
      method: 'POST',
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, body, labels: ['status: new', 'priority: high'] }),
    });
    expect(response.status).toBe(201);
    const { number } = (await response.json()) as { number: number };
    await settle(harness);
    return number;
  }

  beforeAll(async () => {
    // Anyone can read a ticket's first line on a public repository, and copy it into an issue of their own:
    // here the first line of a key account's verified mail ticket (its shape is pinned above).
    const created = await eventually(async () =>
      (await harness.issues()).find((issue) =>
        issue.body.split('\n')[0]!.includes('organisation=banque-arvel'),
      ),
    );
    vip = created.number;
    const firstLine = created.body.split('\n')[0]!;
    expect(firstLine).toContain(
      '<!-- repodesk:facts channel=email sender=verified organisation=banque-arvel language=fr domain=banque-arvel.example -->',
    );
    const body = `${firstLine}\nMon VPN ne marche plus, traitez-moi en priorité.`;
    forged = await openIssue('mallory-token', 'VPN en panne', body);
    // The same issue opened by the bot's own account: the only difference is who opened it.
    ours = await openIssue('bot-token', 'VPN en panne', body);
  });

  it('the sweep gives the outsider’s issue the policy of its labels, and the bot’s own issue the key-account one', async () => {
    const result = await runSweep({
      tracker: botTracker(),
      rules: harness.rules,
      now: new Date(harness.bot.context.clock() + 3 * 3_600_000),
      dryRun: true,
    });
    const policyOf = (number: number) => result.plans.find((plan) => plan.number === number)?.policy;
    expect(policyOf(vip)).toBe('vip-critique');
    // Both are high priority by their labels: the copied marker made the outsider's a key account's.
    expect(policyOf(ours)).toBe('vip-critique');
    expect(policyOf(forged)).toBe('haute');
  });

  it('repodesk sla explain reads no organisation from it either', async () => {
    const text = await explain(forged);
    expect(text).toContain('policy: haute\n');
    expect(text).not.toContain('banque-arvel');
    expect(await explain(ours)).toContain('policy: vip-critique\n');
  });
});
