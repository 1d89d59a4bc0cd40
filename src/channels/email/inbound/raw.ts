// POST /api/inbound/email: a raw `message/rfc822` body, from an MTA pipe or relay (or the offline stack's
// mail catcher). Basic auth when configured; without it, only a program on this machine.

import { HttpError } from '../../../http/http-answer.ts';
import { checkBasicAuth } from './basic-auth.ts';
import { mediaType, type InboundProvider } from './inbound-provider.ts';

export const raw: InboundProvider = {
  path: '/api/inbound/email',
  authenticate(context, settings) {
    checkBasicAuth(context, settings, true);
    if (mediaType(context) !== 'message/rfc822') {
      throw new HttpError(415, {
        error: `unsupported content type "${mediaType(context)}": send the raw message as message/rfc822`,
      });
    }
  },
  async rawMessage(_context, body) {
    if (body.byteLength === 0)
      throw new HttpError(400, { error: 'empty body: expected a raw RFC 5322 message' });
    return body;
  },
};
