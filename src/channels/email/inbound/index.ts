// The inbound mail providers, keyed by the source name each stored message keeps. A new provider: one
// file with its { path, authenticate, rawMessage }, one line here.

import type { InboundProvider } from './inbound-provider.ts';
import { mailgun } from './mailgun.ts';
import { mailjet } from './mailjet.ts';
import { postmark } from './postmark.ts';
import { raw } from './raw.ts';
import { sendgrid } from './sendgrid.ts';

export const inboundProviders = {
  rfc822: raw,
  postmark,
  sendgrid,
  mailgun,
  mailjet,
} satisfies Record<string, InboundProvider>;

/** The source name of a provider's messages. */
export type InboundProviderName = keyof typeof inboundProviders;
