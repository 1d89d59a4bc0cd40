// `repodesk report feedback` and the service report of a desk whose bot keeps its store in PostgreSQL
// (DATABASE_URL, several replicas): they read the help site's signals there, as `repodesk jobs` does;
// `--data-dir` still names a SQLite folder, and a database that does not answer fails with the fix.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackReport } from '../../src/feedback/feedback-report.ts';
import type { Report } from '../../src/reporting/build-report.ts';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { openFeedbackLog } from '../../src/store/feedback-log.ts';
import { openSatisfactionLog } from '../../src/store/satisfaction-log.ts';
import { openStore } from '../../src/store/open-store.ts';
import { postgresPrograms, startPostgres, type PostgresServer } from '../support/postgres-server.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/repodesk.js', import.meta.url).pathname;
const root = new URL('../fixtures/sla/rules', import.meta.url).pathname;
const programs = postgresPrograms(import.meta.filename);
const at = Date.parse('2026-11-12T10:00:00Z');

async function repodesk(args: string[], env: Record<string, string>) {
  const { DATA_DIR: _data, DATABASE_URL: _url, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'report', ...args], {
      env: { ...inherited, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.skipIf(!programs)('repodesk report on a PostgreSQL store', () => {
  let postgres: PostgresServer;
  let standin: Standin;
  let databaseUrl: string;
  let emptyDataDir: string;

  beforeAll(async () => {
    postgres = await startPostgres(programs!);
    databaseUrl = await postgres.createDatabase();
    standin = await startStandin({
      repos: ['acme/support'],
      users: [{ login: 'repodesk-bot', token: 'bot-token' }],
    });
    emptyDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-report-pg-'));
    // The signals a replica stored, in the database the replicas share.
    const store = await openStore({ databaseUrl });
    const log = openFeedbackLog(store);
    for (const entry of [
      { kind: 'empty-search', lang: 'fr', query: 'imprimante', at },
      { kind: 'empty-search', lang: 'fr', query: 'Imprimante !', at },
      { kind: 'article-not-helpful', lang: 'fr', article: 'vpn', at },
      { kind: 'deflection', lang: 'fr', article: 'vpn', form: 'incident', at },
      { kind: 'assistant', lang: 'fr', outcome: 'deflected', article: 'vpn', at },
      { kind: 'assistant', lang: 'en', outcome: 'escalated', form: 'incident', at },
    ] as const)
      await log.add(entry);
    // The survey's ratings a replica stored: ticket 7 rated bad then good (the last click counts), 8 bad.
    const ratings = openSatisfactionLog(store);
    expect(
      await ratings.rate({ ref: 'RD-AAAA-0007', issueNumber: 7, rating: 'bad', lang: 'fr', at }),
    ).toBeUndefined();
    expect(
      await ratings.rate({ ref: 'RD-AAAA-0007', issueNumber: 7, rating: 'good', lang: 'fr', at: at + 1 }),
    ).toBe('bad');
    await ratings.rate({ ref: 'RD-AAAA-0008', issueNumber: 8, rating: 'bad', lang: 'en', at });
    expect(await ratings.comment('RD-AAAA-0008', 'Trop lent.')).toBe(true);
    expect(await ratings.comment('RD-AAAA-0009', 'Aucun avis donné')).toBe(false);
    await ratings.setNote('RD-AAAA-0008', 4_000_000_000, 'note');
    expect(await ratings.get('RD-AAAA-0008')).toMatchObject({
      noteCommentId: 4_000_000_000,
      noteText: 'note',
    });
    await store.close();
  }, 60_000);
  afterAll(async () => {
    await standin?.close();
    await postgres?.stop();
    fs.rmSync(emptyDataDir, { recursive: true, force: true });
  });

  it('report feedback reads the signals from DATABASE_URL', async () => {
    const result = await repodesk(['feedback', '--format', 'json', '--now', '2026-11-20T12:00:00Z'], {
      DATABASE_URL: databaseUrl,
      DATA_DIR: emptyDataDir,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as FeedbackReport;
    expect(report.emptySearches).toEqual([expect.objectContaining({ count: 2 })]);
    expect(report.deflections).toEqual([expect.objectContaining({ article: 'vpn', count: 1 })]);
  });

  it('report feedback --data-dir reads that folder, not the database', async () => {
    const result = await repodesk(['feedback', '--data-dir', emptyDataDir], { DATABASE_URL: databaseUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `repodesk report: no store at ${path.join(emptyDataDir, 'repodesk.sqlite')}; expected the data folder of the bot (DATA_DIR of \`repodesk serve\`); pass it with --data-dir DIR\n`,
    );
  });

  it('the service report counts the self-service signals of the PostgreSQL store', async () => {
    const result = await repodesk(
      [
        '--root',
        root,
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
        '--now',
        '2026-12-01T12:00:00Z',
        '--format',
        'json',
      ],
      {
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: standin.url,
        DATABASE_URL: databaseUrl,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const self = (JSON.parse(result.stdout) as Report).selfService;
    expect(self.recorded).toBe(true);
    expect(self.emptySearchCount).toBe(2);
    expect(self.assistant).toEqual({ deflected: 1, escalated: 1, solved: { of: 2, count: 1, rate: 0.5 } });
  });

  it('the service report counts the satisfaction ratings of the PostgreSQL store', async () => {
    const result = await repodesk(
      [
        '--root',
        root,
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
        '--now',
        '2026-12-01T12:00:00Z',
        '--format',
        'json',
      ],
      {
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: standin.url,
        DATABASE_URL: databaseUrl,
      },
    );
    expect(result.code).toBe(0);
    const satisfaction = (JSON.parse(result.stdout) as Report).satisfaction;
    expect(satisfaction).toMatchObject({ good: 1, bad: 1, score: 0.5 });
    expect(satisfaction?.comments).toEqual([
      { number: 8, rating: 'bad', at: new Date(at).toISOString(), comment: 'Trop lent.' },
    ]);
  });

  it('a database that does not answer fails the report with the fix', async () => {
    const closed = new URL(databaseUrl);
    closed.port = '1';
    closed.password = 'a-secret-password';
    const result = await repodesk(['feedback'], { DATABASE_URL: closed.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('connect ECONNREFUSED 127.0.0.1:1');
    expect(result.stderr).toContain(
      'check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running and reachable from this machine',
    );
    expect(result.stderr).not.toContain('a-secret-password');
    expect(result.stdout).toBe('');
  });
});
