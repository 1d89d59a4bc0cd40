// `repodesk privacy export <email>` end to end: a real `repodesk serve` takes a form request and a mail
// from the requester (and a request from someone else), an agent replies and writes an internal note on
// GitHub (the stand-in), then the command, as its own process on the same data folder, writes the one
// .tar.gz a data subject's access request is answered with.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract, list } from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/start-standin.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openTicketReferences } from '../../src/store/reference.ts';
import { openSatisfactionLog } from '../../src/store/satisfaction-log.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  noJobDue,
  postRequest,
  templateRules,
} from '../support/bot-harness.ts';
import { runCli } from '../support/cli-child.ts';
import { startServe } from '../support/serve-child.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-privacy-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function agentPost(standin: Standin, route: string, body: unknown): Promise<Response> {
  return fetch(`${standin.url}/repos/acme/support${route}`, {
    method: 'POST',
    headers: { authorization: `token ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function issueCount(standin: Standin): Promise<number> {
  const response = await fetch(`${standin.url}/repos/acme/support/issues?state=all`, {
    headers: { authorization: `token ${agentToken}` },
  });
  return ((await response.json()) as unknown[]).length;
}

/**
 * The stand-in has delivered every webhook and the `repodesk serve` on `dataDir` has no job due or running
 * (read from its store, as the harness's settle() does for a bot in the test's process).
 */
async function settled(standin: Standin, dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    for (let round = 0; round < 2; round += 1) {
      await standin.deliveriesIdle();
      await eventually(() => noJobDue(store, Date.now()), 30_000);
    }
  } finally {
    await store.close();
  }
}

const mailFromMarie = [
  'From: Marie Curie <Marie.Curie@example.org>',
  'To: support@cassiopee.example',
  'Subject: Imprimante du 2e étage',
  'Message-ID: <printer-1@example.org>',
  'Date: Mon, 23 Nov 2026 09:30:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  "L'imprimante du 2e étage n'imprime plus depuis ce matin.",
  '',
  'Marie Curie',
  'Laboratoire, 06 12 34 56 78',
  '',
].join('\r\n');

describe('repodesk privacy export', () => {
  it(
    "exports the requester's tickets, public thread and mail, then erases them from GitHub and the store but GitHub's edit history",
    { timeout: 60_000 },
    async () => {
      const rules = await templateRules();
      const standin = await startStandin({
        repos: ['acme/support'],
        users: [
          { login: 'repodesk-bot', token: 'bot-token' },
          { login: rules.teams.agents[0]?.login ?? 'agent', token: agentToken },
        ],
      });
      cleanups.push(async () => {
        expect(standin.responseErrors()).toEqual([]);
        await standin.close();
      });
      const mail = await startSmtpSink();
      cleanups.push(() => mail.close());
      const dataDir = tempDir();
      const serve = startServe({ standinUrl: standin.url, dataDir, env: { SMTP_URL: mail.url } });
      cleanups.push(() => serve.stop());
      const url = await serve.url;

      // One at a time, so the issue numbers say whose each is: Marie #1, Paul #2, Marie's mail #3.
      expect((await postRequest(url, incidentSubmission(Date.now()))).status).toBe(202);
      await eventually(async () => (await issueCount(standin)) === 1);
      const other = incidentSubmission(Date.now(), {
        requester: { name: 'Paul Langevin', email: 'paul@example.org' },
      });
      expect((await postRequest(url, other)).status).toBe(202);
      await eventually(async () => (await issueCount(standin)) === 2);
      const inbound = await fetch(`${url}/api/inbound/email`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: mailFromMarie,
      });
      expect(inbound.status).toBe(200);
      await eventually(async () => (await issueCount(standin)) === 3);
      // Paul writes too, giving Marie's address: his mail is his, it keeps its text.
      const fromPaul = mailFromMarie
        .replace('From: Marie Curie <Marie.Curie@example.org>', 'From: Paul Langevin <paul@example.org>')
        .replace('<printer-1@example.org>', '<printer-2@example.org>')
        .replace(
          "L'imprimante du 2e étage n'imprime plus depuis ce matin.",
          'Voyez avec ma collègue, marie.curie@example.org, pour le toner.',
        )
        .replace('Marie Curie\r\nLaboratoire, 06 12 34 56 78', 'Paul');
      const paulMail = await fetch(`${url}/api/inbound/email`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: fromPaul,
      });
      expect(paulMail.status).toBe(200);
      await eventually(async () => (await issueCount(standin)) === 4);
      const marieIssues = [1, 3];
      const first = marieIssues[0] ?? 0;
      expect(
        (
          await agentPost(standin, `/issues/${first}/comments`, {
            body: '/reply Bonjour, le VPN est rétabli.',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await agentPost(standin, `/issues/${first}/comments`, {
            body: 'Note interne : cliente très patiente',
          })
        ).status,
      ).toBe(201);
      // The bot has handled both comments (the reply is mailed, and recorded) before anything is exported
      // or erased: what it writes later would escape both.
      await settled(standin, dataDir);

      // Marie rated her first ticket through the resolution mail's survey, with a comment signed with her name.
      const store = await openStore({ dataDir });
      const firstRef = (await openTicketReferences(store).byIssueNumber(first))!.ref;
      const ratedAt = Date.parse('2026-11-24T10:00:00Z');
      await openSatisfactionLog(store).rate({
        ref: firstRef,
        issueNumber: first,
        rating: 'good',
        lang: 'fr',
        at: ratedAt,
      });
      await openSatisfactionLog(store).comment(firstRef, 'Très efficace. Marie Curie');
      await store.close();

      const out = path.join(tempDir(), 'marie.tar.gz');
      const result = await runCli(['privacy', 'export', 'MARIE.CURIE@example.org', '--out', out], {
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: standin.url,
        DATA_DIR: dataDir,
        REPODESK_ROOT: path.resolve(import.meta.dirname, '../..'),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`Wrote ${out}: 2 tickets, 1 mails, 0 files.\n`);
      // One archive, for its owner only: it lists requester.json, the mail and the folders, and extracts
      // to the same content (the mail byte for byte as it was received).
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const listed: string[] = [];
      await list({ file: out, onEntry: (entry) => void listed.push(`${entry.type} ${entry.path}`) });
      expect(listed).toEqual([
        'File requester.json',
        'Directory mail/',
        'Directory files/',
        expect.stringMatching(/^File mail\/\d+\.eml$/),
      ]);
      const extracted = path.join(tempDir(), 'extracted');
      fs.mkdirSync(extracted);
      await extract({ file: out, cwd: extracted });
      const emlName = listed[3]!.slice('File '.length);
      expect(fs.readFileSync(path.join(extracted, emlName), 'latin1')).toBe(
        Buffer.from(mailFromMarie, 'utf8').toString('latin1'),
      );
      expect(fs.readdirSync(path.join(extracted, 'files'))).toEqual([]);
      const exported = JSON.parse(fs.readFileSync(path.join(extracted, 'requester.json'), 'utf8')) as {
        requester: string;
        tickets: {
          title: string;
          name: string;
          issue: number;
          github: { body: string; publicThread: { body: string }[] };
          satisfaction: { rating: string; at: string; comment: string | null } | null;
        }[];
        mail: { file: string; state: string }[];
        notHeld: string[];
      };
      expect(exported.requester).toBe('MARIE.CURIE@example.org');
      expect(exported.tickets.map((ticket) => ticket.issue).sort()).toEqual([...marieIssues].sort());
      expect(exported.tickets.map((ticket) => ticket.name)).toEqual(['Marie Curie', 'Marie Curie']);
      const vpn = exported.tickets.find((ticket) => ticket.issue === first);
      expect(vpn?.github.body).toContain('Impossible de me connecter au VPN');
      expect(vpn?.github.publicThread.map((comment) => comment.body)).toContain(
        '/reply Bonjour, le VPN est rétabli.',
      );
      expect(vpn?.satisfaction).toEqual({
        rating: 'good',
        at: '2026-11-24T10:00:00.000Z',
        comment: 'Très efficace. Marie Curie',
      });
      expect(exported.tickets.find((ticket) => ticket.issue !== first)?.satisfaction).toBeNull();
      expect(JSON.stringify(exported)).not.toContain('Note interne');
      expect(JSON.stringify(exported)).not.toContain('Paul Langevin');
      expect(exported.mail).toEqual([
        {
          file: expect.stringMatching(/^mail\/\d+\.eml$/),
          receivedAt: expect.any(String),
          state: 'done',
          reference: expect.any(String),
        },
      ]);
      expect(fs.readFileSync(path.join(extracted, exported.mail[0]?.file ?? ''), 'utf8')).toContain(
        'Laboratoire, 06 12 34 56 78',
      );
      expect(exported.notHeld[0]).toBe(
        'Help-site feedback and article votes are stored without any address: they cannot be attributed to a person.',
      );
      expect(fs.statSync(path.join(extracted, 'requester.json')).mode & 0o777).toBe(0o600);

      // Erasure: a dry run changes nothing, then the requester is gone from GitHub and the store, except
      // from GitHub's edit history, which the report says how to delete.
      const githubEnv = {
        GITHUB_TOKEN: 'bot-token',
        GITHUB_REPOSITORY: 'acme/support',
        GITHUB_API_URL: standin.url,
        DATA_DIR: dataDir,
      };
      const writesBefore = standin.writeLog().length;
      const dry = await runCli(['privacy', 'erase', 'marie.curie@example.org', '--dry-run'], githubEnv);
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout.split('\n').slice(0, 2), dry.stdout).toEqual([
        'Would change (dry run, nothing changed):',
        '  GitHub issue #1: title and body redacted',
      ]);
      expect(standin.writeLog()).toHaveLength(writesBefore);
      const erased = await runCli(['privacy', 'erase', 'marie.curie@example.org'], githubEnv);
      expect(erased.stderr).toBe('');
      expect(erased.code).toBe(0);
      expect(erased.stdout).toContain('Changed:\n  GitHub issue #1: title and body redacted\n');
      expect(erased.stdout).toContain("  store: 2 tickets forget the requester's address, name and copies\n");
      expect(erased.stdout).toContain('  store: 1 inbound mails emptied\n');
      expect(erased.stdout).toContain('"Delete revision from history"');
      const personal = ['marie.curie@example.org', 'marie curie'];
      const visible: string[] = [];
      for (const number of [1, 2, 3]) {
        for (const route of [`/issues/${number}`, `/issues/${number}/comments`]) {
          const response = await fetch(`${standin.url}/repos/acme/support${route}`, {
            headers: { authorization: `token ${agentToken}` },
          });
          visible.push((await response.text()).toLowerCase());
        }
      }
      for (const value of personal) expect(visible.filter((text) => text.includes(value))).toEqual([]);
      // Paul's request is untouched.
      expect(visible.join('\n')).toContain('paul langevin');
      // GitHub's edit history still holds the earlier text: what the report tells the admin to delete.
      expect(JSON.stringify(standin.editHistory('acme/support', 1)).toLowerCase()).toContain('marie curie');
      // Nothing the store holds names her (every text and blob column of every table).
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(path.join(dataDir, 'repodesk.sqlite'), { readOnly: true });
      const found: string[] = [];
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all())
        for (const row of db.prepare(`SELECT * FROM "${String(name)}"`).all())
          for (const [column, value] of Object.entries(row)) {
            const text = (
              value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value)
            ).toLowerCase();
            for (const needle of personal)
              if (text.includes(needle)) found.push(`${String(name)}.${column}: ${needle}`);
          }
      const paulRaw = db
        .prepare('SELECT raw FROM mail_inbound WHERE raw LIKE ?')
        .all('%Voyez avec ma coll%')
        .map((row) => Buffer.from(row.raw as Uint8Array).toString('utf8'));
      db.close();
      expect(found).toEqual([]);
      expect(paulRaw).toHaveLength(1);
      expect(paulRaw[0]).toContain('Voyez avec ma collègue, [erased], pour le toner.');

      // Neither the bot's log nor the commands' output names the requester or a secret.
      for (const text of [serve.log(), result.stdout, result.stderr])
        for (const secret of [
          'marie.curie@example.org',
          'Marie Curie',
          '06 12 34 56 78',
          'bot-token',
          'serve-child-secret',
        ])
          expect(text.toLowerCase()).not.toContain(secret.toLowerCase());

      // A second export to the same file is refused: the first is never overwritten.
      const again = await runCli(['privacy', 'export', 'marie.curie@example.org', '--out', out], {
        DATA_DIR: dataDir,
      });
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(`repodesk privacy export: ${out} exists: give --out a new file\n`);
    },
  );

  it.each([
    [['export'], 'export: expected one email address, such as jeanne@example.org, found ""'],
    [['export', 'marie'], 'export: expected one email address, such as jeanne@example.org, found "marie"'],
    [['forget', 'marie@example.org'], 'expected "export" or "erase", found "forget"'],
    [['erase', 'marie@example.org', '--ticket', 'two'], '--ticket: expected an issue number, found "two"'],
  ])('bad usage %j is refused naming what was expected', async (args, message) => {
    const result = await runCli(['privacy', ...args], { DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `repodesk privacy: ${message}\nRun \`repodesk privacy --help\` for the options.\n`,
    );
  });
});
