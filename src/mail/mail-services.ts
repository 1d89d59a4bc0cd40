// What the mail routes and jobs share, built once per bot from its services: the mail tables, the SMTP
// mailer, the email templates and the secrets. Kept next to the bot's services (one per bot, found by
// the services object), so the bot's own files only gain one line per route list and job list.

import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { BotServices } from '../context.ts';
import { loadEmailTemplates, type EmailTemplates } from '../rules/email-templates.ts';
import { loadMailConfig, type MailConfig } from '../config/mail-config.ts';
import { openMailStore, type MailStore } from '../store/mail-store.ts';
import { createSmtpMailer, type Mailer } from '../mailer/mailer.ts';

export interface MailServices {
  config: MailConfig;
  mailStore: MailStore;
  /** Undefined when SMTP_URL is not set: outgoing mail then waits in the outbox. */
  mailer?: Mailer;
  templates: EmailTemplates;
  /** Signs thread tokens and Message-IDs. */
  threadSecret: string;
  /** Signs attachment links. */
  fileSecret: string;
  /** Our domain, right of the @ in Message-IDs. */
  domain: string;
}

const built = new WeakMap<BotServices, MailServices>();

function derive(secret: Buffer, purpose: string): string {
  return createHmac('sha256', secret).update(`repodesk:${purpose}`).digest('hex');
}

/** Replaces the mailer (tests point it at their SMTP sink; `npm start` at the mail catcher). */
export function setMailer(services: BotServices, mailer: Mailer): void {
  mailServicesFor(services).mailer = mailer;
}

/** The mail services of a bot, built on first use. */
export function mailServicesFor(services: BotServices, env: NodeJS.ProcessEnv = process.env): MailServices {
  const existing = built.get(services);
  if (existing) return existing;
  const { config, errors } = loadMailConfig(env);
  for (const error of errors) services.log.error('mail setting ignored', { error });
  const { templates, problems } = loadEmailTemplates(
    path.join(services.config.root, 'rules'),
    services.config.root,
  );
  for (const problem of problems)
    services.log.error('email template problem', {
      file: problem.file,
      line: problem.line,
      message: problem.message,
    });
  const address = services.rules.current.desk.mail.address;
  const mail: MailServices = {
    config,
    mailStore: openMailStore(services.store),
    templates,
    threadSecret: derive(services.statusSecret, 'mail-thread'),
    fileSecret: derive(services.statusSecret, 'mail-files'),
    domain: address.slice(address.lastIndexOf('@') + 1),
  };
  if (services.config.smtpUrl)
    mail.mailer = createSmtpMailer({ url: services.config.smtpUrl, timeoutMs: config.smtpTimeoutMs });
  built.set(services, mail);
  return mail;
}
