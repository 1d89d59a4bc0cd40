// Reads the `.eml` corpus under test/fixtures/emails and generates the messages too big to keep in git.

import fs from 'node:fs';
import path from 'node:path';

export const emailFixtureDir = path.resolve(import.meta.dirname, '../fixtures/emails');

export function readEmail(name: string): Buffer {
  return fs.readFileSync(path.join(emailFixtureDir, name));
}

export function emailFixtureNames(): string[] {
  return fs
    .readdirSync(emailFixtureDir)
    .filter((name) => name.endsWith('.eml'))
    .sort();
}

/** A plain message from `from` with the given extra header lines and body. */
export function rawMail(options: {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string;
  headers?: string[];
  body?: string;
}): Buffer {
  const lines = [
    `From: ${options.from ?? 'Claire Martin <claire.martin@exemple-client.fr>'}`,
    `To: ${options.to ?? 'support@cassiopee.example'}`,
    `Subject: ${options.subject ?? 'Question'}`,
    'Date: Mon, 3 Nov 2026 10:15:02 +0000',
    ...(options.messageId === ''
      ? []
      : [
          `Message-ID: <${options.messageId ?? `m${Math.random().toString(36).slice(2)}@exemple-client.fr`}>`,
        ]),
    ...(options.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Bonjour, une question.',
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** A message whose single attachment makes it about `bytes` long (base64 inflates by 4/3). */
export function largeMail(bytes: number): Buffer {
  // base64 turns 3 bytes into 4 characters, plus CRLF after every 76.
  const payloadBytes = Math.floor((((bytes - 1024) * 76) / 78) * 0.75);
  const base64 = Buffer.alloc(payloadBytes, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n');
  const head = [
    'From: Claire Martin <claire.martin@exemple-client.fr>',
    'To: support@cassiopee.example',
    'Subject: Scan of the delivery note',
    'Message-ID: <large-1@exemple-client.fr>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="big"',
    '',
    '--big',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the scan attached.',
    '--big',
    'Content-Type: text/plain; name="scan.txt"',
    'Content-Disposition: attachment; filename="scan.txt"',
    'Content-Transfer-Encoding: base64',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head + '\r\n'), Buffer.from(base64), Buffer.from('\r\n--big--\r\n')]);
}

/** A message nested `depth` multiparts deep. */
export function deeplyNestedMail(depth: number): Buffer {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level += 1) {
    open.push(`Content-Type: multipart/mixed; boundary="n${level}"`, '', `--n${level}`);
    close.unshift(`--n${level}--`);
  }
  const head = [
    'From: a@example.org',
    'To: support@cassiopee.example',
    'Subject: deep',
    'Message-ID: <deep@example.org>',
    'MIME-Version: 1.0',
  ];
  return Buffer.from([...head, ...open, 'Content-Type: text/plain', '', 'bottom', ...close, ''].join('\r\n'));
}

/** A message with `count` sibling parts. */
export function manyPartsMail(count: number): Buffer {
  const parts: string[] = [];
  for (let index = 0; index < count; index += 1)
    parts.push('--wide', 'Content-Type: text/plain', '', `part ${index}`);
  const head = [
    'From: a@example.org',
    'To: support@cassiopee.example',
    'Subject: wide',
    'Message-ID: <wide@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="wide"',
    '',
  ];
  return Buffer.from([...head, ...parts, '--wide--', ''].join('\r\n'));
}
