// A real SMTP server (smtp-server) on 127.0.0.1 that keeps every message it accepts, and can misbehave the
// way real servers do: answer 451 to the next messages after reading them, refuse a recipient for good
// (550 5.1.1 at RCPT TO), or accept a connection and never greet it (a server that hangs).

import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface SinkMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
}

export interface SmtpSink {
  url: string;
  messages: SinkMessage[];
  /** Messages read in full and then answered with a 4xx (what a retry must send again, unchanged). */
  refused: SinkMessage[];
  /** Answer `451 try again later` to the next `count` messages after reading them. */
  failNext(count: number): void;
  /** Refuse `address` at RCPT TO with `550 5.1.1 … User unknown` from now on. */
  rejectRecipient(address: string): void;
  /** Every RCPT TO refused so far (one entry per attempt to write to a refused address). */
  refusedRecipients: string[];
  /** Accept the next `count` connections but never send the greeting. */
  stallNext(count: number): void;
  /** Connections accepted so far (stalled ones included). */
  connections(): number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** `auth`: the server requires this login (AUTH PLAIN/LOGIN) before accepting mail, as a real relay does. */
export async function startSmtpSink(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const refused: SinkMessage[] = [];
  const rejected = new Set<string>();
  const refusedRecipients: string[] = [];
  let failures = 0;
  let stalls = 0;
  let connections = 0;
  const required = options.auth;
  const server = new SMTPServer({
    authOptional: required === undefined,
    // Without TLS a real server refuses AUTH; a local test sink allows it.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (required && auth.username === required.user && auth.password === required.pass)
        return callback(null, { user: auth.username });
      callback(smtpError('5.7.8 Authentication credentials invalid', 535));
    },
    onConnect(_session, callback) {
      connections += 1;
      if (stalls > 0) {
        stalls -= 1;
        // Never answered: the client sees an open connection that says nothing.
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        refusedRecipients.push(address.address.toLowerCase());
        callback(smtpError(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`, 550));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message: SinkMessage = {
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        };
        if (failures > 0) {
          failures -= 1;
          refused.push(message);
          callback(smtpError('try again later', 451));
          return;
        }
        messages.push(message);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: required
      ? `smtp://${encodeURIComponent(required.user)}:${encodeURIComponent(required.pass)}@127.0.0.1:${port}`
      : `smtp://127.0.0.1:${port}`,
    messages,
    refused,
    failNext(count) {
      failures = count;
    },
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    refusedRecipients,
    stallNext(count) {
      stalls = count;
    },
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
