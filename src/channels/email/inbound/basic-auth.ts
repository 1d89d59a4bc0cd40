// HTTP Basic credentials of inbound mail (INBOUND_EMAIL_BASIC_AUTH), compared in constant time.

import type { MailConfig } from '../../../config/mail-config.ts';
import type { RequestContext } from '../../../http/http-server.ts';
import { sameSecret } from '../../../http/same-secret.ts';
import { unauthorised } from './inbound-provider.ts';

/**
 * Basic auth when configured. Without it, only a program on this machine connecting directly (an MTA pipe,
 * the offline stack's mail catcher) may post raw mail: decided from the socket, never from X-Forwarded-For,
 * and never behind proxies (TRUST_PROXY), where every outside client arrives from a local address.
 */
export function checkBasicAuth(
  context: RequestContext,
  settings: MailConfig,
  allowSameMachineWithoutAuth: boolean,
): void {
  const expected = settings.inboundBasicAuth;
  if (!expected) {
    if (allowSameMachineWithoutAuth && context.sameMachine) return;
    throw unauthorised(
      allowSameMachineWithoutAuth
        ? "set INBOUND_EMAIL_BASIC_AUTH on the bot and send the same credentials; without them only a program on the bot's machine, connecting directly and not through a proxy, may post here"
        : 'set INBOUND_EMAIL_BASIC_AUTH on the bot and the same credentials at the provider',
    );
  }
  const header = context.request.headers.authorization ?? '';
  const encoded = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  const given = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  if (!sameSecret(given, `${expected.user}:${expected.password}`))
    throw unauthorised('wrong or missing credentials');
}
