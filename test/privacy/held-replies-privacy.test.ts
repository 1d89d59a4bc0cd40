// Replies the collision guard held (written to a requester, never sent) are theirs too: `repodesk privacy
// export` lists them (still held or dropped, to them or with them in copy) and `repodesk privacy erase`
// forgets them, so that a `/send` afterwards mails them nothing. Through the real bot (two agents commenting
// with their own tokens on the GitHub stand-in, the SMTP sink) and the CLI as its own process on the bot's
// data folder.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentToken,
  incidentSubmission,
  manualClock,
  postRequest,
  repoRoot,
  settle,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { agentApi } from '../support/agent-api.ts';
import { runCli } from '../support/cli-child.ts';

interface Ticket {
  number: number;
  ref: string;
}
interface HeldReplyExport {
  reference: string;
  issue: number;
  state: string;
  by: string;
  settledBy?: string;
  addressedAs: string;
  language: string;
  text: string;
  files: string[];
}

const camille = { login: 'camille-durand', token: agentToken };
const lucas = { login: 'lucas-martin', token: 'agent-lucas-token' };
const marie = { name: 'Marie Curie', email: 'marie.curie@example.org' };
const paul = { name: 'Paul Langevin', email: 'paul@example.org' };

const clock = manualClock();
let harness: Harness;
let workDir: string;
let marieTicket: Ticket;
let paulTicket: Ticket;
const api = agentApi(() => harness);

async function openTicket(requester: { name: string; email: string }): Promise<Ticket> {
  const response = await postRequest(harness.url, incidentSubmission(clock.now(), { requester }));
  expect(response.status).toBe(202);
  const accepted = (await response.json()) as { ref: string };
  await settle(harness);
  const issue = (await harness.issues()).find((candidate) => candidate.body.includes(accepted.ref))!;
  return { number: issue.number, ref: accepted.ref };
}

async function comment(agent: typeof camille, ticket: Ticket, body: string): Promise<void> {
  clock.advance(60_000);
  await api(
    `/issues/${ticket.number}/comments`,
    { method: 'POST', body: JSON.stringify({ body }) },
    agent.token,
  );
  await settle(harness);
}

const cliEnv = () => ({
  GITHUB_TOKEN: 'bot-token',
  GITHUB_REPOSITORY: 'acme/support',
  GITHUB_API_URL: harness.standin.url,
  DATA_DIR: harness.dataDir,
  REPODESK_ROOT: repoRoot,
});

/** `repodesk privacy export <email>`: its output and the held replies of its requester.json. */
async function exportOf(email: string): Promise<{ stdout: string; heldReplies: HeldReplyExport[] }> {
  const out = fs.mkdtempSync(path.join(workDir, 'export-'));
  const result = await runCli(
    ['privacy', 'export', email, '--out', path.join(out, 'export.tar.gz')],
    cliEnv(),
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  await extract({ file: path.join(out, 'export.tar.gz'), cwd: out });
  const document = JSON.parse(fs.readFileSync(path.join(out, 'requester.json'), 'utf8')) as {
    heldReplies: HeldReplyExport[];
  };
  return { stdout: result.stdout.replace(`${out}/`, ''), heldReplies: document.heldReplies };
}

async function erase(...args: string[]): Promise<string> {
  const result = await runCli(['privacy', 'erase', ...args], cliEnv());
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** The stored held replies (every state), as the store keeps their mail's recipients and text. */
async function storedHeldReplies(): Promise<{ ref: string; to: string[]; cc: string[]; text: string }[]> {
  const rows = await harness.bot.context.store.all(
    'SELECT ref, draft FROM held_replies ORDER BY held_at, key',
  );
  return rows.map((row) => {
    const draft = JSON.parse(String(row.draft)) as { mail: { to: string[]; cc: string[]; shown: string } };
    return { ref: String(row.ref), to: draft.mail.to, cc: draft.mail.cc, text: draft.mail.shown };
  });
}

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address));

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-held-privacy-'));
  harness = await startHarness({ clock: clock.now, standinUsers: [lucas] });
  marieTicket = await openTicket(marie);
  paulTicket = await openTicket(paul);
  await comment(camille, paulTicket, `/cc add ${marie.email}`);
  // Marie's ticket: Camille answers; Lucas's two replies after it are held, the first dropped.
  await comment(camille, marieTicket, '/reply Bonjour, nous regardons.');
  await comment(lucas, marieTicket, '/reply Premier brouillon pour vous.');
  await comment(lucas, marieTicket, '/drop');
  await comment(lucas, marieTicket, '/reply Second brouillon pour vous.');
  // Paul's ticket, Marie in copy: Lucas's reply after Camille's is held, to Paul with Marie in copy.
  await comment(camille, paulTicket, '/reply Bonjour Paul, nous regardons.');
  await comment(lucas, paulTicket, '/reply Brouillon pour Paul et sa collègue.');
}, 60_000);
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('held replies in repodesk privacy export and erase', () => {
  it('the export lists the replies held for the requester, on their ticket and in copy, held or dropped', async () => {
    const exported = await exportOf('Marie.Curie@example.org');
    expect(exported.stdout).toBe('Wrote export.tar.gz: 1 tickets, 0 mails, 0 files, 3 held replies.\n');
    const common = { by: 'lucas-martin', language: 'fr', files: [] };
    expect(exported.heldReplies).toEqual([
      {
        ...common,
        reference: marieTicket.ref,
        issue: marieTicket.number,
        state: 'dropped',
        heldAt: expect.any(String),
        settledBy: 'lucas-martin',
        settledAt: expect.any(String),
        addressedAs: 'recipient',
        text: 'Premier brouillon pour vous.',
      },
      {
        ...common,
        reference: marieTicket.ref,
        issue: marieTicket.number,
        state: 'held',
        heldAt: expect.any(String),
        addressedAs: 'recipient',
        text: 'Second brouillon pour vous.',
      },
      {
        ...common,
        reference: paulTicket.ref,
        issue: paulTicket.number,
        state: 'held',
        heldAt: expect.any(String),
        addressedAs: 'copy',
        text: 'Brouillon pour Paul et sa collègue.',
      },
    ]);
  }, 60_000);

  it("another requester's export lists only what was held for them", async () => {
    const exported = await exportOf(paul.email);
    expect(exported.stdout).toBe('Wrote export.tar.gz: 1 tickets, 0 mails, 0 files, 1 held replies.\n');
    expect(exported.heldReplies.map((reply) => [reply.reference, reply.addressedAs, reply.text])).toEqual([
      [paulTicket.ref, 'recipient', 'Brouillon pour Paul et sa collègue.'],
    ]);
  }, 60_000);

  it('erase --ticket forgets the replies held on that ticket only; erase then takes them out of the copies', async () => {
    const ticketOnly = await erase(marie.email, '--ticket', String(marieTicket.number));
    expect(ticketOnly).toContain('  store: 2 held replies deleted\n');
    expect(ticketOnly).not.toContain('copies of');
    expect(await storedHeldReplies()).toEqual([
      {
        ref: paulTicket.ref,
        to: [paul.email],
        cc: [marie.email],
        text: 'Brouillon pour Paul et sa collègue.',
      },
    ]);

    const everything = await erase(marie.email);
    expect(everything).toContain(
      '  store: their address removed from the copies of 1 held replies to other people\n',
    );
    expect(await storedHeldReplies()).toEqual([
      { ref: paulTicket.ref, to: [paul.email], cc: [], text: 'Brouillon pour Paul et sa collègue.' },
    ]);
    expect((await exportOf(marie.email)).heldReplies).toEqual([]);
  }, 60_000);

  it('after the erasure, /send mails the held reply to its recipient only, and a reply held for her is gone', async () => {
    const toMarie = mailsTo(marie.email).length;
    const toPaul = mailsTo(paul.email).length;
    await comment(lucas, paulTicket, '/send');
    await comment(lucas, marieTicket, '/send');
    expect(mailsTo(paul.email)).toHaveLength(toPaul + 1);
    expect(mailsTo(marie.email)).toHaveLength(toMarie);
  }, 60_000);
});
