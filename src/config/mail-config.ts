// The mail channel's settings from the environment: inbound credentials per provider, and the limits.
// Read once when the bot starts; a malformed value is an error naming the variable and the fix.

import { defaultAttachmentLimits, type AttachmentLimits } from '../mail/attachments.ts';
import { defaultParseLimits, type ParseLimits } from '../mail/parse-message.ts';

export interface MailConfig {
  /** `user:password` required by /api/inbound/email, /api/inbound/postmark and /api/inbound/mailjet (and SendGrid unless a path secret is set). */
  inboundBasicAuth?: { user: string; password: string };
  /** Secret last segment of /api/inbound/sendgrid/<secret>. */
  sendgridPathSecret?: string;
  /** Mailgun's HTTP webhook signing key. */
  mailgunSigningKey?: string;
  parseLimits: ParseLimits;
  attachmentLimits: AttachmentLimits;
  /** Total size of form uploads no request has named yet: past it, uploads get 503 until some are sent or expire. */
  unattachedUploadsMaxBytes: number;
  /** How long a signed attachment link stays valid, in seconds. */
  attachmentLinkSeconds: number;
  /** How long the SMTP server may take to connect, greet or answer before the send is retried later. */
  smtpTimeoutMs: number;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, errors: string[]): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    errors.push(`${name}: expected a whole number above 0, found "${text}"; for example ${name}=${fallback}`);
    return fallback;
  }
  return value;
}

/** Reads the mail settings from `env`. */
export function loadMailConfig(env: NodeJS.ProcessEnv): { config: MailConfig; errors: string[] } {
  const errors: string[] = [];
  let inboundBasicAuth: MailConfig['inboundBasicAuth'];
  const basic = env.INBOUND_EMAIL_BASIC_AUTH ?? '';
  if (basic !== '') {
    const colon = basic.indexOf(':');
    if (colon <= 0 || colon === basic.length - 1) {
      errors.push(
        'INBOUND_EMAIL_BASIC_AUTH: expected "user:password"; set the credentials your mail provider or MTA sends',
      );
    } else {
      inboundBasicAuth = { user: basic.slice(0, colon), password: basic.slice(colon + 1) };
    }
  }
  const config: MailConfig = {
    parseLimits: {
      ...defaultParseLimits,
      maxBytes: positiveInteger(env, 'MAIL_MAX_BYTES', defaultParseLimits.maxBytes, errors),
    },
    attachmentLimits: {
      maxFileBytes: positiveInteger(
        env,
        'MAIL_ATTACHMENT_MAX_BYTES',
        defaultAttachmentLimits.maxFileBytes,
        errors,
      ),
      maxFiles: positiveInteger(env, 'MAIL_ATTACHMENT_MAX_FILES', defaultAttachmentLimits.maxFiles, errors),
    },
    unattachedUploadsMaxBytes: positiveInteger(env, 'FORM_UPLOADS_MAX_BYTES', 1024 * 1024 * 1024, errors),
    attachmentLinkSeconds: positiveInteger(env, 'MAIL_ATTACHMENT_LINK_DAYS', 90, errors) * 24 * 60 * 60,
    smtpTimeoutMs: positiveInteger(env, 'MAIL_SMTP_TIMEOUT_MS', 15_000, errors),
  };
  if (inboundBasicAuth) config.inboundBasicAuth = inboundBasicAuth;
  if (env.SENDGRID_INBOUND_SECRET) config.sendgridPathSecret = env.SENDGRID_INBOUND_SECRET;
  if (env.MAILGUN_SIGNING_KEY) config.mailgunSigningKey = env.MAILGUN_SIGNING_KEY;
  return { config, errors };
}

/** The inbound credentials in `config`, for the logger to mask wherever they would appear. */
export function mailConfigSecrets(config: MailConfig): string[] {
  const secrets: string[] = [];
  if (config.inboundBasicAuth) {
    const { user, password } = config.inboundBasicAuth;
    // The password, and the Authorization header value carrying it.
    secrets.push(password, Buffer.from(`${user}:${password}`).toString('base64'));
  }
  if (config.sendgridPathSecret !== undefined) secrets.push(config.sendgridPathSecret);
  if (config.mailgunSigningKey !== undefined) secrets.push(config.mailgunSigningKey);
  return secrets;
}
