// The offline stack's mail catcher: a real SMTP server on 127.0.0.1 that keeps every message the bot sends
// (as .eml files in DATA_DIR/mail-catcher), a small page to read them, and a form to answer one as the
// customer, which posts the answer as a raw RFC 5322 message to the bot's POST /api/inbound/email, so the
// whole loop (mail in, ticket, agent reply, customer answer) can be tried without any mail provider.
// Everything shown is escaped text: the HTML part of a message is never rendered.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import MailComposer from 'nodemailer/lib/mail-composer';
import { escapeHtml } from '../mail/compose.ts';
import { parseMessage, type ParsedMail } from '../mail/parse-message.ts';

export interface MailCatcherOptions {
  /** The catcher keeps its messages in `dataDir/mail-catcher`. */
  dataDir: string;
  /** Base URL of the bot, for answers (`${botUrl}/api/inbound/email`). */
  botUrl: string;
  /** `user:password` when the bot requires basic auth on inbound mail. */
  inboundAuth?: string;
  /** 0 (default) picks free ports. */
  smtpPort?: number;
  webPort?: number;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: give it to the bot as SMTP_URL. */
  smtpUrl: string;
  /** The page listing caught messages. */
  webUrl: string;
  close(): Promise<void>;
}

const storedName = /^\d{13}-[0-9a-f]{8}\.eml$/;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:.8rem}textarea{width:100%;min-height:8rem}.note{color:#555}</style></head><body>${body}</body></html>`;
}

function addressList(addresses: { name: string; address: string }[]): string {
  return addresses
    .map((entry) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address))
    .join(', ');
}

/** Starts the SMTP server and the web page; resolves once both listen. */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const dir = path.join(options.dataDir, 'mail-catcher');
  fs.mkdirSync(dir, { recursive: true });
  const formToken = randomBytes(16).toString('hex');
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 30 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const name = `${Date.now()}-${randomBytes(4).toString('hex')}.eml`;
        try {
          fs.writeFileSync(path.join(dir, name), Buffer.concat(chunks));
          callback();
        } catch (error) {
          const failure = new Error('cannot store the message') as Error & { responseCode: number };
          failure.responseCode = 451;
          failure.cause = error;
          callback(failure);
        }
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(options.smtpPort ?? 0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  async function read(name: string): Promise<ParsedMail | undefined> {
    if (!storedName.test(name)) return undefined;
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) return undefined;
    const result = await parseMessage(fs.readFileSync(file));
    return result.ok ? result.mail : undefined;
  }

  async function listPage(notice: string): Promise<string> {
    const names = fs
      .readdirSync(dir)
      .filter((name) => storedName.test(name))
      .sort()
      .reverse();
    const rows: string[] = [];
    for (const name of names.slice(0, 200)) {
      const mail = await read(name);
      if (!mail) continue;
      rows.push(
        `<tr><td>${escapeHtml(new Date(Number(name.slice(0, 13))).toISOString().replace('T', ' ').slice(0, 19))}</td><td>${escapeHtml(addressList(mail.to))}</td><td><a href="/messages/${name}">${escapeHtml(mail.subject || '(sans objet)')}</a></td></tr>`,
      );
    }
    const table =
      rows.length === 0
        ? '<p>Aucun message pour le moment. / No message yet.</p>'
        : `<table><thead><tr><th>Reçu / Received</th><th>À / To</th><th>Objet / Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    return page(
      'Mail catcher',
      `<h1>Courriels envoyés par le bot / Mail sent by the bot</h1>${notice ? `<p role="status">${escapeHtml(notice)}</p>` : ''}${table}`,
    );
  }

  async function messagePage(name: string, mail: ParsedMail): Promise<string> {
    const header = [
      ['De / From', mail.from ? addressList([mail.from]) : ''],
      ['À / To', addressList(mail.to)],
      ['Cc', addressList(mail.cc)],
      ['Répondre à / Reply-To', addressList(mail.replyTo)],
      ['Objet / Subject', mail.subject],
      ['Message-ID', mail.messageId ?? ''],
    ]
      .filter(([, value]) => value !== '')
      .map(
        ([label, value]) => `<tr><th>${escapeHtml(label ?? '')}</th><td>${escapeHtml(value ?? '')}</td></tr>`,
      )
      .join('');
    const htmlNote = mail.html
      ? '<p class="note">Partie HTML présente, non affichée ici. / HTML part present, not shown here.</p>'
      : '';
    return page(
      mail.subject,
      `<p><a href="/">← Tous les messages / All messages</a></p><table>${header}</table><pre>${escapeHtml(mail.text)}</pre>${htmlNote}
<h2>Répondre comme le client / Answer as the customer</h2>
<form method="post" action="/messages/${name}/reply"><input type="hidden" name="token" value="${formToken}"><label for="answer">Votre réponse / Your answer</label><textarea id="answer" name="answer" required></textarea><p><button type="submit">Envoyer au bot / Send to the bot</button></p></form>`,
    );
  }

  async function answer(name: string, mail: ParsedMail, text: string): Promise<string> {
    const customer = mail.to[0];
    const target = mail.replyTo[0] ?? mail.from;
    if (!customer || !target)
      return 'Message sans destinataire : impossible de répondre. / Message without recipient: cannot answer.';
    const references = [...mail.references, ...(mail.messageId ? [mail.messageId] : [])];
    const quoted = mail.text
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    const raw = await new MailComposer({
      from: customer,
      to: target,
      subject: /^re:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`,
      messageId: `<catcher-${randomBytes(8).toString('hex')}@customer.localhost>`,
      ...(mail.messageId ? { inReplyTo: `<${mail.messageId}>` } : {}),
      ...(references.length > 0 ? { references: references.map((id) => `<${id}>`) } : {}),
      text: `${text}\n\n${mail.from?.name || mail.from?.address || ''} wrote:\n${quoted}\n`,
    })
      .compile()
      .build();
    const headers: Record<string, string> = { 'content-type': 'message/rfc822' };
    if (options.inboundAuth)
      headers.authorization = `Basic ${Buffer.from(options.inboundAuth).toString('base64')}`;
    try {
      const response = await fetch(`${options.botUrl}/api/inbound/email`, {
        method: 'POST',
        headers,
        body: new Uint8Array(raw),
      });
      return response.ok
        ? `Réponse envoyée au bot (${name}). / Answer sent to the bot.`
        : `Le bot a répondu ${response.status}. / The bot answered ${response.status}.`;
    } catch {
      return 'Le bot est injoignable. / The bot cannot be reached.';
    }
  }

  const web = http.createServer((request, response) => {
    const send = (status: number, html: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        ...extra,
      });
      response.end(html);
    };
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://catcher.invalid');
      const parts = url.pathname.split('/').filter(Boolean);
      if (request.method === 'GET' && parts.length === 0)
        return send(200, await listPage(url.searchParams.get('notice') ?? ''));
      const name = parts[1] ?? '';
      if (parts[0] !== 'messages' || !storedName.test(name))
        return send(404, page('404', '<p>Introuvable. / Not found.</p>'));
      const mail = await read(name);
      if (!mail) return send(404, page('404', '<p>Introuvable. / Not found.</p>'));
      if (request.method === 'GET' && parts.length === 2) return send(200, await messagePage(name, mail));
      if (request.method === 'POST' && parts.length === 3 && parts[2] === 'reply') {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of request) {
          size += (chunk as Buffer).length;
          if (size > 256 * 1024)
            return send(413, page('413', '<p>Réponse trop longue. / Answer too long.</p>'));
          chunks.push(chunk as Buffer);
        }
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('token') !== formToken)
          return send(400, page('400', '<p>Formulaire expiré. / Form expired.</p>'));
        const notice = await answer(name, mail, form.get('answer') ?? '');
        return send(303, '', { location: `/?notice=${encodeURIComponent(notice)}` });
      }
      return send(405, page('405', '<p>Méthode non permise. / Method not allowed.</p>'));
    })().catch(() => send(500, page('500', '<p>Erreur interne. / Internal error.</p>')));
  });
  await new Promise<void>((resolve) => web.listen(options.webPort ?? 0, '127.0.0.1', resolve));
  const webPort = (web.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
