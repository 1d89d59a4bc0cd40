// Drives the bot's raw inbound endpoint the way an MTA does, and reads back what the desk made of each
// mail: its state in the mail store (done, quarantined), the ticket it became or joined, the issue agents
// see, the comments on it and the mail the customer received.

import fs from 'node:fs';
import path from 'node:path';
import type { InboundMessage, MailThread } from '../../src/store/mail-store.ts';
import { agentToken, eventually, type Harness } from './bot-harness.ts';
import { emailFixtureDir } from './email-fixtures.ts';

/** A fixture of `folder`, with `{{name}}` placeholders filled (bounces and auto-replies name our own mail). */
export function fixture(folder: string, name: string, values: Record<string, string> = {}): Buffer {
  let raw = fs.readFileSync(path.join(emailFixtureDir, folder, name));
  for (const [key, value] of Object.entries(values))
    raw = Buffer.from(raw.toString('latin1').replaceAll(`{{${key}}}`, value), 'latin1');
  return raw;
}

export function fixtureNames(folder: string): string[] {
  return fs
    .readdirSync(path.join(emailFixtureDir, folder))
    .filter((name) => name.endsWith('.eml'))
    .sort();
}

/** POSTs a raw message to /api/inbound/email; returns the stored mail's id. */
export async function postMail(harness: Harness, raw: Buffer): Promise<number> {
  const response = await fetch(`${harness.url}/api/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822' },
    body: new Uint8Array(raw),
  });
  if (response.status !== 200)
    throw new Error(`inbound answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

/** The stored mail once the bot has processed it (done or quarantined). */
export function processed(harness: Harness, mailId: number): Promise<InboundMessage> {
  const store = harness.bot.context.mail.mailStore;
  return eventually(async () => {
    const message = await store.getInbound(mailId);
    return message && message.state !== 'queued' ? message : undefined;
  });
}

export interface AgentIssue {
  number: number;
  title: string;
  body: string;
  state: string;
  labels: string[];
}

async function api<T>(harness: Harness, route: string): Promise<T> {
  const response = await fetch(`${harness.standin.url}/repos/acme/support${route}`, {
    headers: { authorization: `token ${agentToken}` },
  });
  if (!response.ok) throw new Error(`stand-in answered ${response.status} for ${route}`);
  return (await response.json()) as T;
}

/** The issue of ticket `ref` as agents see it, once it exists. */
export async function issueOfRef(harness: Harness, ref: string): Promise<AgentIssue> {
  const number = await eventually(async () => (await harness.bot.context.refs.get(ref))?.issueNumber);
  const issue = await api<{
    number: number;
    title: string;
    body: string | null;
    state: string;
    labels: { name: string }[];
  }>(harness, `/issues/${number}`);
  return { ...issue, body: issue.body ?? '', labels: issue.labels.map((label) => label.name) };
}

/** Comment bodies of an issue, oldest first. */
export async function commentsOf(harness: Harness, number: number): Promise<string[]> {
  const comments = await api<{ body: string }[]>(harness, `/issues/${number}/comments?per_page=100`);
  return comments.map((comment) => comment.body);
}

/** The thread the mail store keeps for a ticket opened by mail (requester, name, CCs). */
export function threadOf(harness: Harness, ref: string): Promise<MailThread | undefined> {
  return harness.bot.context.mail.mailStore.thread(ref);
}

/** Mail the bot sent to `address` (its SMTP sink), raw. */
export function mailTo(harness: Harness, address: string): Buffer[] {
  return harness.mail.messages
    .filter((message) => message.envelopeTo.includes(address))
    .map((message) => message.raw);
}
