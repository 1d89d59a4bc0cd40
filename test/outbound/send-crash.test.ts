// Kill -9 during the SMTP send (the server has the whole message, the bot never heard "250"): after a
// restart the outbox sends it again with the same Message-ID, so the customer's mailbox shows one mail;
// once recorded, no later run sends it again.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';

const child = path.resolve(import.meta.dirname, 'send-crash-child.ts');

describe('kill -9 around the SMTP send', () => {
  const received: Buffer[] = [];
  let killNext: (() => void) | undefined;
  let server: SMTPServer;
  let smtpUrl = '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-send-crash-'));

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks));
          const kill = killNext;
          killNext = undefined;
          // The message is here; the bot dies before it hears the answer.
          if (kill) kill();
          else callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function run(
    args: string[],
    killDuringSend: boolean,
  ): Promise<{ code: number | null; signal: string | null; out: string }> {
    return new Promise((resolve) => {
      const proc = spawn(process.execPath, [child, dataDir, smtpUrl, ...args], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      if (killDuringSend) killNext = () => proc.kill('SIGKILL');
      proc.on('exit', (code, signal) => resolve({ code, signal, out }));
    });
  }

  it('after a crash mid-send the restarted bot sends the same message once more, then never again', async () => {
    const crashed = await run(['enqueue'], true);
    expect(crashed.signal).toBe('SIGKILL');
    expect(received).toHaveLength(1);

    const restarted = await run([], false);
    expect(restarted.code).toBe(0);
    expect(JSON.parse(restarted.out)).toMatchObject({
      ran: 1,
      states: { queued: 0, running: 0, dead: 0, done: 1 },
    });
    expect(received).toHaveLength(2);
    const ids = new Set<string>();
    for (const raw of received) {
      const parsed = await parseMessage(raw);
      if (!parsed.ok) throw new Error(parsed.detail);
      ids.add(parsed.mail.messageId ?? '');
    }
    // One message for the customer's client: the copy carries the same Message-ID.
    expect(ids.size).toBe(1);

    const again = await run([], false);
    expect(JSON.parse(again.out)).toMatchObject({ ran: 0 });
    expect(received).toHaveLength(2);
  });
});
