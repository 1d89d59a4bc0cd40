// An inbound mail provider: where it posts, how a post is known to be its own, and where the raw message
// is in it. Every provider ends the same way (../inbound-route.ts): the raw RFC 5322 bytes are stored
// durably before any 2xx, 503 when they cannot be (the provider retries), 401 for bad credentials, never
// 403/406 (providers stop retrying on those). A new provider: one file here, one line in index.ts.

import type { MailConfig } from '../../../config/mail-config.ts';
import { HttpError } from '../../../http/http-answer.ts';
import type { RequestContext } from '../../../http/http-server.ts';

export interface InboundProvider {
  /** Where the provider posts; a last segment `:name?` may be absent (a secret in the path). */
  path: string;
  /**
   * Refuses, before the body is read, what this provider never sends: missing or wrong credentials (401,
   * `unauthorised`), another content type (415).
   */
  authenticate(context: RequestContext, settings: MailConfig): void;
  /** The raw message the post carries, its bytes as sent; 400 when it has none, 401 for a bad signature. */
  rawMessage(context: RequestContext, body: Buffer, settings: MailConfig): Promise<Uint8Array>;
}

/** The 401 a provider's post gets for missing or wrong credentials, with the fix in `detail`. */
export function unauthorised(detail: string): HttpError {
  return new HttpError(
    401,
    { error: `unauthorised: ${detail}` },
    { 'www-authenticate': 'Basic realm="repodesk inbound mail"' },
  );
}

/** The media type of the post, lower-cased, without parameters. */
export function mediaType(context: RequestContext): string {
  return (context.request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
