// `repodesk report feedback` as the team runs it: signals posted to the real bot over HTTP (as the help
// site sends them), then the command run as a real process on the bot's data folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, repoRoot, siteOrigin, startHarness, type Harness } from '../support/bot-harness.ts';

const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'));
const now = '2026-11-23T12:00:00Z';
let harness: Harness;

function repodesk(args: string[]) {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function send(body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${harness.url}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: siteOrigin },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: response.status === 204 ? undefined : await response.json() };
}

beforeAll(async () => {
  harness = await startHarness({ runWorker: false, clock: clock.now });
  // 40 days ago: outside the default 30-day window.
  clock.set(Date.parse('2026-10-14T09:00:00Z'));
  expect((await send({ kind: 'empty-search', lang: 'fr', query: 'vieux sujet' })).status).toBe(204);
  clock.set(Date.parse('2026-11-20T09:00:00Z'));
  const accepted = [
    { kind: 'empty-search', lang: 'fr', query: 'Imprimante' },
    { kind: 'empty-search', lang: 'fr', query: 'imprimante !' },
    { kind: 'empty-search', lang: 'fr', query: 'imprimante' },
    { kind: 'empty-search', lang: 'en', query: 'parking badge' },
    { kind: 'article-helpful', lang: 'fr', article: 'mot-de-passe-oublie' },
    { kind: 'article-helpful', lang: 'fr', article: 'mot-de-passe-oublie' },
    { kind: 'article-not-helpful', lang: 'fr', article: 'moyens-de-paiement' },
    { kind: 'article-not-helpful', lang: 'fr', article: 'moyens-de-paiement' },
    { kind: 'article-helpful', lang: 'fr', article: 'moyens-de-paiement' },
    {
      kind: 'article-comment',
      lang: 'fr',
      article: 'moyens-de-paiement',
      helpful: false,
      comment: 'Et le virement\u001b[2J instantané ?\nRappelez-moi au 06 12 34 56 78',
    },
    { kind: 'deflection', lang: 'fr', article: 'mot-de-passe-oublie', form: 'incident' },
    { kind: 'deflection', lang: 'fr', article: 'mot-de-passe-oublie', form: 'incident' },
    // The assistant: the words a customer typed never travel, even when a page would send them.
    {
      kind: 'assistant',
      lang: 'fr',
      outcome: 'deflected',
      article: 'mot-de-passe-oublie',
      sentence: 'Zorglub perdu, écrivez à zorglub@example.com',
    },
    { kind: 'assistant', lang: 'en', outcome: 'deflected', article: 'forgotten-password' },
    { kind: 'assistant', lang: 'fr', outcome: 'deflected', article: 'mot-de-passe-oublie' },
    { kind: 'assistant', lang: 'fr', outcome: 'escalated', form: 'incident' },
  ];
  for (const body of accepted) {
    clock.advance(60_000);
    expect(await send(body), JSON.stringify(body)).toEqual({ status: 204, json: undefined });
  }
});

afterAll(async () => {
  await harness?.close();
});

describe('the bot takes the help site signals', () => {
  it('refuses what the site never sends, naming the field and the limit', async () => {
    expect(await send({ kind: 'article', lang: 'fr', article: 'moyens-de-paiement', helpful: true })).toEqual(
      {
        status: 422,
        json: {
          error: 'invalid feedback',
          errors: [
            {
              field: 'kind',
              message:
                'expected one of article-helpful, article-not-helpful, article-comment, empty-search, deflection, assistant, found "article"',
            },
          ],
        },
      },
    );
    const long = await send({
      kind: 'article-comment',
      lang: 'fr',
      article: 'moyens-de-paiement',
      helpful: false,
      comment: 'x'.repeat(1001),
    });
    expect(long.status).toBe(422);
    expect(JSON.stringify(long.json)).toContain('the comment is limited to 1000 characters, found 1001');
    expect(
      (await send({ kind: 'deflection', lang: 'fr', article: 'a', form: 'formulaire-inconnu' })).status,
    ).toBe(422);
    expect(
      await send({ kind: 'assistant', lang: 'fr', outcome: 'escalated', form: 'formulaire-inconnu' }),
    ).toEqual({
      status: 422,
      json: {
        error: 'invalid feedback',
        errors: [
          {
            field: 'form',
            message: expect.stringMatching(
              /^expected the id of the request form the assistant opened \(.*incident.*\), found "formulaire-inconnu"$/,
            ),
          },
        ],
      },
    });
    expect(await send({ kind: 'assistant', lang: 'fr', outcome: 'maybe' })).toEqual({
      status: 422,
      json: {
        error: 'invalid feedback',
        errors: [{ field: 'outcome', message: 'expected one of deflected, escalated, found "maybe"' }],
      },
    });
  });

  it('keeps none of the words a customer typed in the assistant', () => {
    const stored = fs
      .readdirSync(harness.dataDir)
      .filter((file) => file.startsWith('repodesk.sqlite'))
      .map((file) => fs.readFileSync(path.join(harness.dataDir, file)).toString('latin1'))
      .join('');
    expect(stored).toContain('mot-de-passe-oublie');
    expect(stored).not.toContain('Zorglub');
    expect(stored).not.toContain('zorglub');
  });
});

describe('repodesk report feedback', () => {
  it('shows the empty searches grouped, the least helpful articles with their comments, and the deflections', () => {
    const result = repodesk(['report', 'feedback', '--data-dir', harness.dataDir, '--now', now]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        'Help site feedback from 2026-10-24T12:00:00.000Z to 2026-11-23T12:00:00.000Z (since 30d)',
        '4 searches that found nothing, 5 votes (3 yes, 2 no), 1 comment, 2 deflections',
        '',
        'Searches that found nothing, most frequent first',
        '  count  lang   last        search',
        '      3  fr     2026-11-20  imprimante  (also: imprimante !)',
        '      1  en     2026-11-20  parking badge',
        '',
        'Articles by share of "yes" to "was this helpful?", least helpful first',
        '   yes    no  helpful  article',
        '     1     2      33%  fr/moyens-de-paiement',
        '        2026-11-20  no   “Et le virement[2J instantané ? Rappelez-moi au [number]”',
        '     2     0     100%  fr/mot-de-passe-oublie',
        '',
        'Deflections: articles that solved the problem before a request was sent',
        '  count  article (requests not sent, per form)',
        '      2  fr/mot-de-passe-oublie (incident 2)',
        '',
        'Assistant: 4 conversations ended, 3 on an article that solved the problem (deflected), 1 on a request form (escalated)',
        '      2  fr/mot-de-passe-oublie',
        '      1  en/forgotten-password',
        '      1  form incident',
        '',
      ].join('\n'),
    );
  });

  it('--format json gives the same report for scripts, --since widens the window', () => {
    const result = repodesk([
      'report',
      'feedback',
      '--data-dir',
      harness.dataDir,
      '--now',
      now,
      '--since',
      '2026-10-01',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      totals: Record<string, number>;
      emptySearches: { query: string; count: number }[];
      articles: { article: string; helpfulRatio: number; comments: { comment: string }[] }[];
    };
    expect(report.totals).toEqual({
      'empty-search': 5,
      'article-helpful': 3,
      'article-not-helpful': 2,
      'article-comment': 1,
      deflection: 2,
      assistant: 4,
    });
    expect(report.emptySearches.map((search) => [search.query, search.count])).toEqual([
      ['imprimante', 3],
      ['parking badge', 1],
      ['vieux sujet', 1],
    ]);
    expect(report.articles[0]?.comments[0]?.comment).toBe(
      'Et le virement[2J instantané ? Rappelez-moi au [number]',
    );
  });

  it('says where it looked when the folder holds no store, and explains a bad option', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-no-store-'));
    const missing = repodesk(['report', 'feedback', '--data-dir', empty]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      `repodesk report: no store at ${path.join(empty, 'repodesk.sqlite')}; expected the data folder of the bot (DATA_DIR of \`repodesk serve\`); pass it with --data-dir DIR\n`,
    );
    expect(fs.readdirSync(empty)).toEqual([]);
    fs.rmSync(empty, { recursive: true });
    const bad = repodesk(['report', 'feedback', '--since', 'last week']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      '--since: invalid duration "last week": expected whole numbers with units d, h, m in that order, e.g. 30m, 4h, 1h30m, 2d, or a date such as 2026-11-01',
    );
    // A bare `repodesk report` is the service report now: another word is neither it nor feedback.
    expect(repodesk(['report', 'tickets']).stderr).toContain(
      'unknown report "tickets"; expected options, or: feedback',
    );
  });

  it('is listed by repodesk --help', () => {
    expect(repodesk(['--help']).stdout).toContain(
      '  report     the service report of a period (SLA, volume, agents, self-service, forecast); `report feedback`: help site signals',
    );
  });
});
