// POST /api/inbound/sendgrid (basic auth) and /api/inbound/sendgrid/<secret>: SendGrid Inbound Parse in
// raw mode ("POST the raw, full MIME message"), the raw message in the `email` field.

import { HttpError } from '../../../http/http-answer.ts';
import { sameSecret } from '../../../http/same-secret.ts';
import { checkBasicAuth } from './basic-auth.ts';
import { formFieldsOf } from './form-fields.ts';
import { unauthorised, type InboundProvider } from './inbound-provider.ts';

export const sendgrid: InboundProvider = {
  path: '/api/inbound/sendgrid/:secret?',
  authenticate(context, settings) {
    const given = context.params.secret;
    if (given === undefined) return checkBasicAuth(context, settings, false);
    const secret = settings.sendgridPathSecret;
    if (!secret || !sameSecret(given, secret)) throw unauthorised('wrong path secret');
  },
  async rawMessage(context, body) {
    // The raw message as the bytes SendGrid sent: an 8-bit ISO-8859-1 mail keeps its accents.
    const raw = formFieldsOf(context, body).get('email');
    if (!raw || raw.byteLength === 0) {
      throw new HttpError(400, {
        error:
          'no "email" field: turn on "POST the raw, full MIME message" in the SendGrid Inbound Parse settings',
      });
    }
    return raw;
  },
};
