// A desk in its own git repository with two commits, for `repodesk simulate`: `base` is the base desk of
// test/fixtures/rules/; `change` changes one routing rule (invoices by mail stop at the billing team instead
// of falling through to IT), one SLA target (standard first response 4h → 1h), renames two articles (kb/fr/facture.md,
// which kb/fr/mot-de-passe.md links to, and kb/en/invoice.md, which nothing links to), edits one canned
// reply and one form label. Tickets for it are written into the stand-in as intake writes them.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { renderIssueBody } from '../../src/intake/render-issue-body.ts';
import { route } from '../../src/routing/route.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import type { Rules } from '../../src/rules/types.ts';
import type { TicketDraft } from '../../src/tickets/types.ts';
import { deskFixture, type DeskChanges } from '../support/desk-fixture.ts';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Admin', '-c', 'user.email=admin@lumen.example', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}

/** What the `change` commit changes. */
const change: DeskChanges = {
  'rules/routing.yaml': (text) =>
    text.replace('then: { team: billing, reply: ack }', 'then: { team: billing, reply: ack, stop: true }'),
  'rules/sla.yaml': (text) =>
    text.replace('firstResponse: 4h, resolution: 3d', 'firstResponse: 1h, resolution: 3d'),
  'kb/fr/mot-de-passe.md': (text) =>
    text.replace('related: [facture]', 'related: [factures]').replace('(facture.md)', '(factures.md)'),
  'rules/replies/ack.en.md': (text) => text.replace('{{ticket.ref}}', '{{ticket.ref}} and will answer soon'),
  'rules/forms/contact.yaml': (text) => text.replace('label: Détails', 'label: Description'),
};

/**
 * Writes the desk (with `more.base` over it), commits it (`base`), applies `changes`, renames and
 * `more.removals`, and commits again (`change`).
 */
export function deskRepository(
  changes: DeskChanges = change,
  renames: [string, string][] = defaultRenames,
  more: { base?: DeskChanges; removals?: string[] } = {},
): {
  root: string;
  base: string;
  head: string;
} {
  const root = deskFixture('base', more.base);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base desk');
  const base = git(root, 'rev-parse', 'HEAD').trim();
  for (const [from, to] of renames) git(root, 'mv', from, to);
  for (const file of more.removals ?? []) git(root, 'rm', '-q', file);
  for (const [file, edit] of Object.entries(changes)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, typeof edit === 'string' ? edit : edit(fs.readFileSync(target, 'utf8')));
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', 'change');
  return { root, base, head: git(root, 'rev-parse', 'HEAD').trim() };
}

const defaultRenames: [string, string][] = [
  ['kb/fr/facture.md', 'kb/fr/factures.md'],
  ['kb/en/invoice.md', 'kb/en/invoices.md'],
];

/** The rules of the desk at `root` as loaded now (the tickets are written under the base's). */
export async function rulesOf(root: string): Promise<Rules> {
  const loaded = await loadRules(root, { now: new Date('2026-11-23T08:00:00Z') });
  if (!loaded.rules) throw new Error(`fixture rules invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.rules;
}

/** A ticket's issue as intake writes it: the body with its markers, and the labels routing gives. */
export function ticketIssue(
  draft: TicketDraft,
  rules: Rules,
  ref: string,
): { title: string; body: string; labels: string[] } {
  const decision = route(
    draft,
    rules,
    { openByAgent: {}, lastAssigned: {} },
    new Date('2026-11-23T08:00:00Z'),
  );
  return {
    title: draft.subject,
    body: renderIssueBody(draft, { ref, key: `key-${ref}`, rules, decision }),
    labels: decision.labels,
  };
}
