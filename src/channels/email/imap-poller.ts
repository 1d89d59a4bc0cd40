// Polls a support mailbox over IMAP (imapflow): IDLE on the inbox, with a periodic poll as a fallback.
// For each message still in the inbox: read its size, fetch its source (only the head when it is over
// `maxBytes`: a 60 MB mail is never loaded to be refused), hand it to `accept` (which stores it durably),
// and only once that resolved flag it \Seen and move it to a done folder. A crash or a dropped connection
// anywhere before the move leaves the message in the inbox: it is fetched again and the dedupe key of
// acceptRawMessage makes the second copy a no-op. Commands are never issued inside a fetch() iteration
// (imapflow deadlocks): UIDs are collected first, then each message is handled with its own commands.

import { ImapFlow } from 'imapflow';
import type { Logger } from '../../config/logger.ts';

/** What the poller knows of a message besides its bytes. */
export interface PolledMessage {
  /** The size the server gives (RFC822.SIZE). */
  size: number;
  /** True when only the first bytes were fetched because the message is over `maxBytes`. */
  truncated: boolean;
}

export interface ImapPollerOptions {
  /** `imap://user:password@host:port/INBOX` (or `imaps://`); the path names the mailbox, INBOX by default. */
  url: string;
  /** Stores the raw message durably; must throw when it cannot. */
  accept(raw: Uint8Array, message: PolledMessage): Promise<void>;
  /** Largest message fetched whole; a larger one is fetched up to `headBytes` only. */
  maxBytes?: number;
  /** How much of an oversized message is fetched (its headers, to tell the sender). Default 256 KiB. */
  headBytes?: number;
  log: Logger;
  /** Folder where handled messages go; created if missing. */
  doneFolder?: string;
  /** Fallback poll interval while IDLE. */
  pollMs?: number;
  /** First and longest wait before reconnecting after a failure. */
  backoffMs?: { min: number; max: number };
}

export interface ImapPollerStatus {
  connected: boolean;
  /** Messages accepted and moved to the done folder since start. */
  handled: number;
  failures: number;
  lastError?: string;
}

export interface ImapPoller {
  /** Handles what is in the inbox now (also runs on each IDLE notification and poll tick). */
  pollNow(): Promise<void>;
  status(): ImapPollerStatus;
  close(): Promise<void>;
}

function connectionOptions(url: URL) {
  return {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'imaps:' ? 993 : 143)),
    secure: url.protocol === 'imaps:',
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false as const,
    // A local test or offline server has no certificate worth checking and no STARTTLS.
    ...(url.hostname === '127.0.0.1' || url.hostname === 'localhost' ? { doSTARTTLS: false } : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 10_000,
    socketTimeout: 120_000,
    // IDLE soon after the last command, so a new message is seen within a second, not after 15 s.
    autoIdleDelay: 1000,
  };
}

/** Starts polling; the first connection is made in the background (failures are retried with backoff). */
export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const url = new URL(options.url);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  const doneFolder = options.doneFolder ?? 'repodesk-done';
  const pollMs = options.pollMs ?? 60_000;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const headBytes = options.headBytes ?? 256 * 1024;
  const backoff = options.backoffMs ?? { min: 1000, max: 60_000 };
  const status: ImapPollerStatus = { connected: false, handled: 0, failures: 0 };
  const log = options.log.child({ part: 'imap', mailbox });
  let client: ImapFlow | undefined;
  let running = true;
  let draining: Promise<void> | undefined;
  let again = false;
  let wake: (() => void) | undefined;
  let sleeper: NodeJS.Timeout | undefined;

  async function drain(current: ImapFlow): Promise<void> {
    // Everything still in the inbox is work: handled messages are moved out, so nothing is skipped by a
    // \Seen flag set by a person reading the mailbox, and a message flagged but not moved is taken again.
    const uids = (await current.search({ all: true }, { uid: true })) || [];
    for (const uid of uids) {
      if (!running) return;
      const envelope = await current.fetchOne(String(uid), { size: true }, { uid: true });
      if (!envelope) continue;
      const size = envelope.size ?? 0;
      const truncated = size > maxBytes;
      const message = await current.fetchOne(
        String(uid),
        { source: truncated ? { start: 0, maxLength: headBytes } : true },
        { uid: true },
      );
      if (!message || !message.source) continue;
      await options.accept(new Uint8Array(message.source), { size, truncated });
      await current.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      await current.messageMove(String(uid), doneFolder, { uid: true });
      status.handled += 1;
    }
  }

  function pollNow(): Promise<void> {
    const current = client;
    if (!current || !status.connected) return Promise.resolve();
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          again = false;
          await drain(current);
        } while (again && running);
      } finally {
        draining = undefined;
      }
    })();
    return draining;
  }

  async function session(): Promise<void> {
    const current = new ImapFlow(connectionOptions(url));
    client = current;
    const closed = new Promise<void>((resolve) => current.once('close', () => resolve()));
    current.on('error', (error: Error) => {
      status.lastError = error.message;
      log.warn('imap connection error', { error: error.message });
    });
    await current.connect();
    status.connected = true;
    try {
      const folders = await current.list();
      if (!folders.some((folder) => folder.path === doneFolder)) await current.mailboxCreate(doneFolder);
      await current.mailboxOpen(mailbox);
      current.on('exists', () => {
        pollNow().catch((error: unknown) => failed(current, error));
      });
      log.info('imap connected');
      const ticker = setInterval(() => {
        pollNow().catch((error: unknown) => failed(current, error));
      }, pollMs);
      try {
        pollNow().catch((error: unknown) => failed(current, error));
        await closed;
      } finally {
        clearInterval(ticker);
      }
    } finally {
      status.connected = false;
    }
  }

  function failed(current: ImapFlow, error: unknown): void {
    status.failures += 1;
    status.lastError = error instanceof Error ? error.message : String(error);
    log.warn('imap pass failed; reconnecting', { error: status.lastError });
    // Closing ends the session; the loop reconnects and takes the inbox again from the start.
    current.close();
  }

  const loop = (async () => {
    let delay = backoff.min;
    while (running) {
      const startedAt = Date.now();
      try {
        await session();
      } catch (error) {
        status.failures += 1;
        status.lastError = error instanceof Error ? error.message : String(error);
        log.warn('imap session ended', { error: status.lastError });
      }
      client = undefined;
      if (!running) break;
      // A session that lasted a while was healthy: start the backoff over.
      if (Date.now() - startedAt > backoff.max) delay = backoff.min;
      await new Promise<void>((resolve) => {
        wake = resolve;
        sleeper = setTimeout(resolve, delay);
      });
      delay = Math.min(backoff.max, delay * 2);
    }
  })();

  return {
    pollNow,
    status: () => ({ ...status }),
    async close() {
      running = false;
      if (sleeper) clearTimeout(sleeper);
      wake?.();
      const current = client;
      if (current) {
        await draining?.catch(() => undefined);
        await current.logout().catch(() => current.close());
      }
      await loop;
    },
  };
}
