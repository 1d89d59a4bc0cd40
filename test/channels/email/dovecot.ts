// A private Dovecot on 127.0.0.1 for tests: its own config, users and maildirs in a temp folder, a free
// port, stdin/stdout/stderr to /dev/null (a piped CI step would hang otherwise). Seeded by IMAP APPEND.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { locateProgram, systemServer } from '../../support/system-server.ts';

const dovecotNeed = {
  suite: 'IMAP tests',
  program: 'dovecot',
  pathVariable: 'DOVECOT_PATH',
  install: 'dovecot-imapd (apt)',
};

/**
 * Whether the Dovecot suites can run here (DOVECOT_PATH, else dovecot on PATH). Without Dovecot the file
 * `file` is skipped with one line that says how to run it; in CI (CI=true) it fails instead.
 */
export function dovecotInstalled(file: string): boolean {
  return systemServer({ ...dovecotNeed, file }) !== undefined;
}

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  /** `imap://user:password@127.0.0.1:port/INBOX` */
  url: string;
  /** Stops the server (every connection drops) and starts it again on the same port. */
  restart(): Promise<void>;
  append(raw: Buffer | string, folder?: string): Promise<void>;
  /** UIDs and flags of the messages in `folder` (an empty list when the folder does not exist). */
  list(folder: string): Promise<{ uid: number; flags: string[] }[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until)
      throw new Error(`dovecot did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startDovecot(): Promise<Dovecot> {
  const found = locateProgram(dovecotNeed);
  if (!('path' in found)) throw new Error(`cannot start Dovecot: ${found.missing}`);
  const dovecotBinary = found.path;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-dovecot-'));
  const port = await freePort();
  const user = 'support@cassiopee.example';
  const password = 'imap-test-password';
  for (const sub of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  // Dovecot drops privileges to the static userdb user for mail access.
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'mail'), 0o777);
  fs.chmodSync(path.join(dir, 'home'), 0o777);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  const isRoot = process.getuid?.() === 0;
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${dir}/mail/%u`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/users\n}`,
      isRoot
        ? `userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=${dir}/home/%u\n}`
        : `userdb {\n  driver = static\n  args = uid=${process.getuid?.()} gid=${process.getgid?.()} home=${dir}/home/%u\n}`,
      `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      ...(isRoot ? ['default_internal_user = nobody', 'default_login_user = nobody'] : []),
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(dovecotBinary, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    await waitForPort(port, 10_000);
  };
  const halt = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await launch();
  const url = `imap://${encodeURIComponent(user)}:${password}@127.0.0.1:${port}/INBOX`;
  const withClient = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  return {
    port,
    user,
    password,
    url,
    restart: async () => {
      await halt();
      await launch();
    },
    append: (raw, folder = 'INBOX') =>
      withClient(async (client) => {
        await client.append(folder, raw);
      }),
    list: (folder) =>
      withClient(async (client) => {
        const folders = await client.list();
        if (!folders.some((entry) => entry.path === folder)) return [];
        const lock = await client.getMailboxLock(folder);
        try {
          const out: { uid: number; flags: string[] }[] = [];
          for await (const message of client.fetch('1:*', { uid: true, flags: true }))
            out.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
          return out;
        } catch {
          return [];
        } finally {
          lock.release();
        }
      }),
    stop: async () => {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
